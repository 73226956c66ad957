/**
 * Every account rule against a running portal (PGlite), a real SMTP server and an injected clock:
 * code expiry, 5 wrong tries, resend cooldown, hourly cap and replacement, enumeration (identical
 * status and body), session expiry, purge of unverified accounts, two-factor sign-in, roles.
 */
import { generate } from 'otplib';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccounts } from '../../src/accounts/module.ts';
import { createMailTransport } from '../../src/platform/mail/index.ts';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { client, GOOD_PASSWORD, registerAndVerify, registration, testClock } from '../support/accounts.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { extractCode, startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { timeScale } from '../support/time-scale.ts';

describe('account rules', () => {
  let t: TestPortal;
  let smtp: TestSmtp;
  const clock = testClock();
  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestPortal('pglite', { env: { SMTP_URL: smtp.url }, demo: false, clock: clock.now });
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.close();
  });
  // Every test starts past the hourly windows of the previous one (all requests come from 127.0.0.1).
  beforeEach(() => clock.advance(3601));

  const register = async (email: string) => {
    const c = client(t.baseUrl);
    expect((await c.api('POST', '/accounts', registration(email))).status).toBe(202);
    return { c, code: extractCode(await smtp.waitForMessage(email)) };
  };
  const verify = (email: string, code: string) =>
    client(t.baseUrl).api('POST', '/accounts/verification', { email, code });
  const wrongCode = (code: string) => (code === '000000' ? '000001' : '000000');

  it('expires a code after 30 minutes', async () => {
    const { code } = await register('expiry@example.org');
    clock.advance(30 * 60 + 1);
    const response = await verify('expiry@example.org', code);
    expect(response.status).toBe(422);
    expect((await response.json()).error).toEqual({
      code: 'code_expired',
      message: 'This code has expired. Request a new code.',
    });
  });

  it('allows 5 wrong tries, then needs a new code that replaces the old one', async () => {
    const { code } = await register('tries@example.org');
    for (let left = 4; left >= 1; left--) {
      const response = await verify('tries@example.org', wrongCode(code));
      expect((await response.json()).error.message).toBe(
        `This code is not the right one. ${left} ${left === 1 ? 'attempt' : 'attempts'} left.`,
      );
    }
    const fifth = await verify('tries@example.org', wrongCode(code));
    expect((await fifth.json()).error.code).toBe('code_exhausted');
    const right = await verify('tries@example.org', code);
    expect((await right.json()).error.code).toBe('code_exhausted');

    clock.advance(61);
    const resent = await client(t.baseUrl).api('POST', '/accounts/verification/resend', {
      email: 'tries@example.org',
    });
    expect(resent.status).toBe(202);
    const newCode = extractCode(await smtp.waitForMessage('tries@example.org'));
    if (newCode !== code) expect((await verify('tries@example.org', code)).status).toBe(422);
    expect((await verify('tries@example.org', newCode)).status).toBe(200);
  });

  it('enforces the resend cooldown and the hourly cap, for unknown emails alike', async () => {
    await register('resend@example.org');
    for (const email of ['resend@example.org', 'never-registered@example.org']) {
      const c = client(t.baseUrl);
      if (email.startsWith('never'))
        expect((await c.api('POST', '/accounts/verification/resend', { email })).status).toBe(202);
      const early = await c.api('POST', '/accounts/verification/resend', { email });
      expect(early.status).toBe(429);
      const retry = Number(early.headers.get('retry-after'));
      expect(retry).toBeGreaterThan(50);
      expect(retry).toBeLessThanOrEqual(60);
      expect((await early.json()).error.message).toBe(
        `A code was just sent. You can request a new one in ${retry} seconds.`,
      );
    }
    // 5 sends an hour: the registration and 4 resends, then the cap.
    for (let i = 0; i < 4; i++) {
      clock.advance(61);
      expect(
        (
          await client(t.baseUrl).api('POST', '/accounts/verification/resend', {
            email: 'resend@example.org',
          })
        ).status,
      ).toBe(202);
    }
    clock.advance(61);
    const capped = await client(t.baseUrl).api('POST', '/accounts/verification/resend', {
      email: 'resend@example.org',
    });
    expect(capped.status).toBe(429);
    expect(Number(capped.headers.get('retry-after'))).toBeGreaterThan(60);
  });

  it('answers identically for registered and unknown emails (reset, codes, sign-in)', async () => {
    await registerAndVerify(t.baseUrl, smtp, 'known@example.org');
    const c = client(t.baseUrl);
    const known = await c.api('POST', '/password-reset', { email: 'known@example.org' });
    const unknown = await c.api('POST', '/password-reset', { email: 'unknown@example.org' });
    expect([known.status, await known.text()]).toEqual([unknown.status, await unknown.text()]);
    expect(known.status).toBe(202);
    const code = extractCode(await smtp.waitForMessage('known@example.org'));

    for (let i = 0; i < 5; i++) {
      const body = (email: string) => ({ email, code: wrongCode(code), password: 'Some-Fine-Pass-77' });
      const a = await c.api('POST', '/password-reset/confirm', body('known@example.org'));
      const b = await c.api('POST', '/password-reset/confirm', body('unknown@example.org'));
      expect([a.status, await a.text()]).toEqual([b.status, await b.text()]);
    }
    clock.advance(30 * 60 + 1);
    const a = await c.api('POST', '/password-reset/confirm', {
      email: 'known@example.org',
      code,
      password: 'Some-Fine-Pass-77',
    });
    const b = await c.api('POST', '/password-reset/confirm', {
      email: 'unknown@example.org',
      code,
      password: 'Some-Fine-Pass-77',
    });
    expect([a.status, await a.text()]).toEqual([b.status, await b.text()]);

    // A pending registration answers a wrong code exactly like an email nobody registered.
    const other = client(t.baseUrl);
    await other.api('POST', '/accounts', registration('pending-probe@example.org'));
    await smtp.waitForMessage('pending-probe@example.org');
    await other.api('POST', '/accounts/verification/resend', { email: 'fresh-probe@example.org' });
    const probe = async (email: string) => {
      const r = await c.api('POST', '/accounts/verification', { email, code: '999999' });
      return [r.status, await r.text()];
    };
    expect(await probe('pending-probe@example.org')).toEqual(await probe('fresh-probe@example.org'));
    clock.advance(30 * 60 + 1);
    expect(await probe('pending-probe@example.org')).toEqual(await probe('nobody-at-all@example.org'));

    const wrong = await c.api('POST', '/session', {
      email: 'known@example.org',
      password: 'Wrong-Password-11',
    });
    const none = await c.api('POST', '/session', {
      email: 'unknown@example.org',
      password: 'Wrong-Password-11',
    });
    expect([wrong.status, await wrong.text()]).toEqual([none.status, await none.text()]);
    expect(wrong.status).toBe(401);
  });

  it('spends the same time on a sign-in for a known and an unknown email', async () => {
    await registerAndVerify(t.baseUrl, smtp, 'timing@example.org');
    const time = async (email: string) => {
      const start = process.hrtime.bigint();
      await client(t.baseUrl).api('POST', '/session', { email, password: 'Wrong-Password-11' });
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 12; i++) {
      known.push(await time('timing@example.org'));
      unknown.push(await time(`timing-${i}@nowhere.example`));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const ratio = median(known) / median(unknown);
    console.log(
      `sign-in median known ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms`,
    );
    // Loose bounds (a loaded machine is noisy): a missing dummy verify would make unknown emails
    // several times faster than known ones.
    expect(ratio).toBeGreaterThan(0.5 / timeScale());
    expect(ratio).toBeLessThan(2 * timeScale());
  });

  it('limits sign-in failures per account and per IP: 429, Retry-After and a page saying when', async () => {
    const c = client(t.baseUrl);
    for (let i = 0; i < 10; i++) {
      const r = await c.api('POST', '/session', {
        email: 'target@example.org',
        password: 'Wrong-Password-11',
      });
      expect(r.status).toBe(401);
    }
    const limited = await c.api('POST', '/session', {
      email: 'target@example.org',
      password: 'Wrong-Password-11',
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe('rate_limited');

    await c.page('/en/sign-in');
    const page = await c.form('/en/sign-in', {
      email: 'target@example.org',
      password: 'x',
      returnTo: '/en/',
    });
    expect(page.status).toBe(429);
    const seconds = page.headers.get('retry-after');
    const html = await page.text();
    expect(html).toContain(`Too many attempts. Try again in ${seconds} seconds.`);
    expect(html).toMatch(/You can try again from \d{2}:\d{2} \(UTC\)/);

    // Per IP: 30 failures in 15 minutes, whatever the emails.
    clock.advance(3601);
    let status = 0;
    for (let i = 0; i < 31; i++) {
      const r = await c.api('POST', '/session', {
        email: `spray-${i}@example.org`,
        password: 'Wrong-Password-11',
      });
      status = r.status;
    }
    expect(status).toBe(429);
  });

  it('ends sessions after idle time and after the absolute lifetime', async () => {
    const idle = await registerAndVerify(t.baseUrl, smtp, 'idle@example.org');
    clock.advance(3 * 24 * 3600 + 1);
    expect((await idle.api('GET', '/account')).status).toBe(401);

    const c = client(t.baseUrl);
    expect(
      (await c.api('POST', '/session', { email: 'idle@example.org', password: GOOD_PASSWORD })).status,
    ).toBe(200);
    for (let day = 2; day < 30; day += 2) {
      clock.advance(2 * 24 * 3600);
      expect((await c.api('GET', '/account')).status, `day ${day}`).toBe(200);
    }
    clock.advance(2 * 24 * 3600);
    expect((await c.api('GET', '/account')).status).toBe(401);
  });

  it('purges accounts left unverified for 7 days', async () => {
    await register('purge-me@example.org');
    await registerAndVerify(t.baseUrl, smtp, 'keep-me@example.org');
    const accounts = await createAccounts({
      db: t.portal.database.db,
      secret: 'x'.repeat(32),
      publicUrl: 'http://localhost',
      mail: createMailTransport({
        smtpUrl: smtp.url,
        from: 'a@b.example',
        dataDir: t.dataDir,
        logger: pino({ level: 'silent' }),
      }),
      logger: pino({ level: 'silent' }),
      clock: () => new Date(clock.now().getTime() + 7 * 86_400_000 + 1000),
    });
    expect(await accounts.purge()).toBeGreaterThanOrEqual(1);
    const emails = (await t.portal.database.db.selectFrom('users').select('email').execute()).map(
      (r) => r.email,
    );
    expect(emails).not.toContain('purge-me@example.org');
    expect(emails).toContain('keep-me@example.org');
    await accounts.stop();
  });

  it('turns on two-factor sign-in with a QR code and 10 one-time recovery codes', async () => {
    const c = await registerAndVerify(t.baseUrl, smtp, 'totp@example.org');
    const setup = await c.page('/en/account/two-factor');
    expect(setup.response.status).toBe(200);
    expect(setup.html).toContain('<img class="qr" src="data:image/svg+xml;base64,');
    const secret = /<code>([A-Z2-7]+)<\/code>/.exec(setup.html)?.[1] ?? '';
    const at = (date: Date) => generate({ secret, epoch: Math.floor(date.getTime() / 1000) });
    const enabled = await c.form('/en/account/two-factor', { otp: await at(clock.now()) });
    const codes = [
      ...(await enabled.text()).matchAll(/<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/g),
    ].map((m) => m[1]!);
    expect(codes).toHaveLength(10);

    const other = client(t.baseUrl);
    const missing = await other.api('POST', '/session', {
      email: 'totp@example.org',
      password: GOOD_PASSWORD,
    });
    expect((await missing.json()).error.code).toBe('otp_required');
    clock.advance(30);
    const withTotp = await other.api('POST', '/session', {
      email: 'totp@example.org',
      password: GOOD_PASSWORD,
      otp: await at(clock.now()),
    });
    expect(withTotp.status).toBe(200);
    const recovery = { email: 'totp@example.org', password: GOOD_PASSWORD, otp: codes[0]! };
    expect((await client(t.baseUrl).api('POST', '/session', recovery)).status).toBe(200);
    const reused = await client(t.baseUrl).api('POST', '/session', recovery);
    expect((await reused.json()).error.code).toBe('otp_invalid');

    // The pages: password, then the second step within 10 minutes, then back to returnTo.
    const browser = client(t.baseUrl);
    await browser.page('/en/sign-in');
    const step1 = await browser.form('/en/sign-in', {
      email: 'totp@example.org',
      password: GOOD_PASSWORD,
      returnTo: '/en/videos',
    });
    expect(step1.headers.get('location')).toBe('/en/sign-in/second-factor?returnTo=%2Fen%2Fvideos');
    expect((await browser.api('GET', '/account')).status).toBe(401);
    const second = await browser.page(step1.headers.get('location') ?? '');
    expect(second.html).toContain('App code or recovery code');
    const wrongOtp = await browser.form('/en/sign-in/second-factor', {
      otp: '000000',
      returnTo: '/en/videos',
    });
    expect(wrongOtp.status).toBe(401);
    clock.advance(30);
    const step2 = await browser.form('/en/sign-in/second-factor', {
      otp: await at(clock.now()),
      returnTo: '/en/videos',
    });
    expect(step2.headers.get('location')).toBe('/en/videos');
    expect((await browser.api('GET', '/account')).status).toBe(200);

    const late = client(t.baseUrl);
    await late.page('/en/sign-in');
    await late.form('/en/sign-in', { email: 'totp@example.org', password: GOOD_PASSWORD, returnTo: '/en/' });
    await late.page('/en/sign-in/second-factor');
    clock.advance(11 * 60);
    const expired = await late.form('/en/sign-in/second-factor', {
      otp: await at(clock.now()),
      returnTo: '/en/',
    });
    expect(expired.headers.get('location')).toBe('/en/sign-in?returnTo=%2Fen%2F');
    expect((await late.api('GET', '/account')).status).toBe(401);

    const events = await t.portal.database.db.selectFrom('security_log').select('event').execute();
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining(['totp-enabled', 'recovery-code-used']),
    );
  });

  it('names every unmet password rule, in the request language', async () => {
    const fr = client(t.baseUrl, 'fr');
    const response = await fr.api(
      'POST',
      '/accounts',
      registration('rules@example.org', { password: 'rules a' }),
    );
    expect(response.status).toBe(422);
    const message = (await response.json()).error.fields.password[0] as string;
    for (const rule of ['Au moins 12 caractères', 'Sans espaces', 'majuscule', 'chiffre', 'symbole', '« @ »'])
      expect(message).toContain(rule);
    const common = await fr.api(
      'POST',
      '/accounts',
      registration('rules@example.org', { password: '1qaz2wsx3edc' }),
    );
    const commonBody = await common.json();
    expect(commonBody.error.fields.password[0]).toContain('mots de passe les plus courants');
  });

  it('creates users for operators with a role (portal users create through the running portal)', async () => {
    const created = await callOperator<{ role: string }>(t.dataDir, 'users/create', {
      email: 'editor@example.org',
      password: GOOD_PASSWORD,
      role: 'editor',
      verified: true,
    });
    expect(created.role).toBe('editor');
    const c = client(t.baseUrl);
    const signedIn = await c.api('POST', '/session', {
      email: 'editor@example.org',
      password: GOOD_PASSWORD,
    });
    expect((await signedIn.json()).role).toBe('editor');
    await expect(
      callOperator(t.dataDir, 'users/create', { email: 'editor@example.org', password: GOOD_PASSWORD }),
    ).rejects.toThrow(/already exists/);
  });
});
