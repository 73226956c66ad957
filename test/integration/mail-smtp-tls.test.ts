import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MailTransport } from '../../src/platform/mail/index.ts';
import { createSmtpTransport } from '../../src/platform/mail/smtp.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { scaled } from '../support/time-scale.ts';

const FROM = 'Broadcast Portal <no-reply@portal.test>';
const message = {
  to: 'tls@example.org',
  subject: 'TLS',
  text: 'over TLS',
  html: '<p>over TLS</p>',
  language: 'en' as const,
};

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A send with a hand-over point (the newsletter's) goes over the same TLS, its hook run once. */
async function expectHandOverSecure(transport: MailTransport, smtp: TestSmtp): Promise<void> {
  let hooks = 0;
  await transport.send(
    { ...message, to: 'handover@example.org' },
    {
      atHandOver: () => {
        hooks += 1;
      },
    },
  );
  expect(hooks).toBe(1);
  expect((await smtp.waitForMessage('handover@example.org')).secure).toBe(true);
}

// A throwaway self-signed certificate for 127.0.0.1, trusted through the transport's `ca` option.
describe.skipIf(!hasOpenssl())('SMTP transport over TLS', () => {
  let dir: string;
  let key: Buffer;
  let cert: Buffer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'smtp-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    key = await readFile(join(dir, 'key.pem'));
    cert = await readFile(join(dir, 'cert.pem'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('smtps:// speaks TLS from the first byte and authenticates', async () => {
    const smtp = await startTestSmtp({ tls: { key, cert }, secure: true, auth: { user: 'u', pass: 'p' } });
    const transport = createSmtpTransport({ url: smtp.url, from: FROM, ca: cert });
    try {
      expect(smtp.url).toMatch(/^smtps:\/\//);
      await transport.send(message);
      const mail = await smtp.waitForMessage('tls@example.org');
      expect(mail.secure).toBe(true);
      expect(mail.auth).toEqual({ user: 'u', pass: 'p' });
      expect(mail.text).toContain('over TLS');
      expect(mail.html).toContain('<p>over TLS</p>');
      await expectHandOverSecure(transport, smtp);
    } finally {
      await transport.close();
      await smtp.close();
    }
  });

  it('smtp:// upgrades with STARTTLS when the server offers it', async () => {
    const smtp = await startTestSmtp({ tls: { key, cert } });
    const transport = createSmtpTransport({ url: smtp.url, from: FROM, ca: cert });
    try {
      await transport.send(message);
      expect((await smtp.waitForMessage('tls@example.org')).secure).toBe(true);
      await expectHandOverSecure(transport, smtp);
    } finally {
      await transport.close();
      await smtp.close();
    }
  });

  it('refuses a certificate it does not trust', async () => {
    const smtp = await startTestSmtp({ tls: { key, cert }, secure: true });
    const transport = createSmtpTransport({ url: smtp.url, from: FROM, pool: false });
    try {
      await expect(transport.send(message)).rejects.toThrow(/certificate/i);
      expect(smtp.messages).toHaveLength(0);
      await vi.waitFor(() => expect(smtp.errors.length).toBeGreaterThan(0), { timeout: scaled(1000) });
    } finally {
      await transport.close();
      await smtp.close();
    }
  });
});
