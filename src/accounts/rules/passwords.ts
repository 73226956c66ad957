import { randomBytes } from 'node:crypto';
import { hash, parseOptions, verify } from '@node-rs/argon2';

/**
 * Password hashing with argon2id (@node-rs/argon2). Create one hasher in the composition root and pass
 * it to the flows. dummyVerify() costs what a real verify costs, for unknown emails, so that a
 * sign-in's timing does not tell whether an account exists.
 */

export interface Argon2Params {
  /** KiB of memory per hash. */
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

/** OWASP's first argon2id configuration (m=19 MiB, t=2, p=1). */
export const DEFAULT_ARGON2_PARAMS: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** @node-rs/argon2's `Algorithm.Argon2id`; a const enum, so its value is written here. */
const ARGON2ID = 2;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a stored value that is not an argon2 hash. */
  verify(storedHash: string, password: string): Promise<boolean>;
  /** Spend the time of a verify and answer false; call it when the account does not exist. */
  dummyVerify(password: string): Promise<false>;
  /** True when the stored hash was made with other parameters than the current ones (rehash on sign-in). */
  needsRehash(storedHash: string): boolean;
}

/** Unicode passwords typed on different keyboards must hash alike: compare in NFC. */
export function normalisePassword(password: string): string {
  return password.normalize('NFC');
}

export function createPasswordHasher(params: Argon2Params = DEFAULT_ARGON2_PARAMS): PasswordHasher {
  const options = { ...params, algorithm: ARGON2ID as never };
  // Made at once, so that even the first unknown-email sign-in costs one verify, not a hash and a verify.
  const dummyHash = hash(randomBytes(32).toString('base64url'), options);
  dummyHash.catch(() => {});

  return {
    hash: (password) => hash(normalisePassword(password), options),

    async verify(storedHash, password) {
      try {
        return await verify(storedHash, normalisePassword(password));
      } catch {
        return false;
      }
    },

    async dummyVerify(password) {
      try {
        await verify(await dummyHash, normalisePassword(password));
      } catch {
        // The answer is false whatever happens.
      }
      return false;
    },

    needsRehash(storedHash) {
      try {
        const parsed = parseOptions(storedHash);
        return (
          (parsed.algorithm as number) !== ARGON2ID ||
          parsed.memoryCost !== params.memoryCost ||
          parsed.timeCost !== params.timeCost ||
          parsed.parallelism !== params.parallelism
        );
      } catch {
        return true;
      }
    },
  };
}
