/** The mail port: what features use to send an email, whatever carries it (SMTP or the outbox). */

export type MailLanguage = 'fr' | 'en';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  /** Every message has a plain-text part… */
  readonly text: string;
  /** …and an HTML part, already escaped by the template. */
  readonly html: string;
  /** Language of the content; sent as Content-Language. */
  readonly language: MailLanguage;
  /** Extra headers (List-Unsubscribe, List-Id…); the adapters add them as given. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * True when the relay refused the message for good (an SMTP 5xx reply): sending it again would fail
 * the same way, so the caller stops mail to that address. Anything else (4xx, a dropped connection,
 * a timeout) is transient and worth retrying later.
 */
export function isPermanentMailFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * True when the relay may or may not have taken a handed-over message: the connection was lost after
 * its end-of-data mark, before the relay's reply (hand-over.ts). Sending it again risks a copy twice.
 */
export function isUnknownMailOutcome(error: unknown): boolean {
  return (error as { unknownOutcome?: unknown } | null)?.unknownOutcome === true;
}

export interface SendOptions {
  /**
   * Called synchronously once the whole message but its hand-over is out of this process (SMTP:
   * every byte but the end-of-data mark in the kernel's socket buffer; the outbox: its temporary
   * file written); the hand-over (the mark, the file's rename) follows in the same synchronous step,
   * so nothing else runs between the two. Record there, synchronously, that the message is handed
   * over (the newsletter's hand-over journal): a process killed before the record has handed
   * nothing over; killed after, the message is whole on its way. If it throws, the message is
   * abandoned (the relay discards it, no file is left) and send rejects with its error.
   */
  readonly atHandOver?: () => void;
}

export interface MailTransport {
  send(message: MailMessage, options?: SendOptions): Promise<void>;
  /** Release connections; safe to call twice. */
  close(): Promise<void>;
}

/** The part of a pino logger the mail adapters use. */
export interface MailLogger {
  info(obj: Record<string, unknown>, msg: string): void;
}

/**
 * Who a message comes from: MAIL_FROM as written, or per message language (the portal's name in that
 * language over MAIL_FROM's address).
 */
export type MailSender =
  | string
  | ((language: MailLanguage) => { readonly name: string; readonly address: string });

/** The sender of a message in its language, as the From header writes it (nodemailer quotes the name). */
export function senderOf(
  sender: MailSender,
  language: MailLanguage,
): string | { name: string; address: string } {
  if (typeof sender === 'string') return sender;
  const { name, address } = sender(language);
  return { name, address };
}

/** The same, as one line for logs and the outbox's index. */
export function senderLine(sender: MailSender, language: MailLanguage): string {
  const from = senderOf(sender, language);
  return typeof from === 'string' ? from : `${from.name} <${from.address}>`;
}
