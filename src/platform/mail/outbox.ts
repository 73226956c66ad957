import { randomBytes } from 'node:crypto';
import { renameSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { toNodemailer } from './smtp.ts';
import {
  type MailLanguage,
  type MailLogger,
  type MailMessage,
  type MailSender,
  type MailTransport,
  type SendOptions,
  senderLine,
} from './types.ts';

/**
 * Outbox adapter, the embedded default when SMTP_URL is unset: each message becomes a pair of files
 * in <dataDir>/outbox/, <id>.eml (the complete RFC 5322 message, openable in any mail client) and
 * <id>.json (its fields, for the /dev/outbox page). Both are written to temporary names and renamed,
 * the JSON last, so a listed message is always complete. Messages carry live codes: the directory is
 * 0700 (also when an older version made it wider) and each file 0600.
 */

export interface OutboxEntry {
  readonly id: string;
  readonly createdAt: string;
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly language: MailLanguage;
  readonly text: string;
  readonly html: string;
}

export interface OutboxOptions {
  readonly dataDir: string;
  readonly from: MailSender;
  readonly logger: MailLogger;
  readonly now?: () => Date;
}

const ID_PATTERN = /^\d{8}T\d{9}Z-[0-9a-f]{8}$/;

export function outboxDir(dataDir: string): string {
  return join(dataDir, 'outbox');
}

/** Sortable by time: 20261121T053542123Z-1a2b3c4d. */
function newId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

async function writeAtomically(path: string, data: string | Buffer, atRename?: () => void): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data, { flag: 'wx', mode: 0o600 });
    // The hook and the rename in one synchronous step (SendOptions.atHandOver).
    atRename?.();
    renameSync(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function createOutboxTransport(options: OutboxOptions): MailTransport {
  const dir = outboxDir(options.dataDir);
  const now = options.now ?? (() => new Date());
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let ready: Promise<unknown> | undefined;
  // Ids sort by time; two messages in one millisecond get consecutive milliseconds to keep the order.
  let lastMs = 0;

  return {
    async send(message: MailMessage, sendOptions?: SendOptions) {
      ready ??= mkdir(dir, { recursive: true, mode: 0o700 }).then(() => chmod(dir, 0o700));
      await ready;
      const createdAt = now();
      lastMs = Math.max(createdAt.getTime(), lastMs + 1);
      const id = newId(new Date(lastMs));
      const info = await composer.sendMail(toNodemailer(options.from, message));
      const entry: OutboxEntry = {
        id,
        createdAt: createdAt.toISOString(),
        from: senderLine(options.from, message.language),
        to: message.to,
        subject: message.subject,
        language: message.language,
        text: message.text,
        html: message.html,
      };
      // Handed over by the .eml's rename (a message without its .json is still in the outbox).
      await writeAtomically(join(dir, `${id}.eml`), info.message as Buffer, sendOptions?.atHandOver);
      await writeAtomically(join(dir, `${id}.json`), `${JSON.stringify(entry, null, 2)}\n`);
      options.logger.info(
        { to: message.to, subject: message.subject, file: join(dir, `${id}.eml`) },
        'mail written to outbox',
      );
    },
    async close() {
      composer.close();
    },
  };
}

/** The messages in the outbox, newest first (at most `limit`). An absent outbox is empty. */
export async function listOutbox(dataDir: string, options: { limit?: number } = {}): Promise<OutboxEntry[]> {
  const dir = outboxDir(dataDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const ids = names
    .filter((n) => n.endsWith('.json'))
    .map((n) => n.slice(0, -'.json'.length))
    .filter((id) => ID_PATTERN.test(id))
    .sort()
    .reverse()
    .slice(0, options.limit ?? 100);
  const entries: OutboxEntry[] = [];
  for (const id of ids) {
    const entry = await readOutboxMessage(dataDir, id);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** One message by id, or null (also for ids that are not outbox ids: no path tricks). */
export async function readOutboxMessage(dataDir: string, id: string): Promise<OutboxEntry | null> {
  if (!ID_PATTERN.test(id)) return null;
  try {
    return JSON.parse(await readFile(join(outboxDir(dataDir), `${id}.json`), 'utf8')) as OutboxEntry;
  } catch {
    return null;
  }
}

/** Path of a message's .eml file, for a download link; null for a malformed id. */
export function outboxEmlPath(dataDir: string, id: string): string | null {
  return ID_PATTERN.test(id) ? join(outboxDir(dataDir), `${id}.eml`) : null;
}
