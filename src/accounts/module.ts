/**
 * The accounts feature assembled: services over the repository, the web hooks, page and API routes,
 * the operator command, the `accounts.mail` job worker and the purge of unverified accounts. The
 * composition root creates one.
 */
import { randomInt } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { AnyDb } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MailTransport } from '../platform/mail/index.ts';
import { translate } from '../web/i18n/index.ts';
import { accountsDb } from './db.ts';
import { loadCommonPasswords } from './rules/common-passwords.ts';
import { createPasswordHasher, type PasswordHasher } from './rules/passwords.ts';
import { createRegistrationService } from './service/accounts.ts';
import { createAdminUserService } from './service/admin-users.ts';
import { type AccountsContext, type AccountsLimits, createContext } from './service/context.ts';
import { type AccountTask, type AccountTasks, openTask, sealTask } from './service/jobs.ts';
import { createAccountMailer, createBackground } from './service/mailer.ts';
import { createProfileService } from './service/profile.ts';
import { createSessionService } from './service/session.ts';
import { createApiTokenService } from './service/tokens.ts';
import { type AccountWorker, createAccountWorker } from './service/worker.ts';
import { createAccountsRepository } from './store/users.ts';
import { createWebAuth } from './web/auth.ts';
import { accountsApi } from './web/routes-api.ts';
import { devOutboxRoutes } from './web/routes-dev.ts';
import { accountPages } from './web/routes-pages.ts';
import { profilePages } from './web/routes-profile.ts';
import { resetPages } from './web/routes-reset.ts';
import './messages.ts';
import './token-messages.ts';
import './web/messages.ts';

export interface AccountsOptions {
  /** The portal's database (narrowed here to the accounts tables). */
  readonly db: AnyDb;
  readonly secret: string;
  readonly publicUrl: string;
  readonly mail: MailTransport;
  /**
   * The portal's job queue: account work that depends on whether an email is registered runs as
   * `accounts.mail` jobs. Without one (the CLI), that work runs in-process after the answer.
   */
  readonly jobs?: Pick<JobQueue, 'send' | 'work' | 'wake'>;
  readonly logger: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  readonly clock?: () => Date;
  readonly limits?: Partial<AccountsLimits>;
  readonly hasher?: PasswordHasher;
  /** NODE_ENV=development: /dev/outbox lists the embedded outbox in $dataDir. */
  readonly devOutbox?: { dataDir: string } | null;
  /** The portal's name in a language (SITE_NAME_*), for mail signatures and authenticator apps. */
  readonly siteName?: (lang: 'fr' | 'en') => string;
}

/** A queued account job is picked up between WAKE_MIN_MS and WAKE_MIN_MS + WAKE_SPREAD_MS later. */
const WAKE_MIN_MS = 100;
const WAKE_SPREAD_MS = 300;

/** How often the worker purges unverified accounts and old throttling rows. */
const PURGE_EVERY_MS = 60 * 60 * 1000;

export async function createAccounts(options: AccountsOptions) {
  const clock = options.clock ?? (() => new Date());
  const db = accountsDb(options.db);
  const repo = createAccountsRepository(db);
  const background = createBackground(options.logger);
  const mailer = createAccountMailer(options.mail, background);
  const siteName = options.siteName ?? ((lang: 'fr' | 'en') => translate(lang, 'site.name'));
  const { jobs } = options;
  let worker: AccountWorker | null = null;
  const runTask = async (task: AccountTask) => {
    if (worker) await worker.run(task);
  };
  const tasks: AccountTasks = jobs
    ? {
        async enqueue(task) {
          await jobs.send('accounts.mail', sealTask(options.secret, task));
          // Mail should not wait for the next poll, nor run right after the answer (where the
          // following requests would feel it): a local worker looks at a random moment soon.
          setTimeout(() => jobs.wake('accounts.mail'), WAKE_MIN_MS + randomInt(WAKE_SPREAD_MS)).unref();
        },
      }
    : {
        async enqueue(task) {
          background.run(`accounts ${task.flow}`, () => runTask(task));
        },
      };
  const ctx = createContext({
    repo,
    secret: options.secret,
    hasher: options.hasher ?? createPasswordHasher(),
    commonPasswords: await loadCommonPasswords(),
    clock,
    mailer,
    tasks,
    background,
    publicUrl: options.publicUrl,
    siteName,
    limits: options.limits,
  });
  const services = buildServices(ctx, siteName);
  worker = createAccountWorker(ctx);
  const web = createWebAuth({
    sessions: services.sessions,
    tokens: services.tokens,
    secret: options.secret,
    publicUrl: options.publicUrl,
  });
  let timer: NodeJS.Timeout | null = null;

  const purge = async () => {
    const purged = await services.profile.purge();
    if (purged > 0) options.logger.info({ purged }, 'unverified accounts purged');
    return purged;
  };

  const pages: FastifyPluginAsync = async (app) => {
    await app.register(accountPages(services, web));
    await app.register(resetPages(services, web));
    await app.register(profilePages(services, web));
  };

  return {
    services,
    /** User management by admins (list, role, disable, delete): the admin area calls it. */
    adminUsers: createAdminUserService({ db, clock }),
    /** The one web-auth object: sessions, form tokens and `request.auth` (other features use it). */
    web,
    /** App-wide: session loading and the signed-in header. */
    globalPlugin: web.plugin,
    pages,
    api: accountsApi(services, web),
    root: options.devOutbox ? [devOutboxRoutes(options.devOutbox.dataDir)] : [],
    createUser: services.profile.createUser,
    purge,
    /** The worker role: account jobs; purge at start, then every hour. */
    async startWorker() {
      if (jobs) await jobs.work('accounts.mail', (job) => runTask(openTask(options.secret, job)));
      await purge().catch((error) => options.logger.error({ err: error }, 'accounts purge failed'));
      timer = setInterval(() => {
        purge().catch((error) => options.logger.error({ err: error }, 'accounts purge failed'));
      }, PURGE_EVERY_MS);
      timer.unref();
    },
    /** Stops the purge timer and waits for queued mail. */
    async stop() {
      if (timer) clearInterval(timer);
      await mailer.drain();
    },
  };
}

function buildServices(ctx: AccountsContext, siteName: (lang: 'fr' | 'en') => string) {
  return {
    repo: ctx.repo,
    clock: ctx.clock,
    siteName,
    registration: createRegistrationService(ctx),
    sessions: createSessionService(ctx),
    profile: createProfileService(ctx),
    tokens: createApiTokenService(ctx),
  };
}

export type AccountsServices = ReturnType<typeof buildServices>;
export type Accounts = Awaited<ReturnType<typeof createAccounts>>;
