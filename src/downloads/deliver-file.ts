/**
 * Delivering a download, the same for whole renditions and clip files: the stored file sent by the
 * one delivery (send-stored-file.ts: conditional requests, one byte range, from the storage port or
 * by nginx), as an attachment that only its viewer may cache, and the download recorded in the
 * history. The caller has authorised the request and resolved the file.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentTypeFor } from './file-name.ts';
import { contentRange, type Delivery } from './http-decision.ts';
import type { DownloadsDeps } from './module-types.ts';
import type { ClipTimecodes } from './repository.ts';
import { historyAction, RESUME_WINDOW_MS } from './rules.ts';
import { sendStoredFile } from './send-stored-file.ts';
import type { HistoryRendition } from './tables.ts';

/** A file ready to send, by its storage key. */
export interface DeliverableFile {
  /** The storage key (relative to the media directory: what the X-Accel-Redirect location maps). */
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
  /** The video, or null for a part of an audio item (then `audioId`). */
  videoId: string | null;
  audioId?: string | null;
  rendition: HistoryRendition;
  /** A clip's range in the master's timecode; null for a whole rendition. */
  clip: ClipTimecodes | null;
}

export type DeliveryDeps = Pick<DownloadsDeps, 'repo' | 'clock' | 'accelRedirect' | 'storage'>;

/** The port other features deliver through (the composition root binds the downloads feature's deps). */
export type FileDelivery = (
  request: FastifyRequest,
  reply: FastifyReply,
  file: DeliverableFile,
  history: HistoryTarget,
) => Promise<FastifyReply>;

export function deliverFile(
  deps: DeliveryDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  file: DeliverableFile,
  history: HistoryTarget,
): Promise<FastifyReply> {
  const stored = {
    key: file.relative,
    size: file.size,
    lastModified: file.lastModified,
    etag: file.etag,
    fileName: file.fileName,
    contentType: contentTypeFor(file.extension),
  };
  return sendStoredFile(deps, request, reply, stored, {
    disposition: 'attachment',
    cacheControl: 'private, no-cache',
    // Behind nginx the history counts the bytes decided, as nginx does not report back.
    async track(delivery) {
      const historyId = await recordStart(deps, request, history, file.size, delivery);
      return historyId ? (sent) => deps.repo.addBytes(historyId, sent) : null;
    },
  });
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
