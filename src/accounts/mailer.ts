/**
 * Work that must not show in a response's timing. Whether an email is registered changes what the
 * flows do (store a code, send a mail…), so that part runs in the background once the answer, the
 * same for every email, is decided. Mail goes the same way. Codes never touch the database in clear,
 * hence no durable job: a message lost in a crash is recovered with "send a new code".
 * `drain()` waits for everything queued (tests, shutdown).
 */
import type { MailMessage, MailTransport } from '../platform/mail/index.ts';

export interface Background {
  run(label: string, task: () => Promise<void>): void;
  drain(): Promise<void>;
}

export function createBackground(logger: { error(obj: object, msg: string): void }): Background {
  const pending = new Set<Promise<void>>();
  return {
    run(label, task) {
      const running = new Promise<void>((resolve) => setImmediate(resolve))
        .then(task)
        .catch((error) => logger.error({ err: error, task: label }, 'accounts background task failed'))
        .finally(() => pending.delete(running));
      pending.add(running);
    },
    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

export interface AccountMailer {
  post(message: MailMessage): void;
  drain(): Promise<void>;
}

export function createAccountMailer(transport: MailTransport, background: Background): AccountMailer {
  return {
    post(message) {
      background.run(`mail: ${message.subject}`, () => transport.send(message));
    },
    drain: () => background.drain(),
  };
}
