/**
 * Back office pages under /fr and /en (/admin itself is the dashboard, src/admin): /admin/videos (every video, the reason
 * of a failure, retry), /admin/upload (the resumable upload form). Editors and admins only: signed
 * out goes to sign-in and back, another role gets 403.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WebAuth } from '../accounts/public.ts';
import { sendPage } from '../accounts/public.ts';
import type { TablelessDb } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { translator } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import type { BackofficeRecord } from './module.ts';
import { backofficePageAllowed } from './page-guard.ts';
import { displayName } from './routes-api.ts';
import type { BackofficeStories } from './uploads.ts';
import { listBackofficeVideos, retryIngest } from './videos.ts';
import { BACKOFFICE_HEAD, type StoryOption, UPLOAD_HEAD, uploadView, videosView } from './views.ts';

export interface BackofficePagesDeps {
  /** Handed to the media feature's functions (the videos table is media's). */
  db: TablelessDb;
  jobs: JobQueue;
  storage: MediaStorage;
  stories: BackofficeStories;
  web: WebAuth;
  maxUploadBytes: number;
  record?: BackofficeRecord;
}

export function backofficePages(deps: BackofficePagesDeps): FastifyPluginAsync {
  const { web } = deps;
  return async (app) => {
    const allowed = (request: FastifyRequest, reply: FastifyReply): boolean =>
      backofficePageAllowed(request, reply, '/admin/videos');

    const videosPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      messages: { notice?: string | null; error?: string | null },
      status = 200,
    ) => {
      const lang = requestLang(request);
      const videos = await listBackofficeVideos(deps.db, lang);
      const csrf = web.csrfToken(request, reply);
      return sendPage(
        request,
        reply,
        (t) => ({ title: t('backoffice.videos.title'), head: BACKOFFICE_HEAD }),
        (ctx) => videosView(ctx, { videos, csrf, ...messages }),
        status,
      );
    };

    app.get('/admin/videos', { schema: { hide: true } }, async (request, reply) => {
      if (!allowed(request, reply)) return reply;
      return videosPage(request, reply, {});
    });

    app.post<{ Params: { id: string } }>(
      '/admin/videos/:id/retry',
      { schema: { hide: true } },
      async (request, reply) => {
        if (!allowed(request, reply)) return reply;
        const lang = requestLang(request);
        const t = translator(lang);
        const result = await retryIngest(deps, request.params.id, lang);
        if (result.kind === 'not_found')
          return videosPage(request, reply, { error: t('backoffice.videoNotFound') }, 404);
        if (result.kind === 'not_retriable')
          return videosPage(request, reply, { error: t('backoffice.videos.notRetriable') }, 409);
        if (result.kind === 'no_source')
          return videosPage(request, reply, { error: t('backoffice.videos.noSource') }, 409);
        // Right after the retry is queued (retryIngest's writes are not one transaction).
        await deps.record?.({
          actor: { id: String(request.auth?.user.id ?? '') || null, name: displayName(request) },
          action: 'video.retry',
          target: { kind: 'video', id: request.params.id, label: result.title },
        });
        return videosPage(request, reply, {
          notice: t('backoffice.videos.retried', { title: result.title }),
        });
      },
    );

    app.get<{ Querystring: { story?: string } }>(
      '/admin/upload',
      { schema: { hide: true } },
      async (request, reply) => {
        if (!allowed(request, reply)) return reply;
        const lang = requestLang(request);
        const stories: StoryOption[] = await deps.stories.choices(lang);
        const story = typeof request.query.story === 'string' ? request.query.story : '';
        return sendPage(
          request,
          reply,
          (t) => ({ title: t('backoffice.upload.title'), head: UPLOAD_HEAD }),
          (ctx) => uploadView(ctx, { stories, maxBytes: deps.maxUploadBytes, story }),
        );
      },
    );
  };
}
