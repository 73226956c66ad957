import nodemailer from 'nodemailer';
import { type MailMessage, type MailSender, type MailTransport, senderOf } from './types.ts';

/**
 * SMTP adapter (nodemailer) for SMTP_URL: smtp://user:pass@host:port, or smtps:// for implicit TLS.
 * With smtp://, nodemailer upgrades with STARTTLS when the server offers it.
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
  const transporter = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    pool: options.pool ?? true,
    tls: options.ca ? { ca: options.ca } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  let closed = false;
  return {
    async send(message: MailMessage) {
      await transporter.sendMail(toNodemailer(options.from, message));
    },
    async close() {
      if (closed) return;
      closed = true;
      transporter.close();
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
