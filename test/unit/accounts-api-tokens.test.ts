import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  API_TOKEN_NAME_MAX,
  apiTokenHash,
  createApiToken,
  LAST_USED_EVERY_MS,
  lastUsedDue,
  parseBearer,
  parseTokenName,
} from '../../src/accounts/rules/api-tokens.ts';

describe('API tokens', () => {
  it('are bp_ and 256 random bits in base64url, stored as their SHA-256, shown by a short prefix', () => {
    const { token, hash, prefix } = createApiToken();
    expect(token).toMatch(/^bp_[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(prefix).toBe(token.slice(0, 9));
    expect(createApiToken().token).not.toBe(token);
    expect(apiTokenHash(token)).toBe(hash);
    for (const bad of [
      '',
      'bp_',
      token.slice(3),
      `${token}x`,
      `${token.slice(0, -1)}!`,
      `xx_${token.slice(3)}`,
    ])
      expect(apiTokenHash(bad)).toBeNull();
  });

  it('read the Authorization header: Bearer tokens, malformed ones, other schemes left alone', () => {
    const { token, hash } = createApiToken();
    expect(parseBearer(`Bearer ${token}`)).toEqual({ kind: 'token', hash });
    expect(parseBearer(`bearer   ${token} `)).toEqual({ kind: 'token', hash });
    expect(parseBearer(`BEARER ${token}`)).toEqual({ kind: 'token', hash });
    for (const malformed of [
      'Bearer',
      'Bearer ',
      'Bearer garbage',
      `Bearer ${token} extra`,
      `Bearer ${token}x`,
    ])
      expect(parseBearer(malformed), malformed).toEqual({ kind: 'malformed' });
    for (const other of [undefined, '', 'Basic dXNlcjpwYXNz', `Token ${token}`])
      expect(parseBearer(other), String(other)).toEqual({ kind: 'none' });
  });

  it('take a trimmed name of 1 to 80 characters without control characters', () => {
    expect(parseTokenName('  newsroom script ')).toEqual({ ok: true, name: 'newsroom script' });
    expect(parseTokenName('é'.repeat(API_TOKEN_NAME_MAX))).toEqual({
      ok: true,
      name: 'é'.repeat(API_TOKEN_NAME_MAX),
    });
    expect(parseTokenName('🎬'.repeat(API_TOKEN_NAME_MAX)).ok).toBe(true);
    expect(parseTokenName('x'.repeat(API_TOKEN_NAME_MAX + 1))).toEqual({ ok: false, error: 'tooLong' });
    for (const empty of ['', '   ', undefined, 42, null])
      expect(parseTokenName(empty)).toEqual({ ok: false, error: 'required' });
    expect(parseTokenName('a\u0000b')).toEqual({ ok: false, error: 'invalid' });
    expect(parseTokenName('line\nbreak')).toEqual({ ok: false, error: 'invalid' });
  });

  it('write last_used_at at most once a minute', () => {
    const t0 = new Date('2026-05-01T08:00:00Z');
    const later = (ms: number) => new Date(t0.getTime() + ms);
    expect(lastUsedDue(null, t0)).toBe(true);
    expect(lastUsedDue(t0, later(LAST_USED_EVERY_MS - 1))).toBe(false);
    expect(lastUsedDue(t0, later(LAST_USED_EVERY_MS))).toBe(true);
    expect(LAST_USED_EVERY_MS).toBe(60_000);
  });
});
