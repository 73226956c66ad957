/**
 * Routes of the downloads feature. API (under /api/v1): the rendition files, the user's history, a
 * video's history for admins. Pages (under /fr and /en): the download links of the video and story
 * pages (signed-out visitors are sent to sign in and back), the user's history, a video's history.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { HttpError } from '../web/errors.ts';
import { html } from '../web/html.ts';
import { layout, localPath } from '../web/layout.ts';
import { pageContext } from '../web/page-context.ts';
import { requestLang } from '../web/request-lang.ts';
import { apiErrorSchema, listOf, nullable, partial, stringEnum, Type, typed } from '../web/schemas.ts';
import { deliverRendition } from './delivery.ts';
import { HISTORY_RENDITIONS, isRenditionName, RENDITION_NAMES } from './files.ts';
import type { DownloadsDeps } from './module-types.ts';
import type { DownloadRow } from './repository.ts';
import { historyView, videoHistoryView } from './views.ts';

const fileParams = Type.Object({
  id: Type.String({ maxLength: 200 }),
  name: stringEnum(RENDITION_NAMES),
});

const historyItem = partial({
  videoId: Type.String(),
  title: Type.String(),
  rendition: stringEnum(HISTORY_RENDITIONS, {
    description: 'A whole rendition, or a clip file: clip-broadcast or clip-web (the clip’s profile)',
  }),
  in: nullable(
    Type.String({
      description: 'A clip’s first frame, in the master’s timecode (HH:MM:SS:FF); null for a whole rendition',
    }),
  ),
  out: nullable(
    Type.String({
      description: 'A clip’s first frame not included, in the master’s timecode; null for a whole rendition',
    }),
  ),
  bytes: Type.Integer({ description: 'Bytes sent, resumed ranges included' }),
  fileSize: Type.Integer(),
  range: nullable(Type.String({ description: 'null for a full download; the first range otherwise' })),
  at: Type.String({ format: 'date-time' }),
  user: nullable(Type.String({ description: 'Admins only: the account email; null once deleted' })),
});

function historyJson(rows: readonly DownloadRow[], lang: 'fr' | 'en', withUser: boolean) {
  return {
    items: rows.map((r) => ({
      videoId: r.videoId,
      title: lang === 'fr' ? r.videoTitleFr : r.videoTitleEn,
      rendition: r.rendition,
      in: r.clip?.in ?? null,
      out: r.clip?.out ?? null,
      bytes: r.bytes,
      fileSize: r.fileSize,
      range: r.range,
      at: r.at.toISOString(),
      ...(withUser ? { user: r.userEmail ?? null } : {}),
    })),
  };
}

function signedInUser(request: FastifyRequest) {
  const auth = request.auth;
  return auth && !auth.pending ? auth.user : null;
}

function requireAdmin(request: FastifyRequest) {
  const user = signedInUser(request);
  if (!user) throw new HttpError(401, 'sign_in_required', 'accountsWeb.signInRequired');
  if (user.role !== 'admin') throw new HttpError(403, 'forbidden', 'downloads.error.adminOnly');
  return user;
}

export function downloadsApi(deps: DownloadsDeps): FastifyPluginAsync {
  return async (plugin) => {
    const app = typed(plugin);
    app.route({
      method: ['GET', 'HEAD'],
      url: '/videos/:id/renditions/:name/file',
      exposeHeadRoute: false,
      schema: {
        summary: 'Download a rendition: master (the untouched original), web (H.264 MP4) or audio (WAV)',
        description:
          'Verified, signed-in users only. Range (one range: 206; 416 when unsatisfiable), HEAD, strong ETag, If-Range, If-None-Match (304), If-Match (412). A web or audio rendition not made yet answers 503 with Retry-After while a job makes it.',
        tags: ['downloads'],
        params: fileParams,
        response: {
          401: apiErrorSchema,
          403: apiErrorSchema,
          404: apiErrorSchema,
          409: apiErrorSchema,
          503: apiErrorSchema,
        },
      },
      handler: async (request, reply) => {
        await deliverRendition(deps, request, reply, request.params.id, request.params.name);
        return reply;
      },
    });

    app.get(
      '/account/downloads',
      {
        schema: {
          summary: 'The signed-in user’s download history, latest first',
          tags: ['downloads'],
          response: { 200: listOf(historyItem), 401: apiErrorSchema },
        },
      },
      async (request) => {
        const user = signedInUser(request);
        if (!user) throw new HttpError(401, 'sign_in_required', 'accountsWeb.signInRequired');
        return historyJson(await deps.repo.userDownloads(user.id), requestLang(request), false);
      },
    );

    app.get(
      '/videos/:id/downloads',
      {
        schema: {
          summary: 'Who downloaded a video (admins)',
          tags: ['downloads'],
          params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
          response: {
            200: listOf(historyItem),
            401: apiErrorSchema,
            403: apiErrorSchema,
            404: apiErrorSchema,
          },
        },
      },
      async (request) => {
        requireAdmin(request);
        const video = await deps.repo.video(request.params.id, deps.clock());
        if (!video) throw new HttpError(404, 'not_found', 'error.notFound.body');
        return historyJson(await deps.repo.videoDownloads(video.id), requestLang(request), true);
      },
    );
  };
}

export function downloadsPages(deps: DownloadsDeps): FastifyPluginAsync {
  return async (app) => {
    app.route<{ Params: { id: string; name: string } }>({
      method: ['GET', 'HEAD'],
      url: '/videos/:id/download/:name',
      exposeHeadRoute: false,
      handler: async (request, reply) => {
        const { id, name } = request.params;
        if (!isRenditionName(name)) throw new HttpError(404, 'not_found', 'downloads.error.noRendition');
        const lang = requestLang(request);
        if (!signedInUser(request)) {
          const back = localPath(lang, `/videos/${encodeURIComponent(id)}`);
          return reply.redirect(`${localPath(lang, '/sign-in')}?returnTo=${encodeURIComponent(back)}`, 303);
        }
        return deliverRendition(deps, request, reply, id, name);
      },
    });

    app.get('/account/downloads', async (request, reply) => {
      const user = signedInUser(request);
      const lang = requestLang(request);
      if (!user) {
        const back = localPath(lang, '/account/downloads');
        return reply.redirect(`${localPath(lang, '/sign-in')}?returnTo=${encodeURIComponent(back)}`, 303);
      }
      const ctx = pageContext(request);
      const rows = await deps.repo.userDownloads(user.id);
      return reply
        .header('cache-control', 'private, no-cache')
        .type('text/html; charset=utf-8')
        .send(
          layout(
            ctx,
            {
              title: ctx.t('downloads.history.title'),
              head: html`<script type="module" src="/static/client/history.js"></script>`,
            },
            historyView(ctx, rows),
          ),
        );
    });

    app.get<{ Params: { id: string } }>('/admin/videos/:id/downloads', async (request, reply) => {
      const lang = requestLang(request);
      if (!signedInUser(request)) {
        const back = localPath(lang, `/admin/videos/${encodeURIComponent(request.params.id)}/downloads`);
        return reply.redirect(`${localPath(lang, '/sign-in')}?returnTo=${encodeURIComponent(back)}`, 303);
      }
      requireAdmin(request);
      const video = await deps.repo.video(request.params.id, deps.clock());
      if (!video) throw new HttpError(404, 'not_found', 'error.notFound.body');
      const ctx = pageContext(request);
      const title = lang === 'fr' ? video.titleFr : video.titleEn;
      const rows = await deps.repo.videoDownloads(video.id);
      return reply
        .header('cache-control', 'private, no-cache')
        .type('text/html; charset=utf-8')
        .send(
          layout(
            ctx,
            { title: ctx.t('downloads.admin.title', { title }) },
            videoHistoryView(ctx, title, rows),
          ),
        );
    });
  };
}
