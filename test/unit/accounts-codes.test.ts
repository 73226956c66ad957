import { describe, expect, it } from 'vitest';
import {
  type CodeContext,
  canSendCode,
  checkCode,
  DEFAULT_CODE_POLICY,
  generateCode,
  hashCode,
  issueCode,
  recordSend,
  type StoredCode,
} from '../../src/accounts/rules/codes.ts';

const SECRET = 'test-secret-0123456789abcdef';
const T0 = new Date('2026-03-01T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const ctxAt = (seconds: number, accountId = 'acc-1'): CodeContext => ({
  secret: SECRET,
  accountId,
  now: () => at(seconds),
});

function otherCode(code: string): string {
  return ((Number(code) + 1) % 1_000_000).toString().padStart(6, '0');
}

describe('emailed codes', () => {
  it('are six digits, leading zeros kept, and spread over the range', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const c = generateCode();
      expect(c).toMatch(/^\d{6}$/);
      seen.add(c);
    }
    expect(seen.size).toBeGreaterThan(1990);
  });

  it('are stored only as a keyed hash bound to purpose, account and secret', () => {
    const { code, record } = issueCode('verify-email', ctxAt(0));
    expect(record.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(record.codeHash).not.toContain(code);
    expect(JSON.stringify(record)).not.toContain(code);
    expect(hashCode(SECRET, 'verify-email', 'acc-1', code)).toBe(record.codeHash);
    expect(hashCode(SECRET, 'reset-password', 'acc-1', code)).not.toBe(record.codeHash);
    expect(hashCode(SECRET, 'verify-email', 'acc-2', code)).not.toBe(record.codeHash);
    expect(hashCode('another-secret', 'verify-email', 'acc-1', code)).not.toBe(record.codeHash);
  });

  it('accept the right code once, within 30 minutes', () => {
    const { code, record } = issueCode('verify-email', ctxAt(0));
    expect(record.expiresAt).toEqual(at(30 * 60));
    const first = checkCode(record, code, ctxAt(29 * 60 + 59));
    expect(first.outcome).toEqual({ kind: 'ok' });
    expect(first.record?.consumedAt).toEqual(at(29 * 60 + 59));
    // Consumed: gone.
    expect(checkCode(first.record, code, ctxAt(30)).outcome).toEqual({ kind: 'none' });
  });

  it('tolerate spaces and dashes in what the user types', () => {
    const { code, record } = issueCode('verify-email', ctxAt(0));
    expect(checkCode(record, ` ${code.slice(0, 3)} ${code.slice(3)} `, ctxAt(1)).outcome.kind).toBe('ok');
    expect(checkCode(record, `${code.slice(0, 3)}-${code.slice(3)}`, ctxAt(1)).outcome.kind).toBe('ok');
  });

  it('expire after 30 minutes, even when right', () => {
    const { code, record } = issueCode('reset-password', ctxAt(0));
    expect(checkCode(record, code, ctxAt(30 * 60))).toEqual({ outcome: { kind: 'expired' }, record: null });
  });

  it('die after 5 wrong tries; the right code no longer works', () => {
    const { code, record: issued } = issueCode('verify-email', ctxAt(0));
    let record: StoredCode = issued;
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = checkCode(record, otherCode(code), ctxAt(10 + i));
      outcomes.push(r.outcome.kind === 'wrong' ? `wrong:${r.outcome.attemptsLeft}` : r.outcome.kind);
      record = r.record!;
    }
    expect(outcomes).toEqual(['wrong:4', 'wrong:3', 'wrong:2', 'wrong:1', 'exhausted']);
    expect(record.failedAttempts).toBe(5);
    expect(checkCode(record, code, ctxAt(20))).toEqual({ outcome: { kind: 'exhausted' }, record: null });
  });

  it('count malformed input as a wrong try', () => {
    const { record } = issueCode('verify-email', ctxAt(0));
    for (const bad of ['', 'abcdef', '12345', '1234567', '１２３４５６']) {
      const r = checkCode(record, bad, ctxAt(1));
      expect(r.outcome.kind).toBe('wrong');
      expect(r.record?.failedAttempts).toBe(1);
    }
  });

  it('answer none without a code', () => {
    expect(checkCode(null, '123456', ctxAt(0)).outcome).toEqual({ kind: 'none' });
    expect(checkCode(undefined, '123456', ctxAt(0)).outcome).toEqual({ kind: 'none' });
  });

  it('are replaced by a new code: the old one no longer matches the stored record', () => {
    const first = issueCode('verify-email', ctxAt(0));
    let second = issueCode('verify-email', ctxAt(61));
    while (second.code === first.code) second = issueCode('verify-email', ctxAt(61));
    expect(checkCode(second.record, first.code, ctxAt(62)).outcome.kind).toBe('wrong');
    expect(checkCode(second.record, second.code, ctxAt(62)).outcome.kind).toBe('ok');
    // The new code has its own 30 minutes and a fresh attempt count.
    expect(second.record.expiresAt).toEqual(at(61 + 30 * 60));
    expect(second.record.failedAttempts).toBe(0);
  });
});

describe('resend rules', () => {
  it('allow the first send', () => {
    expect(canSendCode([], T0)).toEqual({ kind: 'ok' });
  });

  it('impose a 60 s cooldown with the seconds left', () => {
    const history = [at(0)];
    expect(canSendCode(history, at(1))).toEqual({ kind: 'cooldown', retryAfterSeconds: 59 });
    expect(canSendCode(history, at(59.5))).toEqual({ kind: 'cooldown', retryAfterSeconds: 1 });
    expect(canSendCode(history, at(60))).toEqual({ kind: 'ok' });
  });

  it('cap sends at 5 per sliding hour and say when the next slot frees', () => {
    let history: Date[] = [];
    for (let i = 0; i < 5; i++) {
      expect(canSendCode(history, at(i * 120)).kind).toBe('ok');
      history = recordSend(history, at(i * 120));
    }
    // Sixth send at 600 s: the first send (0 s) leaves the window at 3600 s.
    expect(canSendCode(history, at(600))).toEqual({ kind: 'capped', retryAfterSeconds: 3000 });
    expect(canSendCode(history, at(3599))).toEqual({ kind: 'capped', retryAfterSeconds: 1 });
    expect(canSendCode(history, at(3600))).toEqual({ kind: 'ok' });
  });

  it('recordSend keeps only the last hour', () => {
    const history = recordSend([at(0), at(100), at(4000)], at(4000 + 60));
    expect(history).toEqual([at(4000), at(4060)]);
  });

  it('use the documented defaults', () => {
    expect(DEFAULT_CODE_POLICY).toEqual({
      ttlSeconds: 1800,
      maxAttempts: 5,
      resendCooldownSeconds: 60,
      maxSendsPerWindow: 5,
      capWindowSeconds: 3600,
    });
  });
});
