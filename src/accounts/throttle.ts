import { deriveKey, keyedHash } from './keyed-hash.ts';

/**
 * Per-account limits (sign-in failures, code checks, reset requests) as pure sliding-window rules.
 * To reveal nothing about which emails are registered, limits are keyed by a keyed hash of the
 * normalised email, never by whether an account exists: an unknown email is throttled exactly like a
 * known one. Per-IP limits belong to the web layer (@fastify/rate-limit).
 */

export interface WindowLimit {
  /** Events allowed within the window. */
  readonly max: number;
  readonly windowSeconds: number;
}

export type ThrottleKind = 'sign-in' | 'code-check' | 'password-reset' | 'resend' | 'register';

/** Defaults; the code rules themselves (5 tries per code, 60 s, 5 sends an hour) are in codes.ts. */
export const DEFAULT_LIMITS: Readonly<Record<ThrottleKind, WindowLimit>> = {
  // 10 failed sign-ins per 15 minutes for one email, whatever the IP.
  'sign-in': { max: 10, windowSeconds: 15 * 60 },
  // Across successive codes: at most 20 wrong codes an hour.
  'code-check': { max: 20, windowSeconds: 3600 },
  // Reset requests for one email (each may send a code).
  'password-reset': { max: 5, windowSeconds: 3600 },
  resend: { max: 5, windowSeconds: 3600 },
  // Registrations (each sends a mail) for one email.
  register: { max: 5, windowSeconds: 3600 },
};

export type ThrottleOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'limited'; readonly retryAfterSeconds: number };

/** May one more event happen at `now`, given the times of earlier ones? */
export function checkWindow(times: readonly Date[], now: Date, limit: WindowLimit): ThrottleOutcome {
  const nowMs = now.getTime();
  const start = nowMs - limit.windowSeconds * 1000;
  const recent = times
    .map((d) => d.getTime())
    .filter((t) => t > start && t <= nowMs)
    .sort((a, b) => a - b);
  if (recent.length < limit.max) return { kind: 'ok' };
  const freesAt = recent[recent.length - limit.max]! + limit.windowSeconds * 1000;
  return { kind: 'limited', retryAfterSeconds: Math.max(1, Math.ceil((freesAt - nowMs) / 1000)) };
}

/**
 * The key under which an email's attempts are counted: HMAC of the normalised email under a key
 * derived from SECRET, so the throttle table holds no email addresses.
 */
export function throttleKey(
  secret: string | Uint8Array,
  kind: ThrottleKind,
  normalisedEmail: string,
): string {
  return keyedHash(deriveKey(secret, 'throttle', kind), normalisedEmail);
}
