/**
 * The downloads feature assembled: repository, routes, the file delivery other features send their
 * files through, the rendition worker, and the demo usage terms. The composition root creates one and
 * mounts its parts.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import { deliverFile, type FileDelivery } from './deliver-file.ts';
import type { DownloadsDeps } from './module-types.ts';
import { renditionHandler } from './rendition-job.ts';
import { createDownloadsRepository } from './repository.ts';
import { downloadsApi, downloadsPages } from './routes.ts';
import { canSeeVideo, viewerOf } from './video-access.ts';
import { loadVideoFacts } from './video-access-facts.ts';
import './messages.ts';

/** What demo videos carry: the fictional institution's credit and terms. */
export const DEMO_USAGE = {
  credit: '© Union des États côtiers / UEC',
  termsFr:
    'Libre de droits pour l’information (presse, télévision, web) avec mention du crédit. Usage commercial ou publicitaire interdit.',
  termsEn:
    'Free of charge for news use (print, broadcast, online) with the credit shown. No commercial or advertising use.',
  restrictionsFr: 'Ne pas modifier le sens des images. Pas d’archivage pour revente.',
  restrictionsEn: 'Do not alter the meaning of the pictures. No archiving for resale.',
};

export function createDownloads(options: {
  db: Kysely<Database>;
  jobs: JobQueue;
  mediaDir: string;
  clock?: () => Date;
  accelRedirect?: string | null;
}) {
  const repo = createDownloadsRepository(options.db);
  const deps: DownloadsDeps = {
    db: options.db,
    repo,
    jobs: options.jobs,
    mediaDir: options.mediaDir,
    clock: options.clock ?? (() => new Date()),
    accelRedirect: options.accelRedirect ?? null,
  };
  /** For other features' files (clips): the same headers, ranges, offload and history. */
  const deliver: FileDelivery = (request, reply, file, history) =>
    deliverFile(deps, request, reply, file, history);
  return {
    repo,
    deliverFile: deliver,
    api: downloadsApi(deps),
    pages: downloadsPages(deps),
    /** Who may watch a video's preview files (the media feature's preview route asks). */
    async previewAccess(request: FastifyRequest, videoId: string) {
      const now = new Date();
      const facts = (await loadVideoFacts(options.db, [videoId], now)).get(videoId);
      return {
        watch: canSeeVideo(viewerOf(request.auth), facts, now).watch,
        isPublic: canSeeVideo({ kind: 'anonymous' }, facts, now).watch,
      };
    },
    async startWorker() {
      await options.jobs.work('downloads.rendition', renditionHandler({ repo, mediaDir: options.mediaDir }));
    },
    /** Gives demo videos their credit and terms (kept when already set). */
    async seedDemoUsage(videoIds: readonly string[]) {
      const existing = await repo.usageFor(videoIds);
      for (const id of videoIds) if (!existing.has(id)) await repo.setUsage(id, DEMO_USAGE);
    },
  };
}

export type Downloads = ReturnType<typeof createDownloads>;
