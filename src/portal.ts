/**
 * Composition root: configuration -> adapters -> features -> HTTP and workers. `startPortal` runs the
 * roles asked for (web, worker, or both) and returns a handle whose `stop()` shuts down gracefully.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import pino, { type Logger } from 'pino';
import { accountsJobKinds } from './accounts/job-kinds.ts';
import { createAccounts } from './accounts/module.ts';
import { createBackoffice } from './backoffice/module.ts';
import { demoStories, isCatalogEmpty, seedDemoContent } from './catalog/demo.ts';
import { publishedStoriesShowingPhoto } from './catalog/public.ts';
import { catalogApi } from './catalog/routes-api.ts';
import { catalogPages } from './catalog/routes-pages.ts';
import { clipsJobKinds } from './clips/job-kinds.ts';
import { createClips } from './clips/module.ts';
import type { Config } from './config.ts';
import { downloadsJobKinds } from './downloads/job-kinds.ts';
import { createDownloads } from './downloads/module.ts';
import { videoAccess, viewerOf } from './downloads/public.ts';
import { demoMasterHandler } from './media/demo-jobs.ts';
import { ingestHandler } from './media/ingest-jobs.ts';
import { requestIngest } from './media/ingest-service.ts';
import { mediaJobKinds } from './media/job-kinds.ts';
import { videosNotReady } from './media/public.ts';
import { mediaFiles } from './media/routes-files.ts';
import { ingestState } from './media/videos.ts';
import { seedDemoStories } from './newsroom/demo.ts';
import { newsroomJobKinds } from './newsroom/job-kinds.ts';
import { createNewsroom } from './newsroom/module.ts';
import { photosJobKinds } from './photos/job-kinds.ts';
import { createPhotos } from './photos/module.ts';
import { type DatabaseHandle, openPglite, openPostgres } from './platform/db/database.ts';
import { migrateToLatest } from './platform/db/migrator.ts';
import type { JobKinds } from './platform/jobs/kinds.ts';
import { type JobQueue, startJobQueue } from './platform/jobs/queue.ts';
import { acquireLock } from './platform/lock.ts';
import { createMailTransport } from './platform/mail/index.ts';
import {
  newOperatorToken,
  operatorSocketPath,
  publishOperatorEndpoint,
} from './platform/operator-channel.ts';
import { loadOrCreateSecret } from './platform/secret.ts';
import { checkRouteDeclared } from './route-access.ts';
import { createSearch } from './search/module.ts';
import { buildApp } from './web/app.ts';
import { startOperatorServer } from './web/operator-server.ts';

export interface PortalOptions {
  config: Config;
  web: boolean;
  worker: boolean;
  logger?: Logger;
  /** Where demo masters are kept; defaults to $DATA_DIR/media/demo. Tests share one cache. */
  demoMasterDir?: string;
  /** The time as the portal sees it (code and session expiry); tests inject one. */
  clock?: () => Date;
}

export interface Portal {
  url: string | null;
  /** The public server's routes, as src/route-access.ts names them (empty without the web role). */
  routes: string[];
  app: FastifyInstance | null;
  database: DatabaseHandle;
  jobs: JobQueue;
  mediaDir: string;
  logger: Logger;
  /** Seeds demo content and queues its jobs; returns the demo video ids. */
  seedDemo(): Promise<string[]>;
  /** Rebuilds the search index from the catalogue and media (`portal search reindex`). */
  reindexSearch(): Promise<{ documents: number }>;
  /** Queues the ingest of a master on this machine; returns the new video's id. */
  ingest(input: { path: string; title?: string; story?: string }): Promise<{ id: string; status: string }>;
  stop(): Promise<void>;
}

const DATA_DIR_MODE = 0o750;

/** Every durable job kind, from the features that declare them (a missing one fails to compile). */
const JOB_KINDS: JobKinds = {
  ...accountsJobKinds,
  ...mediaJobKinds,
  ...clipsJobKinds,
  ...downloadsJobKinds,
  ...newsroomJobKinds,
  ...photosJobKinds,
};

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, base: undefined });
}

