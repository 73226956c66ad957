import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { DownloadsRepository } from './repository.ts';

/** What the downloads feature's routes need, given by the composition root. */
export interface DownloadsDeps {
  db: Kysely<Database>;
  repo: DownloadsRepository;
  /** Null in a web-only process that cannot queue (never in practice: the queue is shared). */
  jobs: JobQueue | null;
  mediaDir: string;
  clock: () => Date;
  /** Behind nginx: the internal location mapped to the media directory (X-Accel-Redirect). */
  accelRedirect: string | null;
}
