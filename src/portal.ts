/**
 * Composition root: configuration -> adapters -> features -> HTTP and workers. `startPortal` runs the
 * roles asked for (web, worker, or both) and returns a handle whose `stop()` shuts down gracefully.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { createAccounts } from './accounts/module.ts';
import { createAdmin } from './admin/module.ts';
import { createAudio } from './audio/module.ts';
import { createAudit } from './audit/module.ts';
import { createBackoffice } from './backoffice/module.ts';
import { createBasket } from './basket/module.ts';
import { createCatalog, storyReads } from './catalog/module.ts';
import { publishedStoriesShowingAudio, publishedStoriesShowingPhoto } from './catalog/public.ts';
import { createClips } from './clips/module.ts';
import { clipFilesOfAudio } from './clips/public.ts';
import type { Config } from './config.ts';
import { seedDemoContent } from './demo-content.ts';
import { createDownloads } from './downloads/module.ts';
import { viewerOf } from './downloads/public.ts';
import { JOB_KINDS } from './job-kinds.ts';
import { createMedia } from './media/module.ts';
import { createNewsletter } from './newsletter/module.ts';
import { createNewsroom } from './newsroom/module.ts';
import { createPhotos } from './photos/module.ts';
import { migrateToLatest } from './platform/db/migrator.ts';
import { DATA_DIR_MODE, openDatabase } from './platform/db/open.ts';
import { type JobQueue, startJobQueue } from './platform/jobs/queue.ts';
import { createMailTransport } from './platform/mail/index.ts';
import {
  newOperatorToken,
  operatorSocketPath,
  publishOperatorEndpoint,
} from './platform/operator-channel.ts';
import { loadOrCreateSecret } from './platform/secret.ts';
import { createLocalStorage } from './platform/storage/index.ts';
import type { Portal, PortalOptions } from './portal-types.ts';
import { checkRouteDeclared } from './route-access.ts';
import { createSearch } from './search/module.ts';
import { createSettings } from './settings/module.ts';
import { buildApp } from './web/app.ts';
import { startOperatorServer } from './web/operator-server.ts';

export type { Portal, PortalOptions } from './portal-types.ts';

export { openDatabase };

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, base: undefined });
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
  let settings: ReturnType<typeof createSettings> | null = null;
  // The portal's name per language as the settings make it (the configuration's until they are read).
  const siteName = (lang: 'fr' | 'en') => (settings ? settings.identity() : config.identity).siteName[lang];
  const mail = createMailTransport({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    fromName: siteName,
    dataDir: config.dataDir,
    logger,
  });
  let accounts: Awaited<ReturnType<typeof createAccounts>> | null = null;
  let clips: ReturnType<typeof createClips> | null = null;
  let newsletter: ReturnType<typeof createNewsletter> | null = null;
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
    newsletter?.stop();
    settings?.stop();
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
    const { db } = database;
    const storage = createLocalStorage(mediaDir);
    // Stories are the catalogue's: other features get these reads, not its tables.
    const stories = storyReads(db);
    const media = createMedia({
      db,
      jobs: queue,
      storage,
      demoMasterDir,
      stories: stories.links,
      log: logger,
      // Back-office uploads and `portal ingest` alike: search sees the video once its ingest ends.
      onIngestEnded: (videoId) => search.reindexVideos([videoId]),
    });
    const downloads = createDownloads({
      db,
      stories,
      jobs: queue,
      storage,
      clock: options.clock,
      accelRedirect: config.downloadAccelRedirect,
    });
    // Before the catalogue and clips: audio items answer on the video API and are cut by clips.
    const audio = createAudio({
      db,
      jobs: queue,
      storage,
      sendFile: downloads.sendStoredFile,
      publishedStoriesShowing: (audioId) => publishedStoriesShowingAudio(db, audioId, options.clock?.()),
      onTextsChanged: (audioId) =>
        search
          .reindexMedia('audio', [audioId])
          .catch((err) => logger.error({ err }, 'search reindex failed')),
      partFilesOf: (audioId) => clipFilesOfAudio(db, audioId),
      log: logger,
    });
    const catalog = createCatalog({
      db,
      videoAccess: downloads.videoAccess,
      clock: options.clock,
      audioItem: audio.videoApiItem,
    });
    clips = createClips({
      db,
      jobs: queue,
      storage,
      clock: options.clock,
      cacheBytes: config.clipCacheBytes,
      embedded: database.kind === 'pglite',
      deliverFile: downloads.deliverFile,
      authoriseDownload: downloads.authorise,
      queuePerUser: config.limits.clipQueuePerUser,
      residentEncoder: config.residentEncoder,
      audioClipAccess: audio.clipAccess,
    });
    accounts = await createAccounts({
      db,
      secret,
      publicUrl: config.publicUrl,
      mail,
      jobs: queue,
      logger,
      clock: options.clock,
      devOutbox: config.development && !config.smtpUrl ? { dataDir: config.dataDir } : null,
      siteName,
    });
    // Search shows a video as far as the one video rule lets the caller see it.
    const search = createSearch({
      db,
      accessFor: (request) => (ids, at) => downloads.videoAccess(viewerOf(request.auth), ids, at),
      publicAccess: (ids, at) => downloads.videoAccess({ kind: 'anonymous' }, ids, at),
    });
    if (await search.ensureIndexed()) logger.info('search index built');
    // The audit log: features record their editorial actions through this one function.
    const audit = createAudit({ db: database.db, clock: options.clock, timeZone: config.defaultTimeZone });
    // The portal's settings over the configuration's identity, kept in memory (src/settings).
    settings = createSettings({
      db,
      storage,
      defaults: config.identity,
      record: audit.record,
      clock: options.clock,
      log: logger,
    });
    await settings.load();
    settings.startRefresh();
    const portalSettings = settings;
    const newsroom = createNewsroom({
      db,
      jobs: queue,
      clock: options.clock,
      defaultTimeZone: config.defaultTimeZone,
      record: audit.record,
      videoAccess: downloads.videoAccess,
      onStoryChanged: async (storyId) => {
        await search.reindexStories([storyId]);
        // A story just published: "each publication" subscribers hear of it at the next planning.
        await newsletter?.plan();
      },
      onVideoChanged: (videoId) => search.reindexVideos([videoId]),
      storage,
    });
    const photos = createPhotos({
      db,
      jobs: queue,
      storage,
      publishedStoriesShowing: (photoId) => publishedStoriesShowingPhoto(db, photoId, options.clock?.()),
      onTextsChanged: (photoId) =>
        search
          .reindexMedia('photo', [photoId])
          .catch((err) => logger.error({ err }, 'search reindex failed')),
      log: logger,
    });
    newsletter = createNewsletter({
      db,
      mail,
      jobs: queue,
      publicUrl: config.publicUrl,
      secret,
      clock: options.clock,
      ratePerSecond: config.newsletterRate,
      parallel: config.newsletterParallel,
      timeZone: config.defaultTimeZone,
      publicAccess: (ids, at) => downloads.videoAccess({ kind: 'anonymous' }, ids, at),
      embedded: database.kind === 'pglite',
      handOverDir: join(config.dataDir, 'newsletter-hand-overs'),
      log: logger,
    });
    if (options.worker) {
      await accounts.startWorker();
      await newsroom.startWorker();
      await media.startWorker();
      await photos.startWorker();
      await audio.startWorker();
      await downloads.startWorker();
      await clips.startWorker();
      await newsletter.startWorker();
    }

    const seedDemo = () =>
      seedDemoContent({
        ...{ db, catalog, photos, audio, newsroom, downloads, media, search, settings: portalSettings },
        ...{ seconds: config.demoSeconds, masterDir: demoMasterDir, clock: options.clock },
      });

    const ingest = async (input: { path: string; title?: string; story?: string }) => {
      const queued = await media.requestIngest({
        sourcePath: input.path,
        title: input.title,
        storySlug: input.story,
      });
      await search.reindexVideos([queued.id]);
      return queued;
    };

    const wantDemo = config.demo ?? (await catalog.isEmpty());
    if (wantDemo) {
      const ids = await seedDemo();
      logger.info({ videos: ids.length }, 'demo content seeded; demo videos render in the background');
    }

    if (options.web) {
      // The accounts feature's one web-auth object: sessions, form tokens, request.auth.
      const { web } = accounts;
      const clipsWeb = clips.routes(web);
      const backoffice = createBackoffice({
        db,
        jobs: queue,
        dataDir: config.dataDir,
        storage,
        requestIngest: media.requestIngest,
        stories,
        publicUrl: config.publicUrl,
        web,
        maxUploadBytes: config.uploadMaxBytes,
        logger,
        record: audit.record,
      });
      const basket = createBasket({
        db,
        publicUrl: config.publicUrl,
        clock: options.clock,
        sources: { ...downloads.basket, clip: clips.basketClip },
      });
      const admin = createAdmin({ db: database.db, users: accounts.adminUsers, record: audit.record, web });
      app = await buildApp({
        onRoute: (method, url) => routes.add(checkRouteDeclared(method, url)),
        logger,
        publicUrl: config.publicUrl,
        timeZone: config.defaultTimeZone,
        identity: portalSettings.identity,
        cookieSecret: secret,
        rateLimits: config.limits,
        isReady: () => ready,
        routes: {
          files: [media.files(downloads.previewAccess)],
          pages: [
            catalog.pages,
            accounts.pages,
            backoffice.pages,
            downloads.pages,
            basket.pages,
            clipsWeb.pages,
            newsroom.pages(web),
            photos.pages(web),
            audio.pages(web),
            search.pages,
            newsletter.pages(web),
            newsletter.adminPages(web),
            admin.pages,
            audit.pages,
            portalSettings.pages,
            search.feeds,
          ],
          api: [
            catalog.api,
            accounts.api,
            backoffice.api,
            downloads.api,
            basket.api,
            clipsWeb.api,
            newsroom.api,
            photos.api,
            audio.api,
            search.api,
            admin.api,
            audit.api,
            portalSettings.api,
            search.savedApi,
            newsletter.api,
          ],
          root: [...accounts.root, search.sitemaps, portalSettings.files],
        },
        globalPlugins: [accounts.globalPlugin, backoffice.globalPlugin, basket.globalPlugin],
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
            videoStatus: (id: string) => media.videoStatus(id),
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
      storage,
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
