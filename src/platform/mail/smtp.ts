import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { createHandOverSender } from './hand-over.ts';
import {
  type MailMessage,
  type MailSender,
  type MailTransport,
  type SendOptions,
  senderOf,
} from './types.ts';

/**
 * SMTP adapter (nodemailer) for SMTP_URL: smtp://user:pass@host:port, or smtps:// for implicit TLS.
 * With smtp://, nodemailer upgrades with STARTTLS when the server offers it. A send with
 * `atHandOver` (the newsletter's hand-over journal) goes through hand-over.ts's connections instead
 * of nodemailer's pool: the same message (MailComposer, as sendMail builds it), its end-of-data mark
 * written right after the hook, once the rest has left the process.
 */
export interface SmtpTransportOptions {
  readonly url: string;
  /** MAIL_FROM, e.g. 'Broadcast Portal <no-reply@example.org>', or a sender per language. */
  readonly from: MailSender;
  /** Pool connections (default true): accounts mail comes in bursts. */
  readonly pool?: boolean;
  /** Extra CA certificate(s), PEM, to trust for the relay's TLS (an internal relay with a private CA). */
  readonly ca?: string | Buffer;
}

export function createSmtpTransport(options: SmtpTransportOptions): MailTransport {
  const url = new URL(options.url);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, got ${url.protocol}//`);
  }
  const connection = {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    tls: options.ca ? { ca: options.ca } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  };
  const auth = url.username
    ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
    : undefined;
  const transporter = nodemailer.createTransport({ ...connection, auth, pool: options.pool ?? true });
  const handOver = createHandOverSender({ connection, auth, maxConnections: 16 });
  let closed = false;
  return {
    async send(message: MailMessage, sendOptions?: SendOptions) {
      const mail = toNodemailer(options.from, message);
      if (!sendOptions?.atHandOver) {
        await transporter.sendMail(mail);
        return;
      }
      const node = new MailComposer(mail).compile();
      const { from, to } = node.getEnvelope();
      await handOver.send({ from: from || '', to }, await node.build(), sendOptions.atHandOver);
    },
    async close() {
      if (closed) return;
      closed = true;
      transporter.close();
      handOver.close();
    },
  };
}

/** The nodemailer message for a MailMessage; shared with the outbox so both produce the same email. */
export function toNodemailer(from: MailSender, message: MailMessage) {
  return {
    from: senderOf(from, message.language),
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: { ...message.headers, 'Content-Language': message.language },
  };
}
