/**
 * The accounts JSON API of docs/api.md against a running portal and a real SMTP server, in each database
 * mode: register -> code from the email -> verify (signed in) -> profile -> sign out -> sign in ->
 * reset (every session revoked) -> sign in with the new password; duplicates, unverified accounts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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

describe.each(databaseModes())('accounts API on %s', (mode) => {
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

  it('registers, verifies with the emailed code, and the session cookie signs in', async () => {
    const c = client(t.baseUrl);
    const registered = await c.api(
      'POST',
      '/accounts',
      registration('main@example.org', { newsletter: true }),
    );
    expect(registered.status).toBe(202);
    expect(await registered.json()).toEqual({ next: 'verify' });

    const mail = await smtp.waitForMessage('main@example.org');
    expect(mail.language).toBe('en');
    expect(mail.html).toContain(extractCode(mail));
    const verified = await c.api('POST', '/accounts/verification', {
      email: 'main@example.org',
      code: extractCode(mail),
    });
    expect(verified.status).toBe(200);
    const cookie = c.jar.setCookies.find((l) => l.startsWith('portal_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);

    const account = await c.api('GET', '/account');
    expect(account.status).toBe(200);
    expect(await account.json()).toEqual({
      email: 'main@example.org',
      firstName: 'Camille',
      lastName: 'Martin',
      organisation: 'Radio Exemple',
      jobTitle: '',
      country: 'FR',
      language: 'en',
      role: 'journalist',
      newsletter: true,
      twoFactor: false,
      // The account's time zone for dates shown to it; empty: the portal's (issue 15).
      timeZone: '',
    });

    const patched = await c.api('PATCH', '/account', {
      organisation: 'Télé Exemple',
      newsletter: false,
      language: 'fr',
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      organisation: 'Télé Exemple',
      newsletter: false,
      language: 'fr',
    });

    expect((await c.api('DELETE', '/session')).status).toBe(204);
    expect((await c.api('GET', '/account')).status).toBe(401);

    const again = client(t.baseUrl);
    const signedIn = await again.api('POST', '/session', {
      email: 'MAIN@example.org',
      password: GOOD_PASSWORD,
    });
    expect(signedIn.status).toBe(200);
    expect((await again.api('GET', '/account')).status).toBe(200);
  });

  it('gives a new session id at each sign-in and revokes every session after a password reset', async () => {
    const first = await registerAndVerify(t.baseUrl, smtp, 'reset@example.org');
    const second = client(t.baseUrl);
    await second.api('POST', '/session', { email: 'reset@example.org', password: GOOD_PASSWORD });
    const before = second.jar.cookies.get('portal_session');
    await second.api('POST', '/session', { email: 'reset@example.org', password: GOOD_PASSWORD });
    expect(second.jar.cookies.get('portal_session')).not.toBe(before);
    expect((await first.api('GET', '/account')).status).toBe(200);
    expect((await second.api('GET', '/account')).status).toBe(200);
    const created = await first.api('POST', '/account/tokens', { name: 'Newsroom script' });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    const byToken = () =>
      fetch(`${t.baseUrl}/api/v1/account`, { headers: { authorization: `Bearer ${token}` } });
    expect((await byToken()).status).toBe(200);

    const anonymous = client(t.baseUrl);
    expect((await anonymous.api('POST', '/password-reset', { email: 'reset@example.org' })).status).toBe(202);
    const code = extractCode(await smtp.waitForMessage('reset@example.org'));
    const weak = await anonymous.api('POST', '/password-reset/confirm', {
      email: 'reset@example.org',
      code,
      password: 'short reset',
    });
    expect(weak.status).toBe(422);
    const weakBody = await weak.json();
    expect(weakBody.error.rules).toEqual(['length', 'whitespace', 'uppercase', 'digit', 'symbol', 'email']);
    expect(weakBody.error.messages).toContain('At least 12 characters');

    const confirmed = await anonymous.api('POST', '/password-reset/confirm', {
      email: 'reset@example.org',
      code,
      password: OTHER_PASSWORD,
    });
    expect(confirmed.status).toBe(200);
    expect((await smtp.waitForMessage('reset@example.org')).subject).toBe('Your password has been changed');

    expect((await first.api('GET', '/account')).status).toBe(401);
    expect((await second.api('GET', '/account')).status).toBe(401);
    // The reset takes the account back: the API token made before it is revoked too.
    expect((await byToken()).status).toBe(401);
    const old = await anonymous.api('POST', '/session', {
      email: 'reset@example.org',
      password: GOOD_PASSWORD,
    });
    expect(old.status).toBe(401);
    const fresh = await anonymous.api('POST', '/session', {
      email: 'reset@example.org',
      password: OTHER_PASSWORD,
    });
    expect(fresh.status).toBe(200);
    // The code was used up.
    const reuse = await client(t.baseUrl).api('POST', '/password-reset/confirm', {
      email: 'reset@example.org',
      code,
      password: 'Another-Fine-Pass-55',
    });
    expect(reuse.status).toBe(422);
  });

  it('answers a duplicate registration exactly like a new one and mails the owner', async () => {
    await registerAndVerify(t.baseUrl, smtp, 'owner@example.org');
    // Past the 60 s cooldown that also spaces the mails to one address.
    clock.advance(61);
    const duplicate = await client(t.baseUrl).api('POST', '/accounts', registration('Owner@Example.org'));
    const fresh = await client(t.baseUrl).api('POST', '/accounts', registration('nobody-yet@example.org'));
    expect(duplicate.status).toBe(fresh.status);
    expect(await duplicate.text()).toBe(await fresh.text());
    const mail = await smtp.waitForMessage('owner@example.org');
    expect(mail.subject).toBe('Attempt to register with your email address');
    expect(mail.text).toContain('/en/password-reset');
    // The existing password still works; the duplicate changed nothing.
    const c = client(t.baseUrl);
    expect(
      (await c.api('POST', '/session', { email: 'owner@example.org', password: GOOD_PASSWORD })).status,
    ).toBe(200);
  });

  it('refuses to sign in an unverified account', async () => {
    const c = client(t.baseUrl);
    await c.api('POST', '/accounts', registration('pending@example.org'));
    await smtp.waitForMessage('pending@example.org');
    const response = await c.api('POST', '/session', {
      email: 'pending@example.org',
      password: GOOD_PASSWORD,
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('email_unverified');
    expect((await c.api('GET', '/account')).status).toBe(401);
  });

  it('signs out everywhere', async () => {
    const a = await registerAndVerify(t.baseUrl, smtp, 'everywhere@example.org');
    const b = client(t.baseUrl);
    await b.api('POST', '/session', { email: 'everywhere@example.org', password: GOOD_PASSWORD });
    expect((await a.api('DELETE', '/sessions')).status).toBe(204);
    expect((await a.api('GET', '/account')).status).toBe(401);
    expect((await b.api('GET', '/account')).status).toBe(401);
  });

  it('changes the password (other sessions end) and deletes the account', async () => {
    const a = await registerAndVerify(t.baseUrl, smtp, 'profile@example.org');
    const b = client(t.baseUrl);
    await b.api('POST', '/session', { email: 'profile@example.org', password: GOOD_PASSWORD });
    const wrong = await a.api('POST', '/account/password', {
      currentPassword: 'nope',
      password: OTHER_PASSWORD,
    });
    expect(wrong.status).toBe(403);
    const changed = await a.api('POST', '/account/password', {
      currentPassword: GOOD_PASSWORD,
      password: OTHER_PASSWORD,
    });
    expect(changed.status).toBe(204);
    expect((await a.api('GET', '/account')).status).toBe(200);
    expect((await b.api('GET', '/account')).status).toBe(401);

    expect((await a.api('DELETE', '/account', { password: GOOD_PASSWORD })).status).toBe(403);
    expect((await a.api('DELETE', '/account', { password: OTHER_PASSWORD })).status).toBe(204);
    expect((await a.api('GET', '/account')).status).toBe(401);
    const users = await t.portal.database.db.selectFrom('users').select('email').execute();
    expect(users.map((u) => u.email)).not.toContain('profile@example.org');
    const log = await t.portal.database.db.selectFrom('security_log').select(['event', 'user_id']).execute();
    expect(log.find((r) => r.event === 'account-deleted')?.user_id).toBeNull();
  });

  it('writes the security log', async () => {
    const rows = await t.portal.database.db.selectFrom('security_log').select(['event']).execute();
    const events = new Set(rows.map((r) => r.event));
    for (const event of [
      'registered',
      'code-sent',
      'email-verified',
      'sign-in',
      'sign-in-failed',
      'password-reset',
      'sign-out',
    ])
      expect(events, event).toContain(event);
    const codes = await t.portal.database.db.selectFrom('account_codes').select('code_hash').execute();
    for (const row of codes) expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('documents every accounts endpoint in openapi.json', async () => {
    const doc = await (await fetch(`${t.baseUrl}/api/v1/openapi.json`)).json();
    const paths = doc.paths as Record<string, Record<string, unknown>>;
    const expected: [string, string][] = [
      ['/api/v1/accounts', 'post'],
      ['/api/v1/accounts/verification', 'post'],
      ['/api/v1/accounts/verification/resend', 'post'],
      ['/api/v1/session', 'post'],
      ['/api/v1/session', 'delete'],
      ['/api/v1/sessions', 'delete'],
      ['/api/v1/account', 'get'],
      ['/api/v1/account', 'patch'],
      ['/api/v1/account/password', 'post'],
      ['/api/v1/password-reset', 'post'],
      ['/api/v1/password-reset/confirm', 'post'],
      ['/api/v1/account', 'delete'],
      ['/api/v1/account/two-factor', 'post'],
      ['/api/v1/account/two-factor/confirm', 'post'],
      ['/api/v1/account/two-factor', 'delete'],
    ];
    for (const [path, method] of expected) expect(paths[path]?.[method], `${method} ${path}`).toBeDefined();
  });
});
