/**
 * What the selection basket (src/basket) needs of downloads, bound by `createDownloads`: the one rule
 * (authorise), a video's facts and usage terms for the manifest, whole renditions as files (queued
 * when not made yet, named as a single download would be), and the history that the archive fills.
 */
import type { FastifyRequest } from 'fastify';
import { translate } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import type { HistoryTarget } from './deliver-file.ts';
import { authorise } from './delivery.ts';
import { embargoedFileName } from './file-name.ts';
import { resolveRendition } from './files.ts';
import type { DownloadsDeps } from './module-types.ts';
import { downloadPagePath } from './views.ts';

export function basketFiles(deps: DownloadsDeps) {
  return {
    authorise: (request: FastifyRequest, videoId: string, now: Date) =>
      authorise(deps, request, videoId, now),

    async video(videoId: string, now: Date) {
      const video = await deps.repo.video(videoId, now);
      if (!video) return null;
      const usage = video.usage;
      return {
        id: video.id,
        titleFr: video.titleFr,
        titleEn: video.titleEn,
        rate: video.info ? video.info.video.frameRate : null,
        startTimecode: video.startTimecode,
        dropFrame: video.info?.dropFrame ?? false,
        credit: usage?.credit ?? '',
        // No terms of its own: the portal's, as the download panel says.
        termsFr: usage?.termsFr || translate('fr', 'downloads.defaultTerms'),
        termsEn: usage?.termsEn || translate('en', 'downloads.defaultTerms'),
        restrictionsFr: usage?.restrictionsFr ?? '',
        restrictionsEn: usage?.restrictionsEn ?? '',
        embargoUntil:
          usage?.embargoUntil && usage.embargoUntil.getTime() > now.getTime() ? usage.embargoUntil : null,
      };
    },

    async rendition(request: FastifyRequest, videoId: string, name: 'master' | 'web') {
      const lang = requestLang(request);
      const now = deps.clock();
      const video = await deps.repo.video(videoId, now);
      if (!video) return { kind: 'failed' as const, message: translate(lang, 'error.notFound.body') };
      const resolved = await resolveRendition(deps, video, name);
      switch (resolved.kind) {
        case 'file': {
          const until = video.usage?.embargoUntil;
          const fileName =
            until && until.getTime() > now.getTime()
              ? embargoedFileName(resolved.fileName, until, lang)
              : resolved.fileName;
          return {
            kind: 'file' as const,
            path: resolved.path,
            size: resolved.size,
            lastModified: resolved.lastModified,
            fileName,
            url: downloadPagePath(lang, video.id, name),
            history: { videoId: video.id, rendition: name, clip: null } satisfies HistoryTarget,
          };
        }
        case 'preparing':
          return { kind: 'preparing' as const, progress: resolved.progress };
        case 'not-ready':
          return { kind: 'waiting' as const, message: translate(lang, 'downloads.error.notReady') };
        case 'no-audio':
          return { kind: 'failed' as const, message: translate(lang, 'downloads.error.noAudio') };
        case 'failed':
          return { kind: 'failed' as const, message: translate(lang, 'downloads.error.failed') };
      }
    },

    recordDownload: (userId: string, history: HistoryTarget, fileSize: number) =>
      deps.repo.startDownload({ userId, ...history, fileSize, range: null }),
    addBytes: (historyId: string, bytes: number) => deps.repo.addBytes(historyId, bytes),
  };
}
