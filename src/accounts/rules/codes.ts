import { randomInt } from 'node:crypto';
import { deriveKey, keyedHash, keyedHashMatches } from './keyed-hash.ts';

/**
 * Emailed 6-digit codes (email verification, password reset): generation, keyed hashing and the
 * rules (expiry, wrong tries, resend cooldown and hourly cap) as pure functions over stored records.
 * The caller persists what these functions return; nothing here does I/O or reads the clock.
 */

export type CodePurpose = 'verify-email' | 'reset-password';
export const CODE_PURPOSES: readonly CodePurpose[] = ['verify-email', 'reset-password'];

export interface CodePolicy {
  /** How long a code stays valid, in seconds. */
  readonly ttlSeconds: number;
  /** Wrong tries a code allows; the last one kills it. */
  readonly maxAttempts: number;
  /** Minimum seconds between two sends for one account. */
  readonly resendCooldownSeconds: number;
  /** Sends allowed in any sliding window of capWindowSeconds. */
  readonly maxSendsPerWindow: number;
  readonly capWindowSeconds: number;
}

export const DEFAULT_CODE_POLICY: CodePolicy = {
  ttlSeconds: 30 * 60,
  maxAttempts: 5,
  resendCooldownSeconds: 60,
  maxSendsPerWindow: 5,
  capWindowSeconds: 60 * 60,
};

/** The one live code of an account for a purpose (a new code replaces the row). */
export interface StoredCode {
  readonly purpose: CodePurpose;
  /** HMAC-SHA256 (hex) of the code under deriveKey(secret, purpose, accountId). */
  readonly codeHash: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly failedAttempts: number;
  /** Set once the code has been used successfully; a consumed code is gone. */
  readonly consumedAt: Date | null;
}

export interface CodeContext {
  readonly secret: string | Uint8Array;
  readonly accountId: string;
  readonly now: () => Date;
  readonly policy?: CodePolicy;
}

/** A uniformly random 6-digit code, leading zeros kept. */
export function generateCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

export function hashCode(
  secret: string | Uint8Array,
  purpose: CodePurpose,
  accountId: string,
  code: string,
): string {
  return keyedHash(deriveKey(secret, purpose, accountId), code);
}

/** Make a new code: the plain code goes into the email, the record into the database (replacing any). */
export function issueCode(purpose: CodePurpose, ctx: CodeContext): { code: string; record: StoredCode } {
  const policy = ctx.policy ?? DEFAULT_CODE_POLICY;
  const code = generateCode();
  const createdAt = ctx.now();
  return {
    code,
    record: {
      purpose,
      codeHash: hashCode(ctx.secret, purpose, ctx.accountId, code),
      createdAt,
      expiresAt: new Date(createdAt.getTime() + policy.ttlSeconds * 1000),
      failedAttempts: 0,
      consumedAt: null,
    },
  };
}

/** Users paste codes with spaces or dashes ("123 456"); keep the digits only when that is all there is. */
export function normaliseSubmittedCode(input: string): string {
  return input.normalize('NFKC').replace(/[\s-]/g, '');
}

export type CheckOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'wrong'; readonly attemptsLeft: number }
  | { readonly kind: 'expired' }
  | { readonly kind: 'exhausted' }
  | { readonly kind: 'none' };

/**
 * Check a submitted code. `record` is what the caller must store afterwards (attempt counted, or code
 * consumed); null when nothing changes. Callers must apply the attempt increment atomically
 * (UPDATE … SET failed_attempts = failed_attempts + 1 WHERE failed_attempts < max) so that parallel
 * guesses cannot exceed the limit.
 */
export function checkCode(
  stored: StoredCode | null | undefined,
  submitted: string,
  ctx: CodeContext,
): { outcome: CheckOutcome; record: StoredCode | null } {
  const policy = ctx.policy ?? DEFAULT_CODE_POLICY;
  if (!stored || stored.consumedAt !== null) return { outcome: { kind: 'none' }, record: null };
  const now = ctx.now();
  if (now.getTime() >= stored.expiresAt.getTime()) return { outcome: { kind: 'expired' }, record: null };
  if (stored.failedAttempts >= policy.maxAttempts) return { outcome: { kind: 'exhausted' }, record: null };

  const code = normaliseSubmittedCode(submitted);
  const key = deriveKey(ctx.secret, stored.purpose, ctx.accountId);
  // Always compute and compare, even for malformed input, so that timing says nothing.
  const matches = keyedHashMatches(key, code, stored.codeHash) && /^\d{6}$/.test(code);
  if (matches) return { outcome: { kind: 'ok' }, record: { ...stored, consumedAt: now } };

  const failedAttempts = stored.failedAttempts + 1;
  const record = { ...stored, failedAttempts };
  if (failedAttempts >= policy.maxAttempts) return { outcome: { kind: 'exhausted' }, record };
  return { outcome: { kind: 'wrong', attemptsLeft: policy.maxAttempts - failedAttempts }, record };
}

export type SendOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'cooldown'; readonly retryAfterSeconds: number }
  | { readonly kind: 'capped'; readonly retryAfterSeconds: number };

/**
 * May a code be sent now? `sentAt` are the times of earlier sends for the account (any order; only
 * the last capWindowSeconds matter). The first code of a registration counts as a send.
 */
export function canSendCode(
  sentAt: readonly Date[],
  now: Date,
  policy: CodePolicy = DEFAULT_CODE_POLICY,
): SendOutcome {
  const nowMs = now.getTime();
  const windowStart = nowMs - policy.capWindowSeconds * 1000;
  const recent = sentAt
    .map((d) => d.getTime())
    .filter((t) => t > windowStart && t <= nowMs)
    .sort((a, b) => a - b);
  if (recent.length >= policy.maxSendsPerWindow) {
    // The window frees a slot when the oldest send counted in the cap leaves it.
    const oldest = recent[recent.length - policy.maxSendsPerWindow]!;
    const wait = oldest + policy.capWindowSeconds * 1000 - nowMs;
    return { kind: 'capped', retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
  }
  const last = recent[recent.length - 1];
  if (last !== undefined) {
    const wait = last + policy.resendCooldownSeconds * 1000 - nowMs;
    if (wait > 0) return { kind: 'cooldown', retryAfterSeconds: Math.ceil(wait / 1000) };
  }
  return { kind: 'ok' };
}

/** The send history to store after sending at `now`: older entries than the cap window are dropped. */
export function recordSend(
  sentAt: readonly Date[],
  now: Date,
  policy: CodePolicy = DEFAULT_CODE_POLICY,
): Date[] {
  const windowStart = now.getTime() - policy.capWindowSeconds * 1000;
  return [...sentAt.filter((d) => d.getTime() > windowStart), now].sort((a, b) => a.getTime() - b.getTime());
}
