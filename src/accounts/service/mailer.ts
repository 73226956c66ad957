/**
 * In-process work after the answer: mail about a signed-in user's own account (password changed),
 * and the account tasks where no job queue runs (the CLI). Work that depends on whether an email is
 * registered goes to the durable `accounts.mail` job instead (jobs.ts). `drain()` waits for
 * everything queued (tests, shutdown).
 */
import type { MailMessage, MailTransport } from '../../platform/mail/index.ts';

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
  /** Sends in the background. */
  post(message: MailMessage): void;
  /** Sends now: rejects when the transport fails. */
  send(message: MailMessage): Promise<void>;
  drain(): Promise<void>;
}

export function createAccountMailer(transport: MailTransport, background: Background): AccountMailer {
  return {
    post(message) {
      background.run(`mail: ${message.subject}`, () => transport.send(message));
    },
    send: (message) => transport.send(message),
    drain: () => background.drain(),
  };
}
