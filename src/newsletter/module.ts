/**
 * The newsletter feature assembled: its service, public pages, back-office pages, JSON API and
 * workers (planning every minute, sending, editions, confirmation emails). The composition root hands
 * it the mail port, the queue, the portal's secret and what an anonymous visitor may see.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { WebAuth } from '../accounts/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MailTransport } from '../platform/mail/index.ts';
import type { VideoAccessFn } from '../search/public.ts';
import './messages.ts';
import type { NewsletterContext } from './context.ts';
import { CLAIM_STALE_MS, recoverInterrupted, sendHandler } from './delivery.ts';
import { createHandOverJournals } from './hand-over-journal.ts';
import { confirmHandler, editionHandler } from './jobs.ts';
import { planHandler } from './planner.ts';
import { newsletterAdminPages } from './routes-admin.ts';
import { newsletterApi } from './routes-api.ts';
import { newsletterPages } from './routes-pages.ts';
import { createNewsletterService } from './service.ts';

export interface NewsletterOptions {
  db: AnyDb;
  mail: MailTransport;
  jobs: JobQueue;
  publicUrl: string;
  secret: string;
  clock?: () => Date;
  ratePerSecond: number;
  /** Messages in flight at once (default 1). */
  parallel?: number;
  /** Planning rounds, in ms (default one minute). */
  tickMs?: number;
  timeZone: string;
  publicAccess: VideoAccessFn;
  /** True on the embedded database: only this process sends, so any `sending` row is a dead one's. */
  embedded: boolean;
  /** The hand-over journals' directory (DATA_DIR/newsletter-hand-overs). */
  handOverDir: string;
  log: NewsletterContext['log'];
}

export function createNewsletter(options: NewsletterOptions) {
  const ctx: NewsletterContext = {
    db: options.db,
    mail: options.mail,
    jobs: options.jobs,
    publicUrl: options.publicUrl,
    secret: options.secret,
    now: options.clock ?? (() => new Date()),
    ratePerSecond: options.ratePerSecond,
    parallel: options.parallel ?? 1,
    handOvers: createHandOverJournals(options.handOverDir),
    publicAccess: options.publicAccess,
    log: options.log,
  };
  const service = createNewsletterService(ctx);
  let timer: NodeJS.Timeout | null = null;

  const plan = async () => {
    await options.jobs.send('newsletter.plan', {}, { singletonKey: 'plan' });
    options.jobs.wake('newsletter.plan');
  };

  return {
    service,
    api: newsletterApi({ service }) as FastifyPluginAsync,
    pages: (web: WebAuth): FastifyPluginAsync => newsletterPages({ ctx, service, web }),
    adminPages: (web: WebAuth): FastifyPluginAsync =>
      newsletterAdminPages({ ctx, service, web, timeZone: options.timeZone }),
    /** Plan now (a story was just published: "each publication" subscribers hear of it soon). */
    plan,
    async startWorker() {
      // A process killed mid-send left claims, some handed over (its journal says which): on the
      // embedded database nobody else sends, so the others are queued again at once.
      const before = options.embedded ? ctx.now() : new Date(ctx.now().getTime() - CLAIM_STALE_MS);
      await recoverInterrupted(ctx, before, options.embedded);
      await options.jobs.work('newsletter.confirm', confirmHandler(ctx));
      await options.jobs.work('newsletter.edition', editionHandler(ctx));
      await options.jobs.work('newsletter.plan', planHandler(ctx));
      await options.jobs.work('newsletter.send', sendHandler(ctx));
      await plan();
      timer = setInterval(() => {
        plan().catch((error) => ctx.log.error({ err: error }, 'newsletter planning could not be queued'));
      }, options.tickMs ?? 60_000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export type Newsletter = ReturnType<typeof createNewsletter>;
