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
}

export interface MailTransport {
  send(message: MailMessage): Promise<void>;
  /** Release connections; safe to call twice. */
  close(): Promise<void>;
}

/** The part of a pino logger the mail adapters use. */
export interface MailLogger {
  info(obj: Record<string, unknown>, msg: string): void;
}
