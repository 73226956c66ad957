import { randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { deriveKey, keyedHash, keyedHashMatches, openSecret, sealSecret } from './keyed-hash.ts';

/**
 * Two-factor sign-in: TOTP (RFC 6238, SHA-1, 6 digits, 30 s, as authenticator apps expect) through
 * otplib v13, an otpauth:// URI and its QR code, and one-time recovery codes stored as keyed hashes.
 * The TOTP seed is stored sealed (AES-256-GCM under a key derived from SECRET and the account id).
 */

export const TOTP_PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;

export interface TotpContext {
  readonly secret: string | Uint8Array;
  readonly accountId: string;
}

/** A fresh base32 seed (20 random bytes) for the authenticator app. */
export function createTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function sealTotpSecret(ctx: TotpContext, totpSecret: string): string {
  return sealSecret(deriveKey(ctx.secret, 'totp-secret', ctx.accountId), totpSecret);
}

export function openTotpSecret(ctx: TotpContext, sealed: string): string {
  return openSecret(deriveKey(ctx.secret, 'totp-secret', ctx.accountId), sealed);
}

/** otpauth://totp/Issuer:label?secret=…&issuer=… for the QR code. */
export function totpUri(options: { issuer: string; label: string; totpSecret: string }): string {
  return generateURI({ issuer: options.issuer, label: options.label, secret: options.totpSecret });
}

/** The QR code of an otpauth URI as an SVG document (inline it; no script, CSP-friendly). */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The QR code as a PNG data URL, for an <img src>. */
export function totpQrDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2 });
}

export type TotpOutcome =
  | { readonly ok: true; readonly step: number }
  | { readonly ok: false; readonly reason: 'invalid' | 'replay' };

/**
 * Check a 6-digit token at `now`, accepting the previous, current and next 30-second step. A step at
 * or before `lastUsedStep` is refused as a replay. On success store `step` as the new last used step.
 */
export async function verifyTotp(options: {
  totpSecret: string;
  token: string;
  now: Date;
  lastUsedStep?: number | null;
}): Promise<TotpOutcome> {
  const token = options.token.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: 'invalid' };
  const base = {
    secret: options.totpSecret,
    token,
    epoch: Math.floor(options.now.getTime() / 1000),
    period: TOTP_PERIOD_SECONDS,
    epochTolerance: TOTP_PERIOD_SECONDS,
  };
  const last = options.lastUsedStep ?? undefined;
  const result = await verify(last === undefined ? base : { ...base, afterTimeStep: last });
  if (result.valid && 'timeStep' in result) return { ok: true, step: result.timeStep };
  if (last !== undefined) {
    // Tell a replay from a wrong token, for the security log.
    const again = await verify(base);
    if (again.valid) return { ok: false, reason: 'replay' };
  }
  return { ok: false, reason: 'invalid' };
}

// No 0/o, 1/l/i: easy to read back from paper.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** One recovery code: 10 characters (~49 bits) as "xxxxx-xxxxx". */
export function generateRecoveryCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

export function normaliseRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * A new set of recovery codes: `codes` are shown once to the user, `hashes` are stored (replacing any
 * earlier set).
 */
export function createRecoveryCodes(
  ctx: TotpContext,
  count = RECOVERY_CODE_COUNT,
): { codes: string[]; hashes: string[] } {
  const key = deriveKey(ctx.secret, 'recovery-code', ctx.accountId);
  const codes = new Set<string>();
  while (codes.size < count) codes.add(generateRecoveryCode());
  return { codes: [...codes], hashes: [...codes].map((c) => keyedHash(key, normaliseRecoveryCode(c))) };
}

/**
 * Index in `unusedHashes` of the hash the submitted code matches, or -1. Compares against every hash
 * (no early exit). The caller marks the matching one used so it never works again.
 */
export function matchRecoveryCode(
  ctx: TotpContext,
  submitted: string,
  unusedHashes: readonly string[],
): number {
  const key = deriveKey(ctx.secret, 'recovery-code', ctx.accountId);
  const code = normaliseRecoveryCode(submitted);
  let found = -1;
  unusedHashes.forEach((h, i) => {
    if (keyedHashMatches(key, code, h) && found === -1) found = i;
  });
  return code.length === 10 ? found : -1;
}
