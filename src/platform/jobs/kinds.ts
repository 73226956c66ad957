/**
 * The typed registry of job kinds: every durable job the portal runs, with its payload. Features
 * declare payload types; this list is the one place that names them all.
 */

import type { AccountJob } from '../../accounts/service/jobs.ts';
import type { ClipJob } from '../../clips/jobs.ts';
import type { RenditionJob } from '../../downloads/rendition-job.ts';
import type { DemoMasterJob } from '../../media/demo-jobs.ts';
import type { IngestJob } from '../../media/ingest-jobs.ts';
import type { PublishJob } from '../../newsroom/publish-job.ts';

export interface JobPayloads {
  /** Account work that depends on whether an email is registered: store, code, mail (sealed payload). */
  'accounts.mail': AccountJob;
  /** Render one demo master with ffmpeg (first start), then hand it to ingest. */
  'media.demo-master': DemoMasterJob;
  /** Store, probe, index and preview one master. */
  'media.ingest': IngestJob;
  /** Make one clip (smart cut) from the master into the clip cache. */
  'clips.make': ClipJob;
  /** Make a derived download rendition (web MP4, audio WAV) of a master, on first request. */
  'downloads.rendition': RenditionJob;
  /** Publish one scheduled story at its time (queued to start after it). */
  'newsroom.publish': PublishJob;
}

export type JobName = keyof JobPayloads;

export interface JobSettings {
  retryLimit: number;
  retryDelaySeconds: number;
  /** A job running longer than this is considered lost and retried (server mode). */
  expireInSeconds: number;
  /** Jobs of this kind run at once in one process. */
  concurrency: number;
}

export const JOB_SETTINGS: Record<JobName, JobSettings> = {
  'accounts.mail': { retryLimit: 5, retryDelaySeconds: 10, expireInSeconds: 300, concurrency: 1 },
  'media.demo-master': { retryLimit: 3, retryDelaySeconds: 5, expireInSeconds: 1800, concurrency: 1 },
  'media.ingest': { retryLimit: 5, retryDelaySeconds: 10, expireInSeconds: 6 * 3600, concurrency: 1 },
  // Bounded: each clip job already runs head and tail encodes in parallel.
  'clips.make': { retryLimit: 2, retryDelaySeconds: 2, expireInSeconds: 3600, concurrency: 2 },
  'downloads.rendition': { retryLimit: 3, retryDelaySeconds: 10, expireInSeconds: 6 * 3600, concurrency: 1 },
  'newsroom.publish': { retryLimit: 10, retryDelaySeconds: 5, expireInSeconds: 300, concurrency: 1 },
};
