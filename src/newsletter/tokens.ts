/**
 * The newsletter's link tokens, with node:crypto only. Confirmation: 32 random bytes in the link, their
 * SHA-256 in the database (a database leak confirms nothing). Unsubscribe (RFC 8058 one-click): the
 * subscriber's (or saved search's) id signed with HMAC-SHA256 under the portal's secret, so a link
 * works without a session or a stored token and cannot be forged for another id.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function newConfirmToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function isTokenShaped(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(token);
}

/** s: a newsletter subscriber; a: a saved search's alert. */
export type UnsubscribeKind = 's' | 'a';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function signature(secret: string, kind: UnsubscribeKind, id: string): string {
  return createHmac('sha256', secret).update(`newsletter-unsubscribe:${kind}:${id}`).digest('base64url');
}

export function unsubscribeToken(secret: string, kind: UnsubscribeKind, id: string): string {
  return `${kind}.${id}.${signature(secret, kind, id)}`;
}

export function readUnsubscribeToken(
  secret: string,
  token: unknown,
): { kind: UnsubscribeKind; id: string } | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const [kind, id, sig, ...rest] = token.split('.');
  if (rest.length > 0 || (kind !== 's' && kind !== 'a') || !id || !UUID.test(id) || !sig) return null;
  const expected = Buffer.from(signature(secret, kind, id));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { kind, id };
}
