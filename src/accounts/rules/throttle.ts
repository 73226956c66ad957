import { deriveKey, keyedHash } from './keyed-hash.ts';

/**
 * Per-account limits (sign-in failures, code checks, reset requests) as pure sliding-window rules.
 * To reveal nothing about which emails are registered, limits are keyed by a keyed hash of the
 * normalised email, never by whether an account exists: an unknown email is throttled exactly like a
 * known one. Each attempt is recorded before it is evaluated (see reservation()), so that concurrent
 * attempts never get more evaluations than a limit allows.
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

/**
 * The longer-term back-off per email (24 h): after this many failures in a day the email stays locked
 * until the oldest of them is a day old, whatever the short windows say. Bounded: never longer than
 * a day after the failures stop, and a completed password reset clears the sign-in failures.
 */
export const DAILY_LIMITS: Readonly<Partial<Record<ThrottleKind, WindowLimit>>> = {
  'sign-in': { max: 50, windowSeconds: 86_400 },
  'code-check': { max: 60, windowSeconds: 86_400 },
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

/** What one recorded attempt means for one limit. */
export type ReservationOutcome =
  | { readonly kind: 'limited'; readonly retryAfterSeconds: number }
  /** `last`: this attempt took the last slot: if it fails, the key is locked for `lockSeconds`. */
  | { readonly kind: 'ok'; readonly last: boolean; readonly lockSeconds: number };

/**
 * Judges an attempt already recorded at `own` (its row is among `times`, which were read after it
 * was written). Allowed when at most `limit.max` attempts, this one included, are in the window: two
 * concurrent attempts each see the other's row, so no more than `max` are ever allowed.
 */
export function reservation(
  times: readonly Date[],
  own: Date,
  now: Date,
  limit: WindowLimit,
): ReservationOutcome {
  // A concurrent attempt may carry a slightly later clock reading: it counts all the same.
  const others = times.map((d) => (d.getTime() > now.getTime() ? now : d));
  const index = others.findIndex((d) => d.getTime() === own.getTime());
  if (index >= 0) others.splice(index, 1);
  const before = checkWindow(others, now, limit);
  if (before.kind === 'limited') return before;
  const after = checkWindow([...others, own], now, limit);
  return after.kind === 'limited'
    ? { kind: 'ok', last: true, lockSeconds: after.retryAfterSeconds }
    : { kind: 'ok', last: false, lockSeconds: 0 };
}
