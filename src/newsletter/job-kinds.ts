/** The newsletter's durable job kinds and their queue settings (merged into the platform's registry). */
import type { JobKinds } from '../platform/jobs/kinds.ts';

declare module '../platform/jobs/kinds.ts' {
  interface JobPayloads {
    /** Plan what is due now: digests, saved-search alerts (rows in the ledger), then wake `send`. */
    'newsletter.plan': Record<string, never>;
    /** Send the ledger's queued messages, each once, at the configured rate. */
    'newsletter.send': Record<string, never>;
    /** A special edition's time has come: one ledger row per active subscriber. */
    'newsletter.edition': { editionId: string };
    /** Mail a confirmation link to a pending subscriber (a new token each time; none in the payload). */
    'newsletter.confirm': { subscriberId: string; lang: 'fr' | 'en' };
  }
}

export const newsletterJobKinds: JobKinds<
  'newsletter.plan' | 'newsletter.send' | 'newsletter.edition' | 'newsletter.confirm'
> = {
  'newsletter.plan': { retryLimit: 3, retryDelaySeconds: 30, expireInSeconds: 600, concurrency: 1 },
  'newsletter.send': { retryLimit: 10, retryDelaySeconds: 10, expireInSeconds: 3600, concurrency: 1 },
  'newsletter.edition': { retryLimit: 5, retryDelaySeconds: 10, expireInSeconds: 600, concurrency: 1 },
  'newsletter.confirm': { retryLimit: 5, retryDelaySeconds: 10, expireInSeconds: 300, concurrency: 1 },
};
