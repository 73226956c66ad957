/**
 * Issue 12, accounts: the attacks of the audit against a running portal, in each database mode.
 * Pending registrations cannot be taken over (API and form); code checks answer a registered email
 * without a live code exactly like an unknown one (every endpoint); the current password cannot be
 * guessed without limit, and an API token may not change it nor delete the account; concurrent wrong
 * passwords never get more evaluations than the limit; IPv6 clients share limits per /64.
 */
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccounts } from '../../src/accounts/module.ts';
import { createMailTransport } from '../../src/platform/mail/index.ts';
import {
  type Client,
  client,
  GOOD_PASSWORD,
  OTHER_PASSWORD,
  registerAndVerify,
  registration,
  testClock,
} from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { extractCode, startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { waitFor } from '../support/time-scale.ts';

/** The error messages a page shows next to its fields. */
const fieldErrors = (html: string) =>
  [...html.matchAll(/<p class="field-error"[^>]*>([^<]*)<\/p>/g)].map((m) => m[1]);

describe.each(databaseModes())('accounts security on %s', (mode) => {
  let t: TestPortal;
  let smtp: TestSmtp;
  const clock = testClock();
  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestPortal(mode, { env: { SMTP_URL: smtp.url }, demo: false, clock: clock.now });
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.close();
  });
  // Every test starts past the daily windows of the previous one (all requests come from 127.0.0.1).
  beforeEach(() => clock.advance(2 * 86_400));

  const latestCode = async (email: string) => {
    await new Promise((r) => setTimeout(r, 50));
    const mails = smtp.messages.filter((m) => m.envelopeTo.includes(email));
    return extractCode(mails[mails.length - 1]!);
  };

  describe('2. a pending registration cannot be taken over', () => {
    it('through the API: the first registration keeps its password and details, the answer is the same', async () => {
      const owner = client(t.baseUrl);
      const first = await owner.api('POST', '/accounts', registration('pending@example.org'));
      expect(first.status).toBe(202);
      await smtp.waitForMessage('pending@example.org');
      clock.advance(61);

      const attacker = client(t.baseUrl);
      const takeover = await attacker.api(
        'POST',
        '/accounts',
        registration('pending@example.org', { password: OTHER_PASSWORD, firstName: 'Mallory' }),
      );
      const fresh = await client(t.baseUrl).api('POST', '/accounts', registration('fresh-2@example.org'));
      expect(takeover.status).toBe(fresh.status);
      expect(await takeover.text()).toBe(await fresh.text());
      const names = (r: Response) => [...r.headers.keys()].filter((h) => h !== 'date').sort();
      expect(names(takeover)).toEqual(names(fresh));

      // The code is sent again (the cooldown has passed): the owner confirms with the newest one.
      await smtp.waitForMessage('pending@example.org');
      const verified = await owner.api('POST', '/accounts/verification', {
        email: 'pending@example.org',
        code: await latestCode('pending@example.org'),
      });
      expect(verified.status).toBe(200);
      expect((await verified.json()).firstName).toBe('Camille');
      const withAttackers = await client(t.baseUrl).api('POST', '/session', {
        email: 'pending@example.org',
        password: OTHER_PASSWORD,
      });
      expect(withAttackers.status).toBe(401);
      const withOwners = await client(t.baseUrl).api('POST', '/session', {
        email: 'pending@example.org',
        password: GOOD_PASSWORD,
      });
      expect(withOwners.status).toBe(200);
    });

    it('through the registration form', async () => {
      const form = (c: Client, email: string, password: string, firstName: string) =>
        c.form('/en/register', {
          ...(registration(email, { password, firstName }) as unknown as Record<string, string>),
          passwordConfirm: password,
          acceptTerms: 'on',
        });
      const owner = client(t.baseUrl);
      await owner.page('/en/register');
      const first = await form(owner, 'pending-form@example.org', GOOD_PASSWORD, 'Camille');
      expect(first.status).toBe(303);
      await smtp.waitForMessage('pending-form@example.org');
      clock.advance(61);

      const attacker = client(t.baseUrl);
      await attacker.page('/en/register');
      const takeover = await form(attacker, 'pending-form@example.org', OTHER_PASSWORD, 'Mallory');
      expect(takeover.status).toBe(303);
      expect(takeover.headers.get('location')).toBe('/en/verify?email=pending-form%40example.org');
      await smtp.waitForMessage('pending-form@example.org');

      const verified = await owner.api('POST', '/accounts/verification', {
        email: 'pending-form@example.org',
        code: await latestCode('pending-form@example.org'),
      });
      expect((await verified.json()).firstName).toBe('Camille');
      const signIn = (password: string) =>
        client(t.baseUrl).api('POST', '/session', { email: 'pending-form@example.org', password });
      expect((await signIn(OTHER_PASSWORD)).status).toBe(401);
      expect((await signIn(GOOD_PASSWORD)).status).toBe(200);
    });
  });

  describe('6. code checks answer a registered email without a live code like an unknown one', () => {
    it('reset confirm (API) and the reset pages', async () => {
      await registerAndVerify(t.baseUrl, smtp, 'no-reset-code@example.org');
      const c = client(t.baseUrl);
      const confirm = async (email: string) => {
        const r = await c.api('POST', '/password-reset/confirm', {
          email,
          code: '123456',
          password: 'Some-Fine-Pass-77',
        });
        return [r.status, await r.text()];
      };
      expect(await confirm('no-reset-code@example.org')).toEqual(await confirm('nobody-6a@example.org'));

      const page = async (path: string, email: string) => {
        const b = client(t.baseUrl);
        await b.page(`/en/password-reset/code?email=${encodeURIComponent(email)}`);
        const r = await b.form(path, {
          email,
          code: '123456',
          password: 'Some-Fine-Pass-77',
          passwordConfirm: 'Some-Fine-Pass-77',
          returnTo: '/en/',
        });
        return [r.status, fieldErrors(await r.text())];
      };
      for (const path of ['/en/password-reset/code', '/en/password-reset/new-password'])
        expect(await page(path, 'no-reset-code@example.org'), path).toEqual(
          await page(path, 'nobody-6b@example.org'),
        );

      // After a completed reset the code is used up: still the answer of an unknown email with the
      // same history (one reset request at the same time).
      await c.api('POST', '/password-reset', { email: 'no-reset-code@example.org' });
      await c.api('POST', '/password-reset', { email: 'nobody-6c@example.org' });
      const code = extractCode(await smtp.waitForMessage('no-reset-code@example.org'));
      const done = await c.api('POST', '/password-reset/confirm', {
        email: 'no-reset-code@example.org',
        code,
        password: 'Some-Fine-Pass-77',
      });
      expect(done.status).toBe(200);
      expect(await confirm('no-reset-code@example.org')).toEqual(await confirm('nobody-6c@example.org'));
    });

    it('verification (API and page) of a pending account that has no code', async () => {
      // A send just before the registration: the registration itself may not send (cooldown).
      const c = client(t.baseUrl);
      for (const email of ['codeless@example.org', 'nobody-6d@example.org'])
        expect((await c.api('POST', '/accounts/verification/resend', { email })).status).toBe(202);
      expect((await c.api('POST', '/accounts', registration('codeless@example.org'))).status).toBe(202);
      // The registration is stored by a job after the answer: wait for it.
      await waitFor(
        () =>
          t.portal.database.db
            .selectFrom('users')
            .select('id')
            .where('email_normalized', '=', 'codeless@example.org')
            .executeTakeFirst(),
        10_000,
        'the registration to be stored',
      );

      const api = async (email: string) => {
        const r = await c.api('POST', '/accounts/verification', { email, code: '123456' });
        return [r.status, await r.text()];
      };
      const page = async (email: string) => {
        const b = client(t.baseUrl);
        await b.page(`/en/verify?email=${encodeURIComponent(email)}`);
        const r = await b.form('/en/verify', { email, code: '123456' });
        return [r.status, fieldErrors(await r.text())];
      };
      expect(await api('codeless@example.org')).toEqual(await api('nobody-6d@example.org'));
      expect(await page('codeless@example.org')).toEqual(await page('nobody-6d@example.org'));
      clock.advance(31 * 60);
      expect(await api('codeless@example.org')).toEqual(await api('nobody-6e@example.org'));
      expect(await page('codeless@example.org')).toEqual(await page('nobody-6e@example.org'));
    });
  });

  describe('7. the current password cannot be guessed without limit', () => {
    // The user's language: the request's (Accept-Language), as everywhere in the API.
    const fr = { 'accept-language': 'fr' };
    const guesses: [string, (c: Client) => Promise<Response>][] = [
      [
        'password change',
        (c) =>
          c.api(
            'POST',
            '/account/password',
            { currentPassword: 'Wrong-Guess-123!', password: OTHER_PASSWORD },
            fr,
          ),
      ],
      ['account deletion', (c) => c.api('DELETE', '/account', { password: 'Wrong-Guess-123!' }, fr)],
      [
        'turning 2FA off',
        (c) => c.api('DELETE', '/account/two-factor', { password: 'Wrong-Guess-123!' }, fr),
      ],
    ];
    for (const [name, guess] of guesses) {
      it(`${name}: 10 wrong passwords, then 429 with Retry-After in the user's language`, async () => {
        const email = `guess-${name.replace(/\W/g, '')}@example.org`;
        const c = await registerAndVerify(t.baseUrl, smtp, email);
        const statuses: number[] = [];
        let last: Response | null = null;
        for (let i = 0; i < 15; i++) {
          last = await guess(c);
          statuses.push(last.status);
          if (last.status === 429) break;
        }
        expect(statuses.filter((s) => s === 403)).toHaveLength(10);
        expect(last?.status).toBe(429);
        expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
        const body = await last!.json();
        expect(body.error.code).toBe('rate_limited');
        expect(body.error.message).toMatch(/Trop de tentatives/);
        // The same throttle as sign-in: the account's password cannot be tried there either.
        const signIn = await client(t.baseUrl).api('POST', '/session', { email, password: GOOD_PASSWORD });
        expect(signIn.status).toBe(429);
      });
    }

    it('the profile form counts the same failures', async () => {
      const c = await registerAndVerify(t.baseUrl, smtp, 'guess-form@example.org');
      await c.page('/en/account');
      let status = 0;
      for (let i = 0; i < 11; i++) {
        const r = await c.form('/en/account/password', {
          currentPassword: 'Wrong-Guess-123!',
          password: OTHER_PASSWORD,
        });
        status = r.status;
        await r.text();
      }
      expect(status).toBe(429);
    });

    it('an API token may not change the password nor delete the account', async () => {
      const c = await registerAndVerify(t.baseUrl, smtp, 'token-owner@example.org');
      const { token } = await (await c.api('POST', '/account/tokens', { name: 'script' })).json();
      const bearer = { authorization: `Bearer ${token}`, cookie: '' };
      const bot = client(t.baseUrl);
      const change = await bot.api(
        'POST',
        '/account/password',
        { currentPassword: GOOD_PASSWORD, password: OTHER_PASSWORD },
        bearer,
      );
      expect(change.status).toBe(403);
      expect((await change.json()).error.code).toBe('session_required');
      const remove = await bot.api('DELETE', '/account', { password: GOOD_PASSWORD }, bearer);
      expect(remove.status).toBe(403);
      expect((await remove.json()).error.code).toBe('session_required');
      expect((await c.api('GET', '/account')).status).toBe(200);
      const signIn = await client(t.baseUrl).api('POST', '/session', {
        email: 'token-owner@example.org',
        password: GOOD_PASSWORD,
      });
      expect(signIn.status).toBe(200);
    });
  });

  it('12. 40 concurrent wrong passwords: never more evaluated than the limit (10)', async () => {
    await registerAndVerify(t.baseUrl, smtp, 'race@example.org');
    clock.advance(3601);
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        client(t.baseUrl).api('POST', '/session', {
          email: 'race@example.org',
          password: 'Wrong-Guess-123!',
        }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    const evaluated = statuses.filter((s) => s === 401).length;
    console.log(
      `lockout race (${mode}): ${evaluated} evaluated, ${statuses.filter((s) => s === 429).length} refused`,
    );
    expect(evaluated).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  });

  it('IPv6 clients share the per-IP limit by /64', async () => {
    const accounts = await createAccounts({
      db: t.portal.database.db,
      secret: 'y'.repeat(32),
      publicUrl: 'http://localhost',
      mail: createMailTransport({
        smtpUrl: smtp.url,
        from: 'a@b.example',
        dataDir: t.dataDir,
        logger: pino({ level: 'silent' }),
      }),
      logger: pino({ level: 'silent' }),
      clock: clock.now,
    });
    try {
      const signIn = (email: string, ip: string) =>
        accounts.services.sessions.signIn(email, 'Wrong-Guess-123!', { ip, userAgent: 'test' });
      // 30 failures per IP in 15 minutes, each from another address of one /64, each on another email.
      for (let i = 0; i < 30; i++)
        expect((await signIn(`spray-${i}@example.org`, `2001:db8:7:7::${(i + 1).toString(16)}`)).kind).toBe(
          'invalid',
        );
      expect((await signIn('spray-x@example.org', '2001:db8:7:7:ffff::1')).kind).toBe('limited');
      expect((await signIn('spray-y@example.org', '2001:db8:7:8::1')).kind).toBe('invalid');
    } finally {
      await accounts.stop();
    }
  });
});
