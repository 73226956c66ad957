/** The downloads feature's durable job kind and its queue settings (merged into the platform's registry). */
import type { JobKinds } from '../platform/jobs/kinds.ts';
import type { RenditionJob } from './rendition-job.ts';

declare module '../platform/jobs/kinds.ts' {
  interface JobPayloads {
    /** Make a derived download rendition (web MP4, audio WAV) of a master, on first request. */
    'downloads.rendition': RenditionJob;
  }
}

export const downloadsJobKinds: JobKinds<'downloads.rendition'> = {
  'downloads.rendition': { retryLimit: 3, retryDelaySeconds: 10, expireInSeconds: 6 * 3600, concurrency: 1 },
};
