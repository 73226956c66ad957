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

export interface MailTransport {
  send(message: MailMessage): Promise<void>;
  /** Release connections; safe to call twice. */
  close(): Promise<void>;
}

/** The part of a pino logger the mail adapters use. */
export interface MailLogger {
  info(obj: Record<string, unknown>, msg: string): void;
}
