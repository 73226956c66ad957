import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Keyed hashing for short secrets (emailed codes, recovery codes) and sealing of stored secrets
 * (TOTP seeds). Everything goes through node:crypto: HKDF-SHA256 to derive a key per purpose and
 * account from the portal SECRET, HMAC-SHA256 to hash, timingSafeEqual to compare, AES-256-GCM to seal.
 */

/** What a derived key is for; part of the HKDF info so keys for different uses never coincide. */
export type KeyPurpose =
  | 'verify-email'
  | 'reset-password'
  | 'recovery-code'
  | 'totp-secret'
  | 'throttle'
  | 'job';

const HKDF_SALT = 'broadcast-portal/accounts/v1';

/** A 32-byte key derived from the portal secret, bound to a purpose and an account id. */
export function deriveKey(secret: string | Uint8Array, purpose: KeyPurpose, accountId: string): Buffer {
  if (secret.length === 0) throw new Error('deriveKey: empty secret');
  const info = `${purpose}\u0000${accountId}`;
  return Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, info, 32));
}

/** HMAC-SHA256 of value under key, as lowercase hex (64 characters). */
export function keyedHash(key: Uint8Array, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

/** Constant-time check that value hashes to storedHex under key. */
export function keyedHashMatches(key: Uint8Array, value: string, storedHex: string): boolean {
  const actual = createHmac('sha256', key).update(value, 'utf8').digest();
  const expected = Buffer.from(storedHex, 'hex');
  // A malformed stored hash still costs one comparison, against itself, and fails.
  if (expected.length !== actual.length) {
    timingSafeEqual(actual, actual);
    return false;
  }
  return timingSafeEqual(actual, expected);
}

/** Seal a small secret (e.g. a TOTP seed) for storage: base64url of iv | tag | ciphertext. */
export function sealSecret(key: Uint8Array, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** Open what sealSecret made with the same key; throws if it was altered or the key differs. */
export function openSecret(key: Uint8Array, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < 28) throw new Error('openSecret: sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
