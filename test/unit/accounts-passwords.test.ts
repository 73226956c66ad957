import { describe, expect, it } from 'vitest';
import { createPasswordHasher, DEFAULT_ARGON2_PARAMS } from '../../src/accounts/rules/passwords.ts';

describe('password hashing', () => {
  const hasher = createPasswordHasher();

  it('hashes with argon2id and the configured parameters, salted', async () => {
    const a = await hasher.hash('Correct-Horse-42');
    const b = await hasher.hash('Correct-Horse-42');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(hasher.needsRehash(a)).toBe(false);
  });

  it('verifies the right password only', async () => {
    const stored = await hasher.hash('Correct-Horse-42');
    expect(await hasher.verify(stored, 'Correct-Horse-42')).toBe(true);
    expect(await hasher.verify(stored, 'correct-horse-42')).toBe(false);
    expect(await hasher.verify(stored, '')).toBe(false);
  });

  it('compares passwords in NFC, so composed and decomposed accents match', async () => {
    const stored = await hasher.hash('Défense-2026!x');
    expect(await hasher.verify(stored, 'De\u0301fense-2026!x')).toBe(true);
  });

  it('answers false for a stored value that is not a hash', async () => {
    expect(await hasher.verify('not-a-hash', 'x')).toBe(false);
    expect(hasher.needsRehash('not-a-hash')).toBe(true);
  });

  it('asks for a rehash when parameters change', async () => {
    const weak = createPasswordHasher({ ...DEFAULT_ARGON2_PARAMS, memoryCost: 8192 });
    const stored = await weak.hash('Correct-Horse-42');
    expect(hasher.needsRehash(stored)).toBe(true);
    expect(await hasher.verify(stored, 'Correct-Horse-42')).toBe(true);
  });

  it('dummyVerify answers false and costs about what a real verify costs', async () => {
    const stored = await hasher.hash('Correct-Horse-42');
    expect(await hasher.dummyVerify('anything')).toBe(false);
    // CPU time of this process (argon2 runs on libuv's threads, counted too) rather than wall time,
    // so that a loaded machine does not skew it; interleaved, and medians compared.
    const real: number[] = [];
    const dummy: number[] = [];
    const time = async (f: () => Promise<unknown>) => {
      const start = process.cpuUsage();
      await f();
      const used = process.cpuUsage(start);
      return used.user + used.system;
    };
    for (let i = 0; i < 9; i++) {
      real.push(await time(() => hasher.verify(stored, 'Wrong-Password-1')));
      dummy.push(await time(() => hasher.dummyVerify('Wrong-Password-1')));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(dummy) / median(real);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});
