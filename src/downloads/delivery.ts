/**
 * Delivering a rendition over HTTP: authorise (verified, signed in, not embargoed), resolve the file,
 * decide the answer (conditional requests, one byte range), then stream that part of the file from
 * disk (never buffered whole) and record the download in the history.
 */
import { createReadStream } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, sendError } from '../web/errors.ts';
import { translate } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import { contentDisposition, contentTypeFor } from './file-name.ts';
import { type ResolvedFile, resolveRendition } from './files.ts';
import { formatDateTime } from './format.ts';
import { contentRange, decideDelivery, type RequestHeaders } from './http-decision.ts';
import type { DownloadsDeps } from './module-types.ts';
import type { DownloadableVideo } from './repository.ts';
import { checkAccess, historyAction, RESUME_WINDOW_MS } from './rules.ts';
import type { RenditionName } from './tables.ts';

/** Large reads: fewer syscalls and event-loop turns per byte (measured in bench/download.ts). */
const READ_CHUNK = 1 << 20;
/** How long a client is asked to wait before asking again for a rendition being made. */
const RETRY_AFTER_SECONDS = 10;

/** The strong ETag nginx's static module gives a file: `"<mtime seconds hex>-<size hex>"`. */
export function nginxEtag(lastModified: Date, size: number): string {
  return `"${Math.floor(lastModified.getTime() / 1000).toString(16)}-${size.toString(16)}"`;
}

/** Throws the HttpError for a request that may not download this video (401, 403), if any. */
export function authorise(
  request: FastifyRequest,
  video: { usage: Pick<NonNullable<DownloadableVideo['usage']>, 'embargoUntil'> | null },
  now: Date,
): void {
  const auth = request.auth;
  const refusal = checkAccess(
    auth ? { id: auth.user.id, verified: auth.user.email_verified_at !== null, pending: auth.pending } : null,
    { embargoUntil: video.usage?.embargoUntil ?? null },
    now,
  );
  if (!refusal) return;
  if (refusal.code === 'sign_in_required') throw new HttpError(401, refusal.code, 'downloads.error.signIn');
  if (refusal.code === 'email_unverified')
    throw new HttpError(403, refusal.code, 'downloads.error.unverified');
  throw new HttpError(403, refusal.code, 'downloads.error.embargoed', {
    date: formatDateTime(requestLang(request), refusal.until),
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
  authorise(request, video, deps.clock());
  const resolved = await resolveRendition(deps, video, rendition);
  if (resolved.kind !== 'file') return refuseUnavailable(reply, resolved);

  // Behind nginx the ETag is nginx's own (mtime-size), so that nginx and the portal judge If-Range and
  // If-None-Match alike; served by the portal it is the content's sha256.
  const etag = deps.accelRedirect ? nginxEtag(resolved.lastModified, resolved.size) : `"${resolved.sha256}"`;
  const delivery = decideDelivery(request.headers as RequestHeaders, {
    size: resolved.size,
    etag,
    lastModified: resolved.lastModified,
  });
  reply
    .header('accept-ranges', 'bytes')
    .header('etag', etag)
    .header('last-modified', resolved.lastModified.toUTCString())
    .header('cache-control', 'private, no-cache')
    .header('vary', 'Cookie, Authorization');
  if (delivery.kind === 'not-modified') return reply.code(304).send();
  if (delivery.kind === 'precondition-failed') {
    const lang = requestLang(request);
    const message = translate(lang, 'downloads.error.preconditionFailed');
    return sendError(request, reply, 412, 'precondition_failed', message);
  }
  if (delivery.kind === 'unsatisfiable') {
    reply.header('content-range', contentRange(delivery, resolved.size));
    const lang = requestLang(request);
    const message = translate(lang, 'downloads.error.rangeNotSatisfiable', { size: resolved.size });
    return sendError(request, reply, 416, 'range_not_satisfiable', message);
  }
  reply
    .code(delivery.kind === 'partial' ? 206 : 200)
    .header('content-type', contentTypeFor(resolved.extension))
    .header('content-disposition', contentDisposition(resolved.fileName))
    .header('content-length', String(delivery.length));
  const range = contentRange(delivery, resolved.size);
  if (range) reply.header('content-range', range);
  if (deps.accelRedirect) return offload(deps, request, reply, video.id, rendition, resolved, delivery);
  if (request.method === 'HEAD' || delivery.length === 0) return reply.send();

  const historyId = await recordStart(deps, request, video.id, rendition, resolved.size, delivery);
  const stream = createReadStream(resolved.path, {
    start: delivery.start,
    end: delivery.end,
    highWaterMark: READ_CHUNK,
  });
  if (historyId) {
    reply.raw.once('close', () => {
      const unsent = reply.raw.writableFinished ? 0 : reply.raw.writableLength;
      const sent = Math.max(0, Math.min(delivery.length, stream.bytesRead - unsent));
      deps.repo
        .addBytes(historyId, sent)
        .catch((error) => request.log.error({ err: error }, 'recording download bytes failed'));
    });
  }
  return reply.send(stream);
}

/**
 * Behind nginx: the portal has authorised and decided; nginx sends the bytes with sendfile, applying
 * the same Range and If-Range to the same file. nginx sets Content-Length, Content-Range and the
 * status itself; the portal's Content-Type, Content-Disposition and ETag pass through. The history
 * counts the bytes decided, as nginx does not report back.
 */
async function offload(
  deps: DownloadsDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  videoId: string,
  rendition: RenditionName,
  resolved: Extract<ResolvedFile, { kind: 'file' }>,
  delivery: Extract<ReturnType<typeof decideDelivery>, { kind: 'full' | 'partial' }>,
): Promise<FastifyReply> {
  const historyId = await recordStart(deps, request, videoId, rendition, resolved.size, delivery);
  if (historyId) await deps.repo.addBytes(historyId, delivery.length);
  const location = `${deps.accelRedirect}${resolved.relative.split('/').map(encodeURIComponent).join('/')}`;
  reply.removeHeader('content-length');
  reply.removeHeader('content-range');
  return reply.code(200).header('x-accel-redirect', location).send();
}

async function recordStart(
  deps: DownloadsDeps,
  request: FastifyRequest,
  videoId: string,
  rendition: RenditionName,
  fileSize: number,
  delivery: ReturnType<typeof decideDelivery>,
): Promise<string | null> {
  const action = historyAction(request.method, delivery);
  if (action.kind === 'none') return null;
  const userId = request.auth?.user.id ?? null;
  if (action.kind === 'resume' && userId) {
    const since = new Date(deps.clock().getTime() - RESUME_WINDOW_MS);
    const latest = await deps.repo.latestDownload({ userId, videoId, rendition, since });
    if (latest) return latest;
  }
  const range = action.kind === 'start' ? action.range : contentRange(delivery, fileSize);
  return deps.repo.startDownload({
    userId,
    videoId,
    rendition,
    fileSize,
    range: range?.replace(/^bytes /, '').replace(/\/\d+$/, '') ?? null,
  });
}
