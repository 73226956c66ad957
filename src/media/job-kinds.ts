/** The media feature's durable job kinds and their queue settings (merged into the platform's registry). */
import type { JobKinds } from '../platform/jobs/kinds.ts';
import type { DemoMasterJob } from './demo-jobs.ts';
import type { IngestJob } from './ingest-jobs.ts';

declare module '../platform/jobs/kinds.ts' {
  interface JobPayloads {
    /** Render one demo master with ffmpeg (first start), then hand it to ingest. */
    'media.demo-master': DemoMasterJob;
    /** Store, probe, index and preview one master. */
    'media.ingest': IngestJob;
  }
}

export const mediaJobKinds: JobKinds<'media.demo-master' | 'media.ingest'> = {
  'media.demo-master': { retryLimit: 3, retryDelaySeconds: 5, expireInSeconds: 1800, concurrency: 1 },
  'media.ingest': { retryLimit: 5, retryDelaySeconds: 10, expireInSeconds: 6 * 3600, concurrency: 1 },
};
