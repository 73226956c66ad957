/**
 * Sending one stored file over HTTP, the part every media file shares (whole renditions, clips, audio):
 * decide the answer (conditional requests, one byte range: http-decision.ts), then stream that part
 * from the storage port (never buffered whole) or hand it to nginx (X-Accel-Redirect on the file's
 * storage key). What a download adds on top (the history) comes in through `track`
 * (deliver-file.ts). The caller has authorised the request and resolved the file.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MediaStorage } from '../platform/storage/index.ts';
import { sendError } from '../web/errors.ts';
import { translate } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import { contentDisposition } from './file-name.ts';
import { contentRange, type Delivery, decideDelivery, type RequestHeaders } from './http-decision.ts';

/** A stored file ready to send. */
export interface StoredFileToSend {
  /** The storage key (relative to the media directory: what the X-Accel-Redirect location maps). */
  key: string;
  size: number;
  lastModified: Date;
  /** The strong ETag, quoted, when the portal sends the bytes; behind nginx nginx's own is used. */
  etag: string;
  /** The readable name of Content-Disposition. */
  fileName: string;
  contentType: string;
}

export interface SendOptions {
  /** `attachment` (a download) or `inline` (a player, an image in a page). */
  disposition: 'attachment' | 'inline';
  cacheControl: string;
  /**
   * Called once the bytes to send are decided (never for HEAD by the portal, nor for 304/412/416);
   * what it returns hears how many were sent: awaited before the answer when nginx sends them (it
   * does not report back: the bytes decided), on the connection's close when the portal does.
   */
  track?: (delivery: Sending) => Promise<((sent: number) => Promise<void>) | null>;
}

/** Where to send from: the storage port, and behind nginx its internal location (X-Accel-Redirect). */
export interface SendDeps {
  storage: MediaStorage;
  accelRedirect: string | null;
}

export type Sending = Extract<Delivery, { kind: 'full' | 'partial' }>;

/** A stored file sent through the portal's one delivery (bound to the storage and nginx by downloads). */
export type StoredFileSender = (
  request: FastifyRequest,
  reply: FastifyReply,
  file: StoredFileToSend,
  options: SendOptions,
) => Promise<FastifyReply>;

/** The strong ETag nginx's static module gives a file: `"<mtime seconds hex>-<size hex>"`. */
export function nginxEtag(lastModified: Date, size: number): string {
  return `"${Math.floor(lastModified.getTime() / 1000).toString(16)}-${size.toString(16)}"`;
}

export async function sendStoredFile(
  deps: SendDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  file: StoredFileToSend,
  options: SendOptions,
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
    .header('cache-control', options.cacheControl)
    .header('vary', 'Cookie, Authorization')
    .header('x-content-type-options', 'nosniff');
  if (delivery.kind === 'not-modified') return reply.code(304).send();
  if (delivery.kind === 'precondition-failed') {
    const message = translate(requestLang(request), 'downloads.error.preconditionFailed');
    return sendError(request, reply, 412, 'precondition_failed', message);
  }
  if (delivery.kind === 'unsatisfiable') {
    reply.header('content-range', contentRange(delivery, file.size));
    const message = translate(requestLang(request), 'downloads.error.rangeNotSatisfiable', {
      size: file.size,
    });
    return sendError(request, reply, 416, 'range_not_satisfiable', message);
  }
  reply
    .code(delivery.kind === 'partial' ? 206 : 200)
    .header('content-type', file.contentType)
    .header('content-disposition', contentDisposition(file.fileName, options.disposition))
    .header('content-length', String(delivery.length));
  const range = contentRange(delivery, file.size);
  if (range) reply.header('content-range', range);
  if (deps.accelRedirect) {
    // nginx sends the bytes with sendfile, applying the same Range and If-Range to the same file; it
    // sets Content-Length, Content-Range and the status itself; the portal's Content-Type,
    // Content-Disposition and ETag pass through.
    const sent = (await options.track?.(delivery)) ?? null;
    if (sent) await sent(delivery.length);
    const location = `${deps.accelRedirect}${file.key.split('/').map(encodeURIComponent).join('/')}`;
    reply.removeHeader('content-length');
    reply.removeHeader('content-range');
    return reply.code(200).header('x-accel-redirect', location).send();
  }
  if (request.method === 'HEAD' || delivery.length === 0) return reply.send();

  const sent = (await options.track?.(delivery)) ?? null;
  const stream = deps.storage.read(file.key, { start: delivery.start, end: delivery.end });
  if (sent) {
    reply.raw.once('close', () => {
      const unsent = reply.raw.writableFinished ? 0 : reply.raw.writableLength;
      sent(Math.max(0, Math.min(delivery.length, stream.bytesRead - unsent))).catch((error) =>
        request.log.error({ err: error }, 'recording download bytes failed'),
      );
    });
  }
  return reply.send(stream);
}
