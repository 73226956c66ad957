import { createHash, randomBytes } from 'node:crypto';

/**
 * Server-side sessions: the cookie carries a random token, the database keeps only its SHA-256 (so a
 * leaked table gives no usable cookie). Expiry is both idle (sliding) and absolute. Pure rules over
 * times given by the caller; the flows persist what these return.
 */

export interface SessionPolicy {
  /** A session unused for this long ends. */
  readonly idleSeconds: number;
  /** A session ends this long after sign-in, used or not. */
  readonly absoluteSeconds: number;
  /** Write last_seen_at at most this often (avoid a database write on every request). */
  readonly touchEverySeconds: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleSeconds: 3 * 24 * 3600,
  absoluteSeconds: 30 * 24 * 3600,
  touchEverySeconds: 5 * 60,
};

export interface SessionTimes {
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly idleExpiresAt: Date;
  readonly expiresAt: Date;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new token for the cookie (256 random bits, base64url) and the id to store. */
export function createSessionToken(): { token: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: sessionIdFromToken(token)! };
}

/** The stored id for a cookie value, or null when the value cannot be one of our tokens. */
export function sessionIdFromToken(token: unknown): string | null {
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
  return tokenDigest(token);
}

/**
 * What is stored for a random bearer secret (session cookie, API token): its SHA-256 in hex. A plain
 * hash is enough for 256 random bits (no dictionary to try), and being deterministic it makes the
 * unique lookup key, so the secret is never compared byte by byte in JavaScript.
 */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const plus = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);

export function newSessionTimes(now: Date, policy: SessionPolicy = DEFAULT_SESSION_POLICY): SessionTimes {
  return {
    createdAt: now,
    lastSeenAt: now,
    idleExpiresAt: plus(now, Math.min(policy.idleSeconds, policy.absoluteSeconds)),
    expiresAt: plus(now, policy.absoluteSeconds),
  };
}

export type SessionCheck =
  | { readonly kind: 'valid'; readonly touch: Pick<SessionTimes, 'lastSeenAt' | 'idleExpiresAt'> | null }
  | { readonly kind: 'expired'; readonly reason: 'idle' | 'absolute' };

/** Is the session still valid at `now`? When valid, `touch` is the update to store (or null: none due). */
export function checkSession(
  session: SessionTimes,
  now: Date,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): SessionCheck {
  const t = now.getTime();
  if (t >= session.expiresAt.getTime()) return { kind: 'expired', reason: 'absolute' };
  if (t >= session.idleExpiresAt.getTime()) return { kind: 'expired', reason: 'idle' };
  if (t - session.lastSeenAt.getTime() < policy.touchEverySeconds * 1000)
    return { kind: 'valid', touch: null };
  const idleExpiresAt = new Date(
    Math.min(plus(now, policy.idleSeconds).getTime(), session.expiresAt.getTime()),
  );
  return { kind: 'valid', touch: { lastSeenAt: now, idleExpiresAt } };
}

export interface SessionCookie {
  readonly name: string;
  readonly options: {
    readonly httpOnly: true;
    readonly sameSite: 'lax';
    readonly secure: boolean;
    readonly path: '/';
    /** Seconds; the browser forgets the cookie when the session would end anyway. */
    readonly maxAge: number;
  };
}

/**
 * Name and attributes of the session cookie. Over https (PUBLIC_URL) the cookie is Secure and takes
 * the __Host- prefix, which also forbids a Domain attribute: no subdomain can set or read it.
 */
export function sessionCookie(
  publicUrl: string,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): SessionCookie {
  const secure = new URL(publicUrl).protocol === 'https:';
  return {
    name: secure ? '__Host-portal_session' : 'portal_session',
    options: { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: policy.absoluteSeconds },
  };
}
