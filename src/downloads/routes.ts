/**
 * Routes of the downloads feature. API (under /api/v1): the rendition files, the user's history, a
 * video's history for admins. Pages (under /fr and /en): the download links of the video and story
 * pages (signed-out visitors are sent to sign in and back), the user's history, a video's history.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { HttpError } from '../web/errors.ts';
import { layout, localPath } from '../web/layout.ts';
import { pageContext } from '../web/page-context.ts';
import { requestLang } from '../web/request-lang.ts';
import { deliverRendition } from './delivery.ts';
import { HISTORY_RENDITIONS, isRenditionName, RENDITION_NAMES } from './files.ts';
import type { DownloadsDeps } from './module-types.ts';
import type { DownloadRow } from './repository.ts';
import type { RenditionName } from './tables.ts';
import { historyView, videoHistoryView } from './views.ts';

const errorSchema = {
  type: 'object',
  properties: {
    error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
  },
} as const;

const fileParams = {
  type: 'object',
  required: ['id', 'name'],
  properties: {
    id: { type: 'string', maxLength: 200 },
    name: { type: 'string', enum: [...RENDITION_NAMES] },
  },
} as const;

const historyItem = {
  type: 'object',
  properties: {
    videoId: { type: 'string' },
    title: { type: 'string' },
    rendition: {
      type: 'string',
      enum: [...HISTORY_RENDITIONS],
      description: 'A whole rendition, or a clip file: clip-broadcast or clip-web (the clip’s profile)',
    },
    in: {
      type: ['string', 'null'],
      description: 'A clip’s first frame, in the master’s timecode (HH:MM:SS:FF); null for a whole rendition',
    },
    out: {
      type: ['string', 'null'],
      description: 'A clip’s first frame not included, in the master’s timecode; null for a whole rendition',
    },
    bytes: { type: 'integer', description: 'Bytes sent, resumed ranges included' },
    fileSize: { type: 'integer' },
    range: { type: ['string', 'null'], description: 'null for a full download; the first range otherwise' },
    at: { type: 'string', format: 'date-time' },
    user: { type: ['string', 'null'], description: 'Admins only: the account email; null once deleted' },
  },
} as const;

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
  return async (app) => {
    app.route<{ Params: { id: string; name: RenditionName } }>({
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
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
          503: errorSchema,
        },
      },
      handler: (request, reply) =>
        deliverRendition(deps, request, reply, request.params.id, request.params.name),
    });

    app.get(
      '/account/downloads',
      {
        schema: {
          summary: 'The signed-in user’s download history, latest first',
          tags: ['downloads'],
          response: {
            200: { type: 'object', properties: { items: { type: 'array', items: historyItem } } },
            401: errorSchema,
          },
        },
      },
      async (request) => {
        const user = signedInUser(request);
        if (!user) throw new HttpError(401, 'sign_in_required', 'accountsWeb.signInRequired');
        return historyJson(await deps.repo.userDownloads(user.id), requestLang(request), false);
      },
    );

    app.get<{ Params: { id: string } }>(
      '/videos/:id/downloads',
      {
        schema: {
          summary: 'Who downloaded a video (admins)',
          tags: ['downloads'],
          params: { type: 'object', properties: { id: { type: 'string', maxLength: 200 } } },
          response: {
            200: { type: 'object', properties: { items: { type: 'array', items: historyItem } } },
            401: errorSchema,
            403: errorSchema,
            404: errorSchema,
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
        .send(layout(ctx, { title: ctx.t('downloads.history.title') }, historyView(ctx, rows)));
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
