/**
 * Delivering a rendition over HTTP: authorise (the one video rule, video-access.ts: published, not
 * embargoed, signed in and verified; editors and admins always), resolve the file, then send it and
 * record it through the delivery shared with clip files (deliver-file.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../web/errors.ts';
import { formatDateTime } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import { deliverFile } from './deliver-file.ts';
import { embargoedFileName } from './file-name.ts';
import { type ResolvedFile, resolveRendition } from './files.ts';
import type { DownloadsDeps } from './module-types.ts';
import type { RenditionName } from './tables.ts';
import { viewerOf } from './video-access.ts';
import { oneVideoAccess, type VideoFactsSource } from './video-access-facts.ts';

/** How long a client is asked to wait before asking again for a rendition being made. */
const RETRY_AFTER_SECONDS = 10;

/** `authorise` bound to the portal's database and stories (`createDownloads().authorise`). */
export type DownloadAuthorisation = (request: FastifyRequest, videoId: string, now: Date) => Promise<void>;

/**
 * Throws the HttpError for a request that may not download this video or cut clips from it (404 as
 * for an unknown id when the viewer may not see it at all; 401, 403), if any.
 */
export async function authorise(
  source: VideoFactsSource,
  request: FastifyRequest,
  videoId: string,
  now: Date,
): Promise<void> {
  const refusal = (await oneVideoAccess(source, viewerOf(request.auth), videoId, now)).download;
  if (!refusal) return;
  if (refusal.code === 'not_found') throw new HttpError(404, 'not_found', 'error.notFound.body');
  if (refusal.code === 'sign_in_required') throw new HttpError(401, refusal.code, 'downloads.error.signIn');
  if (refusal.code === 'email_unverified')
    throw new HttpError(403, refusal.code, 'downloads.error.unverified');
  throw new HttpError(403, refusal.code, 'downloads.error.embargoed', {
    date: formatDateTime(requestLang(request), refusal.until, request.server.timeZone),
  });
}

function refuseUnavailable(reply: FastifyReply, resolved: Exclude<ResolvedFile, { kind: 'file' }>): never {
  switch (resolved.kind) {
    case 'not-ready':
      throw new HttpError(409, 'not_ready', 'downloads.error.notReady');
    case 'no-audio':
      throw new HttpError(404, 'no_audio', 'downloads.error.noAudio');
    case 'failed':
      reply.header('retry-after', String(15 * 60));
      throw new HttpError(503, 'rendition_failed', 'downloads.error.failed');
    case 'preparing':
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      throw new HttpError(503, 'rendition_preparing', 'downloads.error.preparing', {
        percent: Math.round(resolved.progress * 100),
      });
  }
}

export async function deliverRendition(
  deps: DownloadsDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  videoId: string,
  rendition: RenditionName,
): Promise<FastifyReply> {
  const video = await deps.repo.video(videoId, deps.clock());
  if (!video) throw new HttpError(404, 'not_found', 'error.notFound.body');
  await authorise(deps, request, video.id, deps.clock());
  const resolved = await resolveRendition(deps, video, rendition);
  if (resolved.kind !== 'file') return refuseUnavailable(reply, resolved);
  // Served by the portal the ETag is the content's sha256. Ahead of an embargo the name says so.
  const until = video.usage?.embargoUntil;
  const early = until && until.getTime() > deps.clock().getTime();
  const fileName = early
    ? embargoedFileName(resolved.fileName, until, requestLang(request))
    : resolved.fileName;
  const file = { ...resolved, fileName, etag: `"${resolved.sha256}"` };
  return deliverFile(deps, request, reply, file, { videoId: video.id, rendition, clip: null });
}
