/** The accounts feature's durable job kind and its queue settings (merged into the platform's registry). */
import type { JobKinds } from '../platform/jobs/kinds.ts';
import type { AccountJob } from './service/jobs.ts';

declare module '../platform/jobs/kinds.ts' {
  interface JobPayloads {
    /** Account work that depends on whether an email is registered: store, code, mail (sealed payload). */
    'accounts.mail': AccountJob;
  }
}

export const accountsJobKinds: JobKinds<'accounts.mail'> = {
  'accounts.mail': { retryLimit: 5, retryDelaySeconds: 10, expireInSeconds: 300, concurrency: 1 },
};
