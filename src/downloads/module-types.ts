import type { AnyDb } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import type { DownloadsRepository } from './repository.ts';
import type { DownloadStories } from './stories.ts';

/** What the downloads feature's routes need, given by the composition root. */
export interface DownloadsDeps {
  /** The portal's database: the feature's own SQL narrows it to its tables (db.ts). */
  db: AnyDb;
  /** The catalogue's stories (whether a video is published, which story names its files). */
  stories: DownloadStories;
  repo: DownloadsRepository;
  /** Null in a web-only process that cannot queue (never in practice: the queue is shared). */
  jobs: JobQueue | null;
  storage: MediaStorage;
  clock: () => Date;
  /** Behind nginx: the internal location mapped to the media directory (X-Accel-Redirect). */
  accelRedirect: string | null;
}
