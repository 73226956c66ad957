import { describe, expect, it } from 'vitest';
import { microCache } from '../../src/platform/micro-cache.ts';

describe('microCache', () => {
  it('shares one load within the ttl and reloads after it', async () => {
    let time = 0;
    let loads = 0;
    const cache = microCache<number>({ ttlMs: 1000, now: () => time });
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    time = 999;
    expect(await cache.get('a', load)).toBe(1);
    time = 1000;
    expect(await cache.get('a', load)).toBe(2);
    expect(await cache.get('b', load)).toBe(3);
  });

  it('forgets failures and stays bounded', async () => {
    const cache = microCache<string>({ maxEntries: 2, now: () => 0 });
    await expect(cache.get('x', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('x', async () => 'ok')).toBe('ok');
    await cache.get('y', async () => 'y');
    await cache.get('z', async () => 'z');
    expect(await cache.get('x', async () => 'reloaded')).toBe('reloaded');
  });
});
