import { createOutboxTransport } from './outbox.ts';
import { createSmtpTransport } from './smtp.ts';
import type { MailLanguage, MailLogger, MailSender, MailTransport } from './types.ts';

export type { OutboxEntry } from './outbox.ts';
export { listOutbox, outboxEmlPath, readOutboxMessage } from './outbox.ts';
export type {
  MailLanguage,
  MailLogger,
  MailMessage,
  MailSender,
  MailTransport,
  SendOptions,
} from './types.ts';
export { isPermanentMailFailure, isUnknownMailOutcome } from './types.ts';

/** SMTP when SMTP_URL is set, else the outbox in DATA_DIR (the embedded default). */
export function createMailTransport(options: {
  smtpUrl: string | null;
  /** MAIL_FROM: the address (and, without `fromName`, the name) mail comes from. */
  from: string;
  /** The sender's name in the message's language; MAIL_FROM's address is kept. */
  fromName?: (language: MailLanguage) => string;
  dataDir: string;
  logger: MailLogger;
}): MailTransport {
  const { fromName } = options;
  const address = /<([^>]+)>/.exec(options.from)?.[1]?.trim() ?? options.from.trim();
  const from: MailSender = fromName ? (language) => ({ name: fromName(language), address }) : options.from;
  if (options.smtpUrl) return createSmtpTransport({ url: options.smtpUrl, from });
  return createOutboxTransport({ dataDir: options.dataDir, from, logger: options.logger });
}
