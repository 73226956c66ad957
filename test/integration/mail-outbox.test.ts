import { readdirSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderAccountMail } from '../../src/accounts/service/mail-templates.ts';
import {
  createMailTransport,
  listOutbox,
  outboxEmlPath,
  readOutboxMessage,
} from '../../src/platform/mail/index.ts';

const FROM = 'Broadcast Portal <no-reply@localhost>';

describe('outbox transport', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'outbox-test-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes each message as a JSON + .eml pair, logs one line, and lists newest first', async () => {
    const logs: { obj: Record<string, unknown>; msg: string }[] = [];
    const transport = createMailTransport({
      smtpUrl: null,
      from: FROM,
      dataDir,
      logger: { info: (obj, msg) => logs.push({ obj, msg }) },
    });
    await transport.send({
      to: 'first@example.org',
      subject: 'First',
      text: 'one',
      html: '<p>one</p>',
      language: 'en',
    });
    const rendered = renderAccountMail({
      kind: 'reset-password',
      language: 'fr',
      code: '314159',
      validMinutes: 30,
      siteName: 'Portail',
    });
    await transport.send({ to: 'second@example.org', ...rendered });
    await transport.close();

    const files = (await readdir(join(dataDir, 'outbox'))).sort();
    expect(files).toHaveLength(4);
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(2);
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(2);
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);

    const list = await listOutbox(dataDir);
    expect(list.map((e) => e.to)).toEqual(['second@example.org', 'first@example.org']);
    const [second] = list;
    expect(second).toMatchObject({
      subject: rendered.subject,
      language: 'fr',
      from: FROM,
      text: rendered.text,
      html: rendered.html,
    });
    expect(await readOutboxMessage(dataDir, second!.id)).toEqual(second);

    // The .eml is a complete message with both parts.
    const eml = await readFile(outboxEmlPath(dataDir, second!.id)!);
    const parsed = await simpleParser(eml);
    expect(parsed.subject).toBe(rendered.subject);
    expect(parsed.text).toContain('314159');
    expect(parsed.html).toContain('314159');
    expect(parsed.headers.get('content-language')).toBe('fr');

    expect(logs).toHaveLength(2);
    expect(logs[1]!.msg).toBe('mail written to outbox');
    expect(logs[1]!.obj).toMatchObject({ to: 'second@example.org', subject: rendered.subject });
    expect(String(logs[1]!.obj.file)).toMatch(/\.eml$/);
  });

  it('is empty before the first message, honours the limit, and refuses path tricks', async () => {
    expect(await listOutbox(dataDir)).toEqual([]);
    const transport = createMailTransport({ smtpUrl: null, from: FROM, dataDir, logger: { info: () => {} } });
    for (let i = 0; i < 3; i++) {
      await transport.send({
        to: `u${i}@example.org`,
        subject: `s${i}`,
        text: 't',
        html: '<p>t</p>',
        language: 'en',
      });
    }
    expect(await listOutbox(dataDir, { limit: 2 })).toHaveLength(2);
    expect(await readOutboxMessage(dataDir, '../../etc/passwd')).toBeNull();
    expect(outboxEmlPath(dataDir, '../x')).toBeNull();
  });

  it('hands a message over by its rename: the hook runs first, and a failing hook leaves no file', async () => {
    const transport = createMailTransport({ smtpUrl: null, from: FROM, dataDir, logger: { info: () => {} } });
    const message = {
      to: 'h@example.org',
      subject: 'held',
      text: 't',
      html: '<p>t</p>',
      language: 'en' as const,
    };
    const emls = async () => (await readdir(join(dataDir, 'outbox'))).filter((n) => n.endsWith('.eml'));
    const during: string[][] = [];
    await transport.send(message, {
      atHandOver: () =>
        void during.push(readdirSync(join(dataDir, 'outbox')).filter((n) => n.endsWith('.eml'))),
    });
    expect(during).toEqual([[]]);
    expect(await emls()).toHaveLength(1);
    await expect(
      transport.send(message, {
        atHandOver: () => {
          throw new Error('ledger unavailable');
        },
      }),
    ).rejects.toThrow(/ledger unavailable/);
    expect(await readdir(join(dataDir, 'outbox'))).toHaveLength(2);
    expect(await listOutbox(dataDir)).toHaveLength(1);
  });
});
