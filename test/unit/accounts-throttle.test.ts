import { describe, expect, it } from 'vitest';
import { checkWindow, DEFAULT_LIMITS, reservation, throttleKey } from '../../src/accounts/rules/throttle.ts';

const T0 = new Date('2026-03-01T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('per-email throttling', () => {
  it('allows up to max events in the sliding window, then says when to retry', () => {
    const limit = { max: 3, windowSeconds: 600 };
    expect(checkWindow([], T0, limit)).toEqual({ kind: 'ok' });
    const times = [at(0), at(100), at(200)];
    expect(checkWindow(times.slice(0, 2), at(250), limit)).toEqual({ kind: 'ok' });
    expect(checkWindow(times, at(250), limit)).toEqual({ kind: 'limited', retryAfterSeconds: 350 });
    expect(checkWindow(times, at(600), limit)).toEqual({ kind: 'ok' });
    // Events in the future (clock skew between nodes) do not count.
    expect(checkWindow([at(1000), at(1000), at(1000)], at(0), limit)).toEqual({ kind: 'ok' });
  });

  it('keys by a keyed hash of the email, never the address', () => {
    const k = throttleKey('secret', 'sign-in', 'jean@example.org');
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(k).not.toContain('jean');
    expect(throttleKey('secret', 'sign-in', 'jean@example.org')).toBe(k);
    expect(throttleKey('secret', 'password-reset', 'jean@example.org')).not.toBe(k);
    expect(throttleKey('other', 'sign-in', 'jean@example.org')).not.toBe(k);
  });

  it('has defaults for every kind', () => {
    expect(Object.keys(DEFAULT_LIMITS).sort()).toEqual([
      'code-check',
      'password-reset',
      'register',
      'resend',
      'sign-in',
    ]);
  });
});

describe('reservation (an attempt recorded before it is judged)', () => {
  const limit = { max: 3, windowSeconds: 60 };
  it('allows the attempt while it is within max, own row included, and says when it took the last slot', () => {
    const own = at(10);
    expect(reservation([at(1), own], own, own, limit)).toEqual({ kind: 'ok', last: false, lockSeconds: 0 });
    expect(reservation([at(1), at(2), own], own, own, limit)).toEqual({
      kind: 'ok',
      last: true,
      lockSeconds: 51,
    });
    expect(reservation([at(1), at(2), at(3), own], own, own, limit)).toEqual({
      kind: 'limited',
      retryAfterSeconds: 51,
    });
  });
  it('counts two concurrent attempts at the same instant as two', () => {
    const own = at(10);
    expect(reservation([at(1), own, own], own, own, limit).kind).toBe('ok');
    expect(reservation([at(1), at(2), own, own], own, own, limit).kind).toBe('limited');
    // A concurrent attempt whose clock read a millisecond later counts too.
    expect(reservation([at(1), at(2), own, at(10.001)], own, own, limit).kind).toBe('limited');
  });
});
