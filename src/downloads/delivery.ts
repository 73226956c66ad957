/**
 * Delivering a rendition over HTTP: authorise (verified, signed in, not embargoed), resolve the file,
 * then send it and record it through the delivery shared with clip files (deliver-file.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../web/errors.ts';
import { formatDateTime } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import { deliverFile } from './deliver-file.ts';
import { type ResolvedFile, resolveRendition } from './files.ts';
import type { DownloadsDeps } from './module-types.ts';
import type { DownloadableVideo } from './repository.ts';
import { checkAccess } from './rules.ts';
import type { RenditionName } from './tables.ts';

/** How long a client is asked to wait before asking again for a rendition being made. */
const RETRY_AFTER_SECONDS = 10;

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
  // Served by the portal the ETag is the content's sha256.
  const file = { ...resolved, etag: `"${resolved.sha256}"` };
  return deliverFile(deps, request, reply, file, { videoId: video.id, rendition, clip: null });
}
