import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountMailMessage, renderAccountMail } from '../../src/accounts/service/mail-templates.ts';
import {
  createMailTransport,
  isPermanentMailFailure,
  isUnknownMailOutcome,
} from '../../src/platform/mail/index.ts';
import { createSmtpTransport } from '../../src/platform/mail/smtp.ts';
import { extractCode, startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { waitFor } from '../support/time-scale.ts';

const FROM = 'Broadcast Portal <no-reply@portal.test>';
const silent = { info: () => {} };

describe('SMTP transport against a real SMTP server', () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('delivers a message with text and HTML parts, in its language', async () => {
    const transport = createMailTransport({
      smtpUrl: smtp.url,
      from: FROM,
      dataDir: '/nonexistent',
      logger: silent,
    });
    try {
      const rendered = renderAccountMail({
        kind: 'verify-email',
        language: 'fr',
        firstName: 'Élodie',
        code: '042917',
        validMinutes: 30,
        siteName: 'Broadcast Portal',
      });
      await transport.send(accountMailMessage('Elodie@Example.org', rendered));
      const mail = await smtp.waitForMessage('elodie@example.org');
      expect(mail.envelopeFrom).toBe('no-reply@portal.test');
      expect(mail.from).toBe('no-reply@portal.test');
      expect(mail.subject).toBe('Votre code de vérification : 042917');
      expect(mail.text).toContain('Bonjour Élodie,');
      expect(mail.text).toContain('Ce code expirera dans 30 minutes.');
      expect(mail.html).toContain('<html lang="fr">');
      expect(mail.html).toContain('042917');
      expect(mail.language).toBe('fr');
      expect(mail.raw).toMatch(/Content-Type: multipart\/alternative/i);
      expect(extractCode(mail)).toBe('042917');
    } finally {
      await transport.close();
    }
  });

  it('waitForMessage returns each message once, in order, and waits for the next', async () => {
    const transport = createSmtpTransport({ url: smtp.url, from: FROM });
    try {
      const send = (code: string) =>
        transport.send({
          to: 'seq@example.org',
          subject: `code ${code}`,
          text: `Code ${code}`,
          html: `<p>${code}</p>`,
          language: 'en',
        });
      await send('111111');
      expect(extractCode(await smtp.waitForMessage('seq@example.org'))).toBe('111111');
      const next = smtp.waitForMessage('seq@example.org');
      await send('222222');
      expect(extractCode(await next)).toBe('222222');
      await expect(smtp.waitForMessage('seq@example.org', undefined, 200)).rejects.toThrow(
        /no message to seq@example.org/,
      );
    } finally {
      await transport.close();
    }
  });
});

describe('SMTP transport with authentication', () => {
  it('authenticates with the credentials in SMTP_URL, percent-decoded', async () => {
    const smtp = await startTestSmtp({ auth: { user: 'mailer@portal.test', pass: 'p@ss:w/rd' } });
    const transport = createSmtpTransport({ url: smtp.url, from: FROM });
    try {
      expect(smtp.url).toMatch(/^smtp:\/\/mailer%40portal\.test:p%40ss%3Aw%2Frd@127\.0\.0\.1:\d+$/);
      await transport.send({
        to: 'a@example.org',
        subject: 'auth',
        text: 'hello',
        html: '<p>hello</p>',
        language: 'en',
      });
      const mail = await smtp.waitForMessage('a@example.org');
      expect(mail.auth).toEqual({ user: 'mailer@portal.test', pass: 'p@ss:w/rd' });
    } finally {
      await transport.close();
      await smtp.close();
    }
  });

  it('fails when the credentials are wrong', async () => {
    const smtp = await startTestSmtp({ auth: { user: 'mailer', pass: 'right' } });
    const transport = createSmtpTransport({
      url: `smtp://mailer:wrong@127.0.0.1:${smtp.port}`,
      from: FROM,
      pool: false,
    });
    try {
      await expect(
        transport.send({ to: 'a@example.org', subject: 's', text: 't', html: '<p>t</p>', language: 'en' }),
      ).rejects.toThrow();
      expect(smtp.messages).toHaveLength(0);
    } finally {
      await transport.close();
      await smtp.close();
    }
  });

  it('refuses a URL that is not smtp:// or smtps://', () => {
    expect(() => createSmtpTransport({ url: 'http://127.0.0.1:25', from: FROM })).toThrow(
      /smtp:\/\/ or smtps:\/\//,
    );
  });
});

