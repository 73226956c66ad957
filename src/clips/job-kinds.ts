/** The clip feature's durable job kind and its queue settings (merged into the platform's registry). */
import type { JobKinds } from '../platform/jobs/kinds.ts';
import type { ClipJob } from './jobs.ts';

declare module '../platform/jobs/kinds.ts' {
  interface JobPayloads {
    /** Make one clip (smart cut) from the master into the clip cache. */
    'clips.make': ClipJob;
  }
}

export const clipsJobKinds: JobKinds<'clips.make'> = {
  // Bounded: each clip job already runs head and tail encodes in parallel.
  'clips.make': { retryLimit: 2, retryDelaySeconds: 2, expireInSeconds: 3600, concurrency: 2 },
};
