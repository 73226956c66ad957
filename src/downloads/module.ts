/**
 * The downloads feature assembled: repository, routes, the file delivery other features send their
 * files through, the rendition worker, and the demo usage terms; and, bound to the portal's database
 * and the catalogue's stories, the one video access rule and the download facts and panels that the
 * catalogue's pages and search show. The composition root creates one and mounts its parts.
 */
import type { FastifyRequest } from 'fastify';
import type { AnyDb } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import type { SafeHtml } from '../web/html.ts';
import type { PageContext } from '../web/layout.ts';
import { requestLang } from '../web/request-lang.ts';
import { basketFiles } from './basket-files.ts';
import { deliverFile, type FileDelivery } from './deliver-file.ts';
import { authorise } from './delivery.ts';
import { loadDownloadFacts } from './facts.ts';
import { embargoedFileName } from './file-name.ts';
import type { DownloadsDeps } from './module-types.ts';
import { downloadPanels } from './panels.ts';
import { renditionHandler } from './rendition-job.ts';
import { createDownloadsRepository, type Usage } from './repository.ts';
import { downloadsApi, downloadsPages } from './routes.ts';
import { type StoredFileSender, sendStoredFile } from './send-stored-file.ts';
import type { DownloadStories } from './stories.ts';
import { canSeeVideo, type Viewer, viewerOf } from './video-access.ts';
import { loadVideoFacts, videoAccess } from './video-access-facts.ts';
import type { DownloadPanelOptions } from './views.ts';
import './messages.ts';

/**
 * What demo videos carry: the fictional institution's terms; no credit of their own, so pages show
 * the institution's (SITE/INSTITUTION names, web/identity.ts) in the reader's language.
 */
export const DEMO_USAGE = {
  credit: '',
  termsFr:
    'Libre de droits pour l’information (presse, télévision, web) avec mention du crédit. Usage commercial ou publicitaire interdit.',
  termsEn:
    'Free of charge for news use (print, broadcast, online) with the credit shown. No commercial or advertising use.',
  restrictionsFr: 'Ne pas modifier le sens des images. Pas d’archivage pour revente.',
  restrictionsEn: 'Do not alter the meaning of the pictures. No archiving for resale.',
};

export function createDownloads(options: {
  /** The portal's database: the feature's own SQL sees only its tables (db.ts). */
  db: AnyDb;
  /** The catalogue's stories, bound to the database by the composition root. */
  stories: DownloadStories;
  jobs: JobQueue;
  storage: MediaStorage;
  clock?: () => Date;
  accelRedirect?: string | null;
}) {
  const repo = createDownloadsRepository(options.db, options.stories);
  const deps: DownloadsDeps = {
    db: options.db,
    stories: options.stories,
    repo,
    jobs: options.jobs,
    storage: options.storage,
    clock: options.clock ?? (() => new Date()),
    accelRedirect: options.accelRedirect ?? null,
  };
  /**
   * For other features' files (clips): the same headers, ranges, offload and history, and, ahead of
   * the video's embargo ("available" kind: only those allowed get this far), the same not-before mark
   * in the file name as whole renditions carry, in the reader's language.
   */
  const deliver: FileDelivery = async (request, reply, file, history) => {
    const now = deps.clock();
    const until = history.videoId ? (await repo.video(history.videoId, now))?.usage?.embargoUntil : null;
    const named =
      until && until.getTime() > now.getTime()
        ? { ...file, fileName: embargoedFileName(file.fileName, until, requestLang(request)) }
        : file;
    return deliverFile(deps, request, reply, named, history);
  };
  /** For other features' files that are not downloads of a video (audio): no history. */
  const sendFile: StoredFileSender = (request, reply, file, sendOptions) =>
    sendStoredFile(deps, request, reply, file, sendOptions);
  return {
    repo,
    deliverFile: deliver,
    sendStoredFile: sendFile,
    api: downloadsApi(deps),
    pages: downloadsPages(deps),
    /** What the selection basket needs: the rule, videos' facts, whole renditions, the history. */
    basket: basketFiles(deps),
    /** Who may watch a video's preview files (the media feature's preview route asks). */
    async previewAccess(request: FastifyRequest, videoId: string) {
      const now = new Date();
      const facts = (await loadVideoFacts(deps, [videoId], now)).get(videoId);
      return {
        watch: canSeeVideo(viewerOf(request.auth), facts, now).watch,
        isPublic: canSeeVideo({ kind: 'anonymous' }, facts, now).watch,
      };
    },
    async startWorker() {
      await options.jobs.work('downloads.rendition', renditionHandler({ repo, storage: options.storage }));
    },
    /** The one video access rule for a viewer over some videos (what each may see, watch, download). */
    videoAccess: (viewer: Viewer, videoIds: readonly string[], now: Date) =>
      videoAccess(deps, viewer, videoIds, now),
    /** Throws the HttpError for a request that may not download this video (clips ask too). */
    authorise: (request: FastifyRequest, videoId: string, now: Date) =>
      authorise(deps, request, videoId, now),
    /** Usage terms and renditions of some videos (the catalogue's API). */
    downloadFacts: (videoIds: readonly string[], now?: Date) => loadDownloadFacts(options.db, videoIds, now),
    /** The download panels of a page's videos. */
    downloadPanels: (ctx: PageContext, videoIds: readonly string[], panel?: DownloadPanelOptions) =>
      downloadPanels(options.db, ctx, videoIds, panel) as Promise<Map<string, SafeHtml>>,
    /** Sets some of a video's usage terms (the catalogue's embargo API). */
    setUsage: (videoId: string, usage: Partial<Usage>) => repo.setUsage(videoId, usage),
    /** Gives demo videos their credit and terms (kept when already set). */
    async seedDemoUsage(videoIds: readonly string[]) {
      const existing = await repo.usageFor(videoIds);
      for (const id of videoIds) if (!existing.has(id)) await repo.setUsage(id, DEMO_USAGE);
    },
  };
}

export type Downloads = ReturnType<typeof createDownloads>;
