import type { JobQueue } from '../platform/jobs/queue.ts';
import type { DownloadsRepository } from './repository.ts';

/** What the downloads feature's routes need, given by the composition root. */
export interface DownloadsDeps {
  repo: DownloadsRepository;
  /** Null in a web-only process that cannot queue (never in practice: the queue is shared). */
  jobs: JobQueue | null;
  mediaDir: string;
  clock: () => Date;
  /** Behind nginx: the internal location mapped to the media directory (X-Accel-Redirect). */
  accelRedirect: string | null;
}
