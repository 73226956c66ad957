/**
 * The accounts' durable job, `accounts.mail` on the portal's pg-boss queue: the part of a flow whose
 * work depends on whether an email is registered (store the registration, make a code, compose and
 * send a mail). The request queues one job for every email, registered or not, and answers; a worker
 * does the rest when it next polls the queue, not right after the answer, so neither the answer nor
 * the requests that follow it tell whether the email is known. The payload is sealed (AES-256-GCM
 * under a key derived from SECRET): the queue's tables hold no address, detail or password hash in
 * clear, and codes are made by the worker, in clear only in the mail.
 */
import type { CodePurpose } from '../rules/codes.ts';
import { deriveKey, openSecret, sealSecret } from '../rules/keyed-hash.ts';
import type { RequestMeta } from '../store/users.ts';
import type { AccountLanguage } from '../tables.ts';

/** A registration as the request validated it (the password already hashed). */
export interface RegistrationFields {
  readonly email: string;
  readonly password_hash: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly organisation: string;
  readonly job_title: string;
  readonly country: string;
  readonly language: AccountLanguage;
  readonly newsletter: boolean;
}

/** What the worker does; `email` is normalised; times are ISO strings. */
export type AccountTask =
  | {
      readonly flow: 'register';
      readonly email: string;
      readonly fields: RegistrationFields;
      /** May a code (or a mail standing for one) go out: decided in the request, by email. */
      readonly send: boolean;
      readonly at: string;
      readonly meta: RequestMeta;
    }
  | {
      readonly flow: 'code';
      readonly purpose: CodePurpose;
      readonly email: string;
      readonly at: string;
      readonly meta: RequestMeta;
    }
  | {
      /** Repeated failures locked the email: tell the owner, if there is one. */
      readonly flow: 'lockout';
      readonly limit: 'sign-in' | 'code';
      readonly email: string;
      readonly until: string;
    };

/** The job payload as stored in the queue. */
export interface AccountJob {
  readonly sealed: string;
}

const key = (secret: string) => deriveKey(secret, 'job', 'accounts.mail');

export function sealTask(secret: string, task: AccountTask): AccountJob {
  return { sealed: sealSecret(key(secret), JSON.stringify(task)) };
}

/** Throws when the payload was altered or sealed under another SECRET. */
export function openTask(secret: string, job: AccountJob): AccountTask {
  return JSON.parse(openSecret(key(secret), job.sealed)) as AccountTask;
}

/** Where the flows put tasks: the job queue, or in-process work where there is none (CLI). */
export interface AccountTasks {
  enqueue(task: AccountTask): Promise<void>;
}
