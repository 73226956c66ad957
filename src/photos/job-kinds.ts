/** The photos feature's durable job kind and its queue settings (merged into the platform's registry). */
import type { JobKinds } from '../platform/jobs/kinds.ts';

export interface RenditionsJob {
  photoId: string;
}

declare module '../platform/jobs/kinds.ts' {
  interface JobPayloads {
    /** Make a photo's web renditions (large, medium, thumb) from its stored original. */
    'photos.renditions': RenditionsJob;
  }
}

export const photosJobKinds: JobKinds<'photos.renditions'> = {
  'photos.renditions': { retryLimit: 3, retryDelaySeconds: 2, expireInSeconds: 600, concurrency: 1 },
};
