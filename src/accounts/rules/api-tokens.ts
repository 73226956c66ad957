/**
 * API tokens, the pure part: the token format (`bp_` + 256 random bits in base64url), what is stored
 * (its SHA-256, like session ids), the `Authorization: Bearer` header, the name rule, the per-user
 * limit and how often `last_used_at` is written.
 */
import { randomBytes } from 'node:crypto';
import { tokenDigest } from './sessions.ts';

/** Makes a leaked token recognisable (secret scanners, logs) and tells it from a session cookie. */
export const API_TOKEN_PREFIX = 'bp_';
const API_TOKEN_PATTERN = /^bp_[A-Za-z0-9_-]{43}$/;
/** Characters of the token kept in clear to tell tokens apart: `bp_` and 6 random ones (36 bits). */
const DISPLAY_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 6;

/** Active (not revoked) tokens a user may have at once. */
export const MAX_ACTIVE_API_TOKENS = 10;
export const API_TOKEN_NAME_MAX = 80;
/** `last_used_at` is written at most this often per token: no database write on every request. */
export const LAST_USED_EVERY_MS = 60 * 1000;

export interface NewApiToken {
  /** Shown once to its owner, never stored. */
  readonly token: string;
  readonly hash: string;
  readonly prefix: string;
}

export function createApiToken(): NewApiToken {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: tokenDigest(token), prefix: token.slice(0, DISPLAY_PREFIX_LENGTH) };
}

/** The stored hash for a presented token, or null when it cannot be one of ours. */
export function apiTokenHash(token: string): string | null {
  return API_TOKEN_PATTERN.test(token) ? tokenDigest(token) : null;
}

export type BearerCredential =
  /** No Authorization header, or another scheme (e.g. Basic from a proxy): not ours to judge. */
  | { readonly kind: 'none' }
  /** `Bearer` with something that is not one of our tokens. */
  | { readonly kind: 'malformed' }
  | { readonly kind: 'token'; readonly hash: string };

/** Reads `Authorization: Bearer <token>` (scheme case-insensitive, RFC 7235). */
export function parseBearer(header: string | undefined): BearerCredential {
  const match = /^bearer(?:\s+(.*))?$/is.exec(header?.trim() ?? '');
  if (!match) return { kind: 'none' };
  const hash = apiTokenHash((match[1] ?? '').trim());
  return hash ? { kind: 'token', hash } : { kind: 'malformed' };
}

export type TokenNameError = 'required' | 'tooLong' | 'invalid';
export type TokenNameResult =
  | { readonly ok: true; readonly name: string }
  | { readonly ok: false; readonly error: TokenNameError };

/** A token's name: trimmed, 1 to 80 characters, no control characters. */
export function parseTokenName(input: unknown): TokenNameResult {
  const name = typeof input === 'string' ? input.trim() : '';
  if (name === '') return { ok: false, error: 'required' };
  if ([...name].length > API_TOKEN_NAME_MAX) return { ok: false, error: 'tooLong' };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) return { ok: false, error: 'invalid' };
  return { ok: true, name };
}

/** Is a write of `last_used_at` due at `now`? */
export function lastUsedDue(lastUsedAt: Date | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= LAST_USED_EVERY_MS;
}