export async function openDatabase(
  config: Config,
): Promise<{ database: DatabaseHandle; release: () => Promise<void> }> {
  if (config.databaseUrl)
    return { database: await openPostgres(config.databaseUrl), release: async () => {} };
  await mkdir(config.dataDir, { recursive: true, mode: DATA_DIR_MODE });
  const release = await acquireLock(config.dataDir);
  try {
    return { database: await openPglite(join(config.dataDir, 'db')), release };
  } catch (error) {
    await release();
    throw error;
  }
}

export async function startPortal(options: PortalOptions): Promise<Portal> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config);
  const mediaDir = join(config.dataDir, 'media');
  const demoMasterDir = options.demoMasterDir ?? join(mediaDir, 'demo');
  // Created so that the group may read (nginx's, for X-Accel-Redirect) and other users nothing.
  await mkdir(join(mediaDir, 'posters'), { recursive: true, mode: DATA_DIR_MODE });
  const secret = await loadOrCreateSecret(config.dataDir, config.secret);

  const { database, release } = await openDatabase(config);
  let jobs: JobQueue | null = null;
  let app: FastifyInstance | null = null;
  let operator: { server: FastifyInstance; cleanup: () => Promise<void> } | null = null;
  let unpublish: (() => Promise<void>) | null = null;
  const mail = createMailTransport({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    dataDir: config.dataDir,
    logger,
  });
  let accounts: Awaited<ReturnType<typeof createAccounts>> | null = null;
  let clips: ReturnType<typeof createClips> | null = null;
  let ready = false;
  const routes = new Set<string>();

  const stop = async () => {
    ready = false;
    if (unpublish) await unpublish().catch(() => {});
    if (operator) {
      await operator.server.close().catch(() => {});
      await operator.cleanup().catch(() => {});
    }
    if (app) await app.close().catch((error) => logger.error({ err: error }, 'closing HTTP failed'));
    if (accounts)
      await accounts.stop().catch((error) => logger.error({ err: error }, 'stopping accounts failed'));
    await mail.close().catch(() => {});
    if (jobs) await jobs.stop().catch((error) => logger.error({ err: error }, 'stopping jobs failed'));
    if (clips) await clips.stop().catch((error) => logger.error({ err: error }, 'stopping clips failed'));
    await database.close().catch((error) => logger.error({ err: error }, 'closing the database failed'));
    await release();
  };

  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
    jobs = await startJobQueue(database, logger, JOB_KINDS);
    const queue = jobs;
    const downloads = createDownloads({
      db: database.db,
      jobs: queue,
      mediaDir,
      clock: options.clock,
      accelRedirect: config.downloadAccelRedirect,
    });
    clips = createClips({
      db: database.db,
      jobs: queue,
      mediaDir,
      clock: options.clock,
      cacheBytes: config.clipCacheBytes,
      embedded: database.kind === 'pglite',
      deliverFile: downloads.deliverFile,
      queuePerUser: config.limits.clipQueuePerUser,
      residentEncoder: config.residentEncoder,
    });
    accounts = await createAccounts({
      db: database.db,
      secret,
      publicUrl: config.publicUrl,
      mail,
      jobs: queue,
      logger,
      clock: options.clock,
      devOutbox: config.development && !config.smtpUrl ? { dataDir: config.dataDir } : null,
    });
    // Search shows a video as far as the one video rule lets the caller see it.
    const search = createSearch({
      db: database.db,
      accessFor: (request) => (ids, at) => videoAccess(database.db, viewerOf(request.auth), ids, at),
    });
    if (await search.ensureIndexed()) logger.info('search index built');
    const newsroom = createNewsroom({
      db: database.db,
      jobs: queue,
      clock: options.clock,
      defaultTimeZone: config.defaultTimeZone,
      onStoryChanged: (storyId) => search.reindexStories([storyId]),
    });
    const photos = createPhotos({
      db: database.db,
      jobs: queue,
      mediaDir,
      publishedStoriesShowing: (photoId) =>
        publishedStoriesShowingPhoto(database.db, photoId, options.clock?.()),
      log: logger,
    });
    if (options.worker) await accounts.startWorker();
    if (options.worker) await newsroom.startWorker();
    if (options.worker) await photos.startWorker();
    if (options.worker) {
      await queue.work('media.demo-master', demoMasterHandler({ db: database.db, demoMasterDir, mediaDir }));
      await queue.work('media.ingest', ingestHandler({ db: database.db, mediaDir, log: logger }));
      await downloads.startWorker();
      await clips.startWorker();
    }

    const seedDemo = async () => {
      const demo = demoStories(config.demoSeconds);
      const videos = await seedDemoContent(database.db, demo);
      await seedDemoStories(
        { db: database.db, stories: newsroom.stories, topics: newsroom.topics, clock: options.clock },
        demo,
      );
      await downloads.seedDemoUsage(videos.map((v) => v.videoId));
      const pendingIds = await videosNotReady(
        database.db,
        videos.map((v) => v.videoId),
      );
      for (const video of videos.filter((v) => pendingIds.has(v.videoId))) {
        await queue.send('media.demo-master', video, { singletonKey: video.videoId });
      }
      await search.reindexAll();
      return videos.map((v) => v.videoId);
    };

    const ingest = async (input: { path: string; title?: string; story?: string }) => {
      const queued = await requestIngest(
        { db: database.db, jobs: queue },
        { sourcePath: input.path, title: input.title, storySlug: input.story },
      );
      await search.reindexVideos([queued.id]);
      return queued;
    };

    const wantDemo = config.demo ?? (await isCatalogEmpty(database.db));
    if (wantDemo) {
      const ids = await seedDemo();
      logger.info({ videos: ids.length }, 'demo content seeded; demo videos render in the background');
    }

    const videoStatus = (id: string) => ingestState(database.db, id, 'en');

    if (options.web) {
      const extraRoot: FastifyPluginAsync[] = [...accounts.root];
      // The accounts feature's one web-auth object: sessions, form tokens, request.auth.
      const { web } = accounts;
      const clipsWeb = clips.routes(web);
      const backoffice = createBackoffice({
        db: database.db,
        jobs: queue,
        dataDir: config.dataDir,
        mediaDir,
        publicUrl: config.publicUrl,
        web,
        maxUploadBytes: config.uploadMaxBytes,
        logger,
      });
      app = await buildApp({
        onRoute: (method, url) => routes.add(checkRouteDeclared(method, url)),
        logger,
        publicUrl: config.publicUrl,
        cookieSecret: secret,
        rateLimits: config.limits,
        isReady: () => ready,
        routes: {
          files: [mediaFiles(mediaDir, downloads.previewAccess)],
          pages: [
            catalogPages(database.db),
            accounts.pages,
            backoffice.pages,
            downloads.pages,
            clipsWeb.pages,
            newsroom.pages(web),
            photos.pages(web),
            search.pages,
          ],
          api: [
            catalogApi(database.db),
            accounts.api,
            backoffice.api,
            downloads.api,
            clipsWeb.api,
            newsroom.api,
            photos.api,
            search.api,
          ],
          root: extraRoot,
        },
        globalPlugins: [accounts.globalPlugin, backoffice.globalPlugin],
        trustProxy: config.trustProxy,
        timeouts: { requestMs: config.requestTimeoutMs, idleMs: config.idleTimeoutMs },
        csrf: {
          formTokenValid: (request) => web.csrfValid(request),
          tokenAuthenticated: (request) => Boolean(request.auth?.apiToken),
        },
      });
      const address = await app.listen({ port: config.port, host: config.host });
      const operatorToken = newOperatorToken();
      const socket = await operatorSocketPath(config.dataDir);
      operator = {
        server: await startOperatorServer(
          socket.path,
          {
            token: operatorToken,
            seedDemo,
            ingest,
            videoStatus,
            createUser: accounts.createUser,
            reindexSearch: search.reindexAll,
          },
          logger,
        ),
        cleanup: socket.cleanup,
      };
      unpublish = await publishOperatorEndpoint(config.dataDir, {
        socket: socket.path,
        token: operatorToken,
        pid: process.pid,
      });
      logger.info({ address }, 'portal listening');
    }
    ready = true;
    const port = app ? (app.server.address() as { port: number }).port : null;
    return {
      url: port === null ? null : `http://127.0.0.1:${port}`,
      routes: [...routes],
      app,
      database,
      jobs,
      mediaDir,
      logger,
      seedDemo,
      reindexSearch: search.reindexAll,
      ingest,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
