/**
 * Issue 12, item 15: lockout abuse. Wrong codes or passwords that lock an email tell its owner by
 * mail, in the account's language, once per window (not per failure); a longer-term back-off per
 * email caps failures over 24 h, bounded to a day; a completed reset frees the owner's sign-in.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client, registerAndVerify, testClock } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { extractCode, startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { scaled } from '../support/time-scale.ts';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(databaseModes())('lockout abuse on %s', (mode) => {
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
  beforeEach(() => clock.advance(2 * 86_400));

  const notices = (email: string) =>
    smtp.messages.filter((m) => m.envelopeTo.includes(email) && /bloqu|blocked/i.test(m.subject));

  it('tells the owner once, in their language, when wrong codes lock the email', async () => {
    const owner = await registerAndVerify(t.baseUrl, smtp, 'locked@example.org');
    await owner.api('PATCH', '/account', { language: 'fr' });
    const c = client(t.baseUrl);
    const wrong = () =>
      c.api('POST', '/password-reset/confirm', {
        email: 'locked@example.org',
        code: '000000',
        password: 'Some-Fine-Pass-77',
      });
    for (let i = 0; i < 20; i++) expect((await wrong()).status).toBe(422);
    const locked = await wrong();
    expect(locked.status).toBe(429);
    const mail = await smtp.waitForMessage('locked@example.org', (m) => /bloqu/i.test(m.subject));
    expect(mail.language).toBe('fr');
    expect(mail.text).toMatch(/codes erronés/);
    for (let i = 0; i < 5; i++) await wrong();
    await pause(scaled(1500));
    expect(notices('locked@example.org')).toHaveLength(1);
  });

  it('backs off over 24 h (bounded to a day), and a reset frees the sign-in', async () => {
    await registerAndVerify(t.baseUrl, smtp, 'backoff@example.org');
    const c = client(t.baseUrl);
    const signIn = () =>
      c.api('POST', '/session', { email: 'backoff@example.org', password: 'Wrong-Guess-1!' });
    // 10 failures per 15 minutes; 50 in a day lock the email until the first of them is a day old.
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 10; i++) expect((await signIn()).status).toBe(401);
      expect((await signIn()).status).toBe(429);
      clock.advance(16 * 60);
    }
    const dayLocked = await signIn();
    expect(dayLocked.status).toBe(429);
    expect(Number(dayLocked.headers.get('retry-after'))).toBeGreaterThan(20 * 3600);
    expect(Number(dayLocked.headers.get('retry-after'))).toBeLessThanOrEqual(86_400);
    await pause(scaled(1500));
    expect(notices('backoff@example.org').length).toBeGreaterThanOrEqual(1);
    expect(notices('backoff@example.org').length).toBeLessThanOrEqual(2);

    // The owner proves the mailbox: the sign-in lock is gone.
    expect((await c.api('POST', '/password-reset', { email: 'backoff@example.org' })).status).toBe(202);
    const code = extractCode(
      await smtp.waitForMessage('backoff@example.org', (m) => /réinitialisation|reset/i.test(m.subject)),
    );
    expect(
      (
        await c.api('POST', '/password-reset/confirm', {
          email: 'backoff@example.org',
          code,
          password: 'Some-Fine-Pass-77',
        })
      ).status,
    ).toBe(200);
    const back = await c.api('POST', '/session', {
      email: 'backoff@example.org',
      password: 'Some-Fine-Pass-77',
    });
    expect(back.status).toBe(200);
  });
});
