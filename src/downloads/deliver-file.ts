/**
 * Sending one resolved file over HTTP, the same for whole renditions and clip files: decide the answer
 * (conditional requests, one byte range), then stream that part of the file from disk (never buffered
 * whole) or hand it to nginx (X-Accel-Redirect), and record the download in the history. The caller
 * has authorised the request and resolved the file.
 */
import { createReadStream } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../web/errors.ts';
import { translate } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import { contentDisposition, contentTypeFor } from './file-name.ts';
import { contentRange, type Delivery, decideDelivery, type RequestHeaders } from './http-decision.ts';
import type { DownloadsDeps } from './module-types.ts';
import type { ClipTimecodes } from './repository.ts';
import { historyAction, RESUME_WINDOW_MS } from './rules.ts';
import type { HistoryRendition } from './tables.ts';

/** Large reads: fewer syscalls and event-loop turns per byte (measured in bench/download.ts). */
const READ_CHUNK = 1 << 20;

/** A file ready to send: on disk, under the media directory. */
export interface DeliverableFile {
  path: string;
  /** Relative to the media directory (what the X-Accel-Redirect location maps). */
  relative: string;
  size: number;
  lastModified: Date;
  /** The strong ETag, quoted, when the portal sends the bytes; behind nginx nginx's own is used. */
  etag: string;
  /** The readable name of Content-Disposition. */
  fileName: string;
  /** Without the dot: gives the Content-Type. */
  extension: string;
}

/** What the history records for a download of the file. */
export interface HistoryTarget {
  videoId: string;
  rendition: HistoryRendition;
  /** A clip's range in the master's timecode; null for a whole rendition. */
  clip: ClipTimecodes | null;
}

export type DeliveryDeps = Pick<DownloadsDeps, 'repo' | 'clock' | 'accelRedirect'>;

/** The port other features deliver through (the composition root binds the downloads feature's deps). */
export type FileDelivery = (
  request: FastifyRequest,
  reply: FastifyReply,
  file: DeliverableFile,
  history: HistoryTarget,
) => Promise<FastifyReply>;

/** The strong ETag nginx's static module gives a file: `"<mtime seconds hex>-<size hex>"`. */
export function nginxEtag(lastModified: Date, size: number): string {
  return `"${Math.floor(lastModified.getTime() / 1000).toString(16)}-${size.toString(16)}"`;
}

type Sending = Extract<Delivery, { kind: 'full' | 'partial' }>;

export async function deliverFile(
  deps: DeliveryDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  file: DeliverableFile,
  history: HistoryTarget,
): Promise<FastifyReply> {
  // Behind nginx the ETag is nginx's own (mtime-size), so that nginx and the portal judge If-Range and
  // If-None-Match alike; served by the portal it is the file's own.
  const etag = deps.accelRedirect ? nginxEtag(file.lastModified, file.size) : file.etag;
  const delivery = decideDelivery(request.headers as RequestHeaders, {
    size: file.size,
    etag,
    lastModified: file.lastModified,
  });
  reply
    .header('accept-ranges', 'bytes')
    .header('etag', etag)
    .header('last-modified', file.lastModified.toUTCString())
    .header('cache-control', 'private, no-cache')
    .header('vary', 'Cookie, Authorization');
  if (delivery.kind === 'not-modified') return reply.code(304).send();
  if (delivery.kind === 'precondition-failed') {
    const lang = requestLang(request);
    const message = translate(lang, 'downloads.error.preconditionFailed');
    return sendError(request, reply, 412, 'precondition_failed', message);
  }
  if (delivery.kind === 'unsatisfiable') {
    reply.header('content-range', contentRange(delivery, file.size));
    const lang = requestLang(request);
    const message = translate(lang, 'downloads.error.rangeNotSatisfiable', { size: file.size });
    return sendError(request, reply, 416, 'range_not_satisfiable', message);
  }
  reply
    .code(delivery.kind === 'partial' ? 206 : 200)
    .header('content-type', contentTypeFor(file.extension))
    .header('content-disposition', contentDisposition(file.fileName))
    .header('content-length', String(delivery.length));
  const range = contentRange(delivery, file.size);
  if (range) reply.header('content-range', range);
  if (deps.accelRedirect) return offload(deps, request, reply, file, history, delivery);
  if (request.method === 'HEAD' || delivery.length === 0) return reply.send();

  const historyId = await recordStart(deps, request, history, file.size, delivery);
  const stream = createReadStream(file.path, {
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
  deps: DeliveryDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  file: DeliverableFile,
  history: HistoryTarget,
  delivery: Sending,
): Promise<FastifyReply> {
  const historyId = await recordStart(deps, request, history, file.size, delivery);
  if (historyId) await deps.repo.addBytes(historyId, delivery.length);
  const location = `${deps.accelRedirect}${file.relative.split('/').map(encodeURIComponent).join('/')}`;
  reply.removeHeader('content-length');
  reply.removeHeader('content-range');
  return reply.code(200).header('x-accel-redirect', location).send();
}

async function recordStart(
  deps: DeliveryDeps,
  request: FastifyRequest,
  history: HistoryTarget,
  fileSize: number,
  delivery: Delivery,
): Promise<string | null> {
  const action = historyAction(request.method, delivery);
  if (action.kind === 'none') return null;
  const userId = request.auth?.user.id ?? null;
  if (action.kind === 'resume' && userId) {
    const since = new Date(deps.clock().getTime() - RESUME_WINDOW_MS);
    const latest = await deps.repo.latestDownload({ userId, ...history, since });
    if (latest) return latest;
  }
  const range = action.kind === 'start' ? action.range : contentRange(delivery, fileSize);
  return deps.repo.startDownload({
    userId,
    ...history,
    fileSize,
    range: range?.replace(/^bytes /, '').replace(/\/\d+$/, '') ?? null,
  });
}
