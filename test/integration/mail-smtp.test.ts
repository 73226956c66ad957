import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountMailMessage, renderAccountMail } from '../../src/accounts/service/mail-templates.ts';
import { createMailTransport } from '../../src/platform/mail/index.ts';
import { createSmtpTransport } from '../../src/platform/mail/smtp.ts';
import { extractCode, startTestSmtp, type TestSmtp } from '../support/smtp.ts';

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
