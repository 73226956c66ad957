/**
 * Account mail leaves the request path: `post()` returns at once and the message is sent in the
 * background, so that an answer takes the same time whether or not a mail was sent (no timing
 * oracle on registered emails). Codes never touch the database in clear, hence no durable job:
 * a message lost in a crash is recovered with "send a new code". `drain()` waits for what is queued.
 */
import type { MailMessage, MailTransport } from '../platform/mail/index.ts';

export interface AccountMailer {
  post(message: MailMessage): void;
  drain(): Promise<void>;
}

export function createAccountMailer(
  transport: MailTransport,
  logger: { error(obj: object, msg: string): void },
): AccountMailer {
  const pending = new Set<Promise<void>>();
  return {
    post(message) {
      const sending = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => transport.send(message))
        .catch((error) => logger.error({ err: error, subject: message.subject }, 'account mail failed'))
        .finally(() => pending.delete(sending));
      pending.add(sending);
    },
    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
