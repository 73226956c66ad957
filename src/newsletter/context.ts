/** What the newsletter's services share, handed in by module.ts (no module-level state). */
import type { AnyDb } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MailTransport } from '../platform/mail/index.ts';
import type { VideoAccessFn } from '../search/public.ts';
import type { HandOverJournals } from './hand-over-journal.ts';

export interface NewsletterContext {
  db: AnyDb;
  mail: MailTransport;
  jobs: JobQueue;
  publicUrl: string;
  /** The portal's secret: unsubscribe links are signed with it. */
  secret: string;
  now: () => Date;
  /** NEWSLETTER_RATE: messages per second at most. */
  ratePerSecond: number;
  /** NEWSLETTER_PARALLEL: messages in flight at once. */
  parallel: number;
  /** Where each run of the send job records its hand-overs (DATA_DIR/newsletter-hand-overs). */
  handOvers: HandOverJournals;
  /** What an anonymous visitor may see (alert emails show no more than the public feed). */
  publicAccess: VideoAccessFn;
  log: {
    info(obj: object, msg: string): void;
    warn(obj: object, msg: string): void;
    error(obj: object, msg: string): void;
  };
}
