/**
 * Preview files (HLS playlists and segments, poster, thumbnails): from the complete preview directory,
 * or, while the first segments are already playable, from the one still being written. ffmpeg renames
 * every segment and playlist into place, so no half file is ever served. Only to viewers the one
 * video rule lets watch the video (the downloads feature's, handed over as `previewAccess`); the others get 404, as for an unknown
 * id. Files of a video that is not public are never cached by shared caches.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { MediaStorage } from '../platform/storage/index.ts';
import { HttpError } from '../web/errors.ts';
import { previewRelativeDir } from './ingest-jobs.ts';

const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;
const SAFE_FILE = /^(?:[A-Za-z0-9_-]+\/)?[A-Za-z0-9_.-]+\.(m3u8|m4s|mp4|jpg|vtt)$/;

/**
 * Who may watch a video's preview, decided by the downloads feature's rules (handed over by the
 * composition root): `watch` for this request, `isPublic` when an anonymous visitor may too.
 */
export type PreviewAccess = (
  request: FastifyRequest,
  videoId: string,
) => Promise<{ watch: boolean; isPublic: boolean }>;

export function mediaFiles(storage: MediaStorage, previewAccess: PreviewAccess): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { id: string; '*': string } }>(
      '/media/previews/:id/*',
      { schema: { hide: true } },
      async (request, reply) => {
        const { id } = request.params;
        const file = request.params['*'];
        if (!SAFE_ID.test(id) || !SAFE_FILE.test(file) || file.includes('..')) {
          throw new HttpError(404, 'not_found', 'error.notFound.body');
        }
        const { watch, isPublic } = await previewAccess(request, id);
        if (!watch) throw new HttpError(404, 'not_found', 'error.notFound.body');
        // Public (what an anonymous visitor may watch): shared caches may keep only that.
        const finalDir = previewRelativeDir(id);
        // While encoding, what the builder has published of its work folder is served from its key.
        for (const dir of [finalDir, storage.workFolder(finalDir).key]) {
          if (!(await storage.stat(`${dir}/${file}`))) continue;
          const live = dir !== finalDir;
          // Playlists change while encoding; finished segments never do.
          // The poster too: an editor may choose another frame (newsroom's posterFrame).
          const mutable = file.endsWith('.m3u8') || file === 'poster.jpg' || live;
          const cache = isPublic
            ? mutable
              ? 'no-cache'
              : 'public, max-age=86400, immutable'
            : mutable
              ? 'private, no-cache'
              : 'private, max-age=86400, immutable';
          if (!isPublic) reply.header('vary', 'Cookie, Authorization');
          return reply
            .header('cache-control', cache)
            .sendFile(file, storage.path(dir), { cacheControl: false });
        }
        throw new HttpError(404, 'not_found', 'error.notFound.body');
      },
    );
  };
}
