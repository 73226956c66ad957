/** The newsroom's durable job kind and its queue settings (merged into the platform's registry). */
import type { JobKinds } from '../platform/jobs/kinds.ts';
import type { PublishJob } from './publish-job.ts';

declare module '../platform/jobs/kinds.ts' {
  interface JobPayloads {
    /** Publish one scheduled story at its time (queued to start after it). */
    'newsroom.publish': PublishJob;
  }
}

export const newsroomJobKinds: JobKinds<'newsroom.publish'> = {
  'newsroom.publish': { retryLimit: 10, retryDelaySeconds: 5, expireInSeconds: 300, concurrency: 1 },
};
