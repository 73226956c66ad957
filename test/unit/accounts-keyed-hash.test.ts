import { describe, expect, it } from 'vitest';
import {
  deriveKey,
  keyedHash,
  keyedHashMatches,
  openSecret,
  sealSecret,
} from '../../src/accounts/rules/keyed-hash.ts';

describe('keyed hashing', () => {
  const key = deriveKey('s3cret', 'verify-email', 'acc-1');

  it('derives distinct 32-byte keys per secret, purpose and account', () => {
    expect(key).toHaveLength(32);
    const others = [
      deriveKey('other', 'verify-email', 'acc-1'),
      deriveKey('s3cret', 'reset-password', 'acc-1'),
      deriveKey('s3cret', 'verify-email', 'acc-2'),
    ];
    for (const k of others) expect(k.equals(key)).toBe(false);
    expect(deriveKey('s3cret', 'verify-email', 'acc-1').equals(key)).toBe(true);
    expect(() => deriveKey('', 'verify-email', 'a')).toThrow();
  });

  it('matches only the hashed value, and fails safely on malformed stored hashes', () => {
    const h = keyedHash(key, '123456');
    expect(keyedHashMatches(key, '123456', h)).toBe(true);
    expect(keyedHashMatches(key, '123457', h)).toBe(false);
    expect(keyedHashMatches(key, '123456', 'zz')).toBe(false);
    expect(keyedHashMatches(key, '123456', '')).toBe(false);
  });

  it('seals and opens secrets; tampering or another key fails', () => {
    const sealed = sealSecret(key, 'JBSWY3DPEHPK3PXPJBSWY3DP');
    expect(sealed).not.toContain('JBSWY3DP');
    expect(openSecret(key, sealed)).toBe('JBSWY3DPEHPK3PXPJBSWY3DP');
    expect(sealSecret(key, 'x')).not.toBe(sealSecret(key, 'x'));
    expect(() => openSecret(deriveKey('s3cret', 'totp-secret', 'acc-1'), sealed)).toThrow();
    const raw = Buffer.from(sealed, 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(() => openSecret(key, raw.toString('base64url'))).toThrow();
  });
});
