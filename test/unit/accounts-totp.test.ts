import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import {
  createRecoveryCodes,
  createTotpSecret,
  matchRecoveryCode,
  openTotpSecret,
  sealTotpSecret,
  totpQrDataUrl,
  totpQrSvg,
  totpUri,
  verifyTotp,
} from '../../src/accounts/rules/totp.ts';

const ctx = { secret: 'portal-secret', accountId: 'acc-1' };
const T = new Date('2026-03-01T10:00:15Z'); // middle of a 30 s step
const step = Math.floor(T.getTime() / 1000 / 30);
const tokenAt = (totpSecret: string, date: Date) =>
  generate({ secret: totpSecret, epoch: Math.floor(date.getTime() / 1000) });
const plus = (seconds: number) => new Date(T.getTime() + seconds * 1000);

describe('TOTP', () => {
  const totpSecret = createTotpSecret();

  it('makes base32 secrets of 160 bits and seals them for storage', () => {
    expect(totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    const sealed = sealTotpSecret(ctx, totpSecret);
    expect(sealed).not.toContain(totpSecret);
    expect(openTotpSecret(ctx, sealed)).toBe(totpSecret);
    expect(() => openTotpSecret({ ...ctx, accountId: 'acc-2' }, sealed)).toThrow();
  });

  it('builds an otpauth URI and its QR code', async () => {
    const uri = totpUri({ issuer: 'Broadcast Portal', label: 'jean@example.org', totpSecret });
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(uri).toContain(`secret=${totpSecret}`);
    expect(uri).toContain('issuer=Broadcast');
    const svg = await totpQrSvg(uri);
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toContain('<script');
    expect(await totpQrDataUrl(uri)).toMatch(/^data:image\/png;base64,/);
  });

  it('accepts the current step and one step either side, and returns the step', async () => {
    expect(await verifyTotp({ totpSecret, token: await tokenAt(totpSecret, T), now: T })).toEqual({
      ok: true,
      step,
    });
    expect(await verifyTotp({ totpSecret, token: await tokenAt(totpSecret, plus(-30)), now: T })).toEqual({
      ok: true,
      step: step - 1,
    });
    expect(await verifyTotp({ totpSecret, token: await tokenAt(totpSecret, plus(30)), now: T })).toEqual({
      ok: true,
      step: step + 1,
    });
  });

  it('refuses tokens two steps away and malformed tokens', async () => {
    expect(await verifyTotp({ totpSecret, token: await tokenAt(totpSecret, plus(-60)), now: T })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(
      await verifyTotp({ totpSecret, token: await tokenAt(totpSecret, plus(60)), now: T }),
    ).toMatchObject({
      ok: false,
    });
    for (const token of ['', '12345', 'abcdef', '1234567']) {
      expect(await verifyTotp({ totpSecret, token, now: T })).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('refuses a replay of the same or an earlier step', async () => {
    const token = await tokenAt(totpSecret, T);
    const first = await verifyTotp({ totpSecret, token, now: T });
    expect(first).toEqual({ ok: true, step });
    expect(await verifyTotp({ totpSecret, token, now: plus(5), lastUsedStep: step })).toEqual({
      ok: false,
      reason: 'replay',
    });
    const previous = await tokenAt(totpSecret, plus(-30));
    expect(await verifyTotp({ totpSecret, token: previous, now: T, lastUsedStep: step })).toEqual({
      ok: false,
      reason: 'replay',
    });
    // The next step is fine.
    const next = await tokenAt(totpSecret, plus(30));
    expect(await verifyTotp({ totpSecret, token: next, now: plus(30), lastUsedStep: step })).toEqual({
      ok: true,
      step: step + 1,
    });
  });
});

describe('recovery codes', () => {
  it('makes 10 distinct readable codes stored only as hashes', () => {
    const { codes, hashes } = createRecoveryCodes(ctx);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-hj-km-np-z2-9]{5}-[a-hj-km-np-z2-9]{5}$/);
    expect(hashes).toHaveLength(10);
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashes.join()).not.toContain(codes[0]!.replace('-', ''));
  });

  it('matches a submitted code, however typed, to its hash', () => {
    const { codes, hashes } = createRecoveryCodes(ctx);
    expect(matchRecoveryCode(ctx, codes[3]!, hashes)).toBe(3);
    expect(matchRecoveryCode(ctx, ` ${codes[7]!.toUpperCase().replace('-', ' ')} `, hashes)).toBe(7);
    expect(matchRecoveryCode(ctx, 'aaaaa-aaaaa', hashes)).toBe(-1);
    expect(matchRecoveryCode(ctx, '', hashes)).toBe(-1);
    // Used codes are removed by the caller: no longer matched.
    expect(
      matchRecoveryCode(
        ctx,
        codes[3]!,
        hashes.filter((_, i) => i !== 3),
      ),
    ).toBe(-1);
    // Bound to the account.
    expect(matchRecoveryCode({ ...ctx, accountId: 'acc-2' }, codes[3]!, hashes)).toBe(-1);
  });
});
