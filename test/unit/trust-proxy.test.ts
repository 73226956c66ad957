import { describe, expect, it } from 'vitest';
import { parseTrustProxy, trustFunction } from '../../src/web/trust-proxy.ts';

const trust = (raw: string) => {
  const fn = trustFunction(parseTrustProxy(raw));
  if (!fn) throw new Error('nothing trusted');
  return fn;
};

describe('trust proxy', () => {
  it('trusts nothing when unset', () => {
    expect(trustFunction(parseTrustProxy(undefined))).toBe(false);
    expect(trustFunction(parseTrustProxy('0'))).toBe(false);
  });

  it('believes a hop count only from a local or private peer', () => {
    const one = trust('1');
    expect(one('127.0.0.1', 0)).toBe(true);
    expect(one('::ffff:127.0.0.1', 0)).toBe(true);
    expect(one('10.1.2.3', 0)).toBe(true);
    expect(one('fd00::1', 0)).toBe(true);
    expect(one('203.0.113.9', 0)).toBe(false);
    expect(one('198.51.100.1', 1)).toBe(false);
    const two = trust('2');
    expect(two('198.51.100.1', 1)).toBe(true);
    expect(two('198.51.100.1', 2)).toBe(false);
  });

  it('believes listed addresses, ranges and names, IPv4-mapped or not', () => {
    const list = trust('192.0.2.7, 10.0.0.0/8, 2001:db8::/32, loopback');
    expect(list('192.0.2.7', 0)).toBe(true);
    expect(list('::ffff:192.0.2.7', 0)).toBe(true);
    expect(list('192.0.2.8', 0)).toBe(false);
    expect(list('10.200.0.1', 3)).toBe(true);
    expect(list('2001:db8:5::1', 0)).toBe(true);
    expect(list('2001:db9::1', 0)).toBe(false);
    expect(list('::1', 0)).toBe(true);
    expect(list('127.0.0.5', 0)).toBe(true);
    expect(list('garbage', 0)).toBe(false);
  });
});