/**
 * The hand-over point the newsletter's ledger relies on (src/platform/mail/hand-over.ts): the relay
 * takes a message only at its end-of-data mark, which waits for the caller's hook.
 */
describe('SMTP hand-over (atHandOver)', () => {
  const message = (to: string) => ({
    to,
    subject: 'edition',
    text: 'hello',
    html: '<p>hello</p>',
    language: 'en' as const,
  });
  const received = (smtp: TestSmtp, to: string) =>
    smtp.messages.filter((m) => m.envelopeTo.includes(to)).length;

  it('holds the message until the hook has run, then delivers it once', async () => {
    const smtp = await startTestSmtp();
    const transport = createSmtpTransport({ url: smtp.url, from: FROM });
    try {
      const during: number[] = [];
      await transport.send(message('held@example.org'), {
        atHandOver: () => {
          during.push(received(smtp, 'held@example.org'));
        },
      });
      expect(during).toEqual([0]);
      expect(received(smtp, 'held@example.org')).toBe(1);
      // The same connection serves the next message.
      await transport.send(message('next@example.org'), { atHandOver: () => {} });
      expect(received(smtp, 'next@example.org')).toBe(1);
    } finally {
      await transport.close();
      await smtp.close();
    }
  });

  it('runs the hook only once the whole message has left the process', async () => {
    // A relay that reads nothing for a while: the kernel's buffers take a few hundred kilobytes, the
    // rest of a large message waits in the sender. Recording the hand-over then, and dying before
    // the rest is written, would lose a message the ledger calls sent.
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = false;
    const smtp = await startTestSmtp({
      holdData: () => {
        holding = true;
        return gate;
      },
    });
    const transport = createSmtpTransport({ url: smtp.url, from: FROM });
    try {
      const line = `${'0123456789'.repeat(7)}\n`;
      const big = { ...message('large@example.org'), text: line.repeat(200_000), html: '<p>large</p>' };
      let hookAt = 0;
      const sending = transport.send(big, {
        atHandOver: () => {
          hookAt = Date.now();
        },
      });
      await waitFor(() => holding, 10_000, 'the relay in DATA');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(hookAt).toBe(0);
      const releasedAt = Date.now();
      release();
      await sending;
      expect(hookAt).toBeGreaterThanOrEqual(releasedAt);
      expect(received(smtp, 'large@example.org')).toBe(1);
      expect(smtp.messages.at(-1)?.text.length).toBe(big.text.length);
    } finally {
      release();
      await transport.close();
      await smtp.close();
    }
  });

  it('abandons the message when the hook fails: the relay keeps nothing, later sends go out', async () => {
    const smtp = await startTestSmtp();
    const transport = createSmtpTransport({ url: smtp.url, from: FROM });
    try {
      const failing = transport.send(message('never@example.org'), {
        atHandOver: () => {
          throw new Error('ledger unavailable');
        },
      });
      await expect(failing).rejects.toThrow(/ledger unavailable/);
      await transport.send(message('after@example.org'), { atHandOver: () => {} });
      expect(received(smtp, 'after@example.org')).toBe(1);
      expect(received(smtp, 'never@example.org')).toBe(0);
    } finally {
      await transport.close();
      await smtp.close();
    }
  });

  it('tells a refusal after the mark (an answer) from a lost answer (unknown outcome)', async () => {
    const smtp = await startTestSmtp({
      refuse: (m) =>
        m.envelopeTo.includes('refused@example.org') ? { code: 550, message: 'no such user' } : null,
      hangUpAfter: (m) => m.envelopeTo.includes('lost@example.org'),
    });
    const transport = createSmtpTransport({ url: smtp.url, from: FROM });
    try {
      const refused = await transport
        .send(message('refused@example.org'), { atHandOver: () => {} })
        .catch((e: unknown) => e);
      expect(isPermanentMailFailure(refused)).toBe(true);
      expect(isUnknownMailOutcome(refused)).toBe(false);
      const lost = await transport
        .send(message('lost@example.org'), { atHandOver: () => {} })
        .catch((e: unknown) => e);
      expect(isUnknownMailOutcome(lost)).toBe(true);
      expect(received(smtp, 'lost@example.org')).toBe(1);
      // Without a hook the same loss is an ordinary error (nothing was recorded as handed over).
      const plain = await transport.send(message('lost@example.org')).catch((e: unknown) => e);
      expect(plain).toBeInstanceOf(Error);
      expect(isUnknownMailOutcome(plain)).toBe(false);
    } finally {
      await transport.close();
      await smtp.close();
    }
  });
});
