/**
 * Preview files (HLS playlists and segments, poster, thumbnails): from the complete preview directory,
 * or, while the first segments are already playable, from the one still being written. ffmpeg renames
 * every segment and playlist into place, so no half file is ever served.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { previewRelativeDir } from '../../media/ingest-jobs.ts';
import { partialPreviewDir } from '../../media/preview.ts';
import { HttpError } from '../errors.ts';

const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;
const SAFE_FILE = /^(?:[A-Za-z0-9_-]+\/)?[A-Za-z0-9_.-]+\.(m3u8|m4s|mp4|jpg|vtt)$/;

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

export function mediaFiles(mediaDir: string): FastifyPluginAsync {
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
        const finalDir = join(mediaDir, previewRelativeDir(id));
        for (const dir of [finalDir, partialPreviewDir(finalDir)]) {
          if (!(await isFile(join(dir, file)))) continue;
          const live = dir !== finalDir;
          // Playlists change while encoding; finished segments never do.
          const cache = file.endsWith('.m3u8') || live ? 'no-cache' : 'public, max-age=86400, immutable';
          return reply.header('cache-control', cache).sendFile(file, dir, { cacheControl: false });
        }
        throw new HttpError(404, 'not_found', 'error.notFound.body');
      },
    );
  };
}
