/**
 * A clip as the selection basket (src/basket) sees it: asked for like any clip (found in the cache,
 * or queued within the user's cap), then its file once made. A full queue is not a refusal here: the
 * item waits and is queued on the basket's next look.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { videoLabel } from '../media/public.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { translate } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import { failureMessage } from './failure.ts';
import { clipFileName, resolveClipFile } from './file.ts';
import { clipRequestHttpError } from './routes.ts';
import { ClipRequestError, requestClip } from './service.ts';
import type { ClipsTables } from './tables.ts';

export interface BasketClipDeps {
  db: Kysely<ClipsTables>;
  jobs: JobQueue;
  storage: MediaStorage;
  queuePerUser: number;
}

export async function basketClip(
  deps: BasketClipDeps,
  request: FastifyRequest,
  input: { userId: string; videoId: string; inFrame: number; outFrame: number; profile: 'broadcast' | 'web' },
) {
  const lang = requestLang(request);
  try {
    const { clip, made } = await requestClip(deps, {
      videoId: input.videoId,
      range: { inFrame: input.inFrame, outFrame: input.outFrame },
      profile: input.profile,
      audio: null,
      userId: input.userId,
    });
    if (clip.status === 'failed') {
      const t = (key: Parameters<typeof translate>[1]) => translate(lang, key);
      return { kind: 'failed' as const, message: failureMessage(clip, t) ?? t('clips.error.failed') };
    }
    if (made && clip.file_path) {
      const resolved = await resolveClipFile(deps.db, deps.storage, clip, clip.file_path);
      if (resolved) {
        // The item's own video names the file: two videos of the same master share their clips' files.
        const label = await videoLabel(deps.db, input.videoId);
        return {
          kind: 'file' as const,
          path: deps.storage.path(resolved.file.relative),
          size: resolved.file.size,
          lastModified: resolved.file.lastModified,
          fileName: clipFileName(label?.titleEn ?? null, clip, clip.file_path),
          url: `/api/v1/clips/${clip.id}/file`,
          history: { ...resolved.history, videoId: input.videoId },
        };
      }
    }
    return { kind: 'preparing' as const, progress: Number(clip.progress) };
  } catch (error) {
    if (error instanceof ClipRequestError && error.code === 'too_many_clips')
      return { kind: 'waiting' as const, message: translate(lang, 'clips.basket.waiting') };
    if (error instanceof ClipRequestError) throw clipRequestHttpError(error, lang);
    throw error;
  }
}
