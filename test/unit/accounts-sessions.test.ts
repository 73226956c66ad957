import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkSession,
  createSessionToken,
  DEFAULT_SESSION_POLICY,
  newSessionTimes,
  sessionCookie,
  sessionIdFromToken,
} from '../../src/accounts/rules/sessions.ts';

const T0 = new Date('2026-03-01T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const DAY = 24 * 3600;

describe('sessions', () => {
  it('make 256-bit tokens and store only their SHA-256', () => {
    const { token, id } = createSessionToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(id).toBe(createHash('sha256').update(token).digest('hex'));
    expect(createSessionToken().token).not.toBe(token);
    expect(sessionIdFromToken(token)).toBe(id);
    for (const bad of [undefined, '', 'short', `${token}x`, `${token.slice(0, 42)}!`, 42]) {
      expect(sessionIdFromToken(bad)).toBeNull();
    }
  });

  it('expire when idle and at the absolute limit, and slide while used', () => {
    const times = newSessionTimes(T0);
    expect(times).toEqual({
      createdAt: T0,
      lastSeenAt: T0,
      idleExpiresAt: at(3 * DAY),
      expiresAt: at(30 * DAY),
    });
    // Within the touch interval: valid, nothing to write.
    expect(checkSession(times, at(60))).toEqual({ kind: 'valid', touch: null });
    // Later: valid, and the idle expiry slides.
    expect(checkSession(times, at(DAY))).toEqual({
      kind: 'valid',
      touch: { lastSeenAt: at(DAY), idleExpiresAt: at(4 * DAY) },
    });
    expect(checkSession(times, at(3 * DAY))).toEqual({ kind: 'expired', reason: 'idle' });
    // Used every day, it still ends 30 days after sign-in; the sliding expiry never passes that.
    const late = { ...times, lastSeenAt: at(29 * DAY), idleExpiresAt: at(30 * DAY) };
    expect(checkSession(late, at(29 * DAY + 3600))).toEqual({
      kind: 'valid',
      touch: { lastSeenAt: at(29 * DAY + 3600), idleExpiresAt: at(30 * DAY) },
    });
    expect(checkSession(late, at(30 * DAY))).toEqual({ kind: 'expired', reason: 'absolute' });
  });

  it('set a Secure __Host- cookie over https and a plain one over http', () => {
    expect(sessionCookie('https://portal.example')).toEqual({
      name: '__Host-portal_session',
      options: {
        httpOnly: true,
        sameSite: 'lax',
        secure: true,
        path: '/',
        maxAge: DEFAULT_SESSION_POLICY.absoluteSeconds,
      },
    });
    expect(sessionCookie('http://localhost:8080')).toMatchObject({
      name: 'portal_session',
      options: { httpOnly: true, sameSite: 'lax', secure: false, path: '/' },
    });
  });
});
