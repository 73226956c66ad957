import { createOutboxTransport } from './outbox.ts';
import { createSmtpTransport } from './smtp.ts';
import type { MailLogger, MailTransport } from './types.ts';

export type { OutboxEntry } from './outbox.ts';
export { listOutbox, outboxEmlPath, readOutboxMessage } from './outbox.ts';
export type { MailLanguage, MailLogger, MailMessage, MailTransport } from './types.ts';
export { isPermanentMailFailure } from './types.ts';

/** SMTP when SMTP_URL is set, else the outbox in DATA_DIR (the embedded default). */
export function createMailTransport(options: {
  smtpUrl: string | null;
  from: string;
  dataDir: string;
  logger: MailLogger;
}): MailTransport {
  if (options.smtpUrl) return createSmtpTransport({ url: options.smtpUrl, from: options.from });
  return createOutboxTransport({ dataDir: options.dataDir, from: options.from, logger: options.logger });
}
