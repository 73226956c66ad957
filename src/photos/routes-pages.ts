/**
 * The back office's Photos pages under /fr and /en: the list with the upload form, uploading (a
 * multipart form, all files kept or none), saving a photo's caption and credit, deleting one (refused
 * with the published stories that show it). Editors and admins; signed out goes to sign-in.
 */

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WebAuth } from '../accounts/public.ts';
import { sendPage } from '../accounts/public.ts';
import { backofficeAccess, backofficePageAllowed } from '../backoffice/public.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { html } from '../web/html.ts';
import { translator } from '../web/i18n/index.ts';
import { localPath } from '../web/layout.ts';
import { requestLang } from '../web/request-lang.ts';
import { formBody, formField, Type, typed } from '../web/schemas.ts';
import type { PhotosDb } from './db.ts';
import { fieldMessages, refusalMessage, storyTitles, uploadLimitsText } from './http.ts';
import { acceptMultipart, isMultipartBody, type MultipartLimits } from './multipart.ts';
import { listPhotos } from './repository.ts';
import type { PhotoService } from './service.ts';
import { type PhotosPageInput, photosView } from './views.ts';

/** The id in these pages' paths and the forms they post: route types derived from the schemas. */
const idParams = Type.Object({ id: Type.String() });
const postedWithId = { schema: { hide: true, params: idParams, body: formBody } };

const HEAD = html`<link rel="stylesheet" href="/static/backoffice.css">`;

export function photosPages(deps: {
  db: PhotosDb;
  photos: PhotoService;
  web: WebAuth;
  storage: MediaStorage;
  limits: MultipartLimits;
}): FastifyPluginAsync {
  const { photos, web } = deps;
  return async (app) => {
    acceptMultipart(
      app,
      deps.storage,
      deps.limits,
      (request) => backofficeAccess(request.auth).kind === 'ok',
    );
    const allowed = (request: FastifyRequest, reply: FastifyReply) =>
      backofficePageAllowed(request, reply, '/admin/photos');

    const page = async (
      request: FastifyRequest,
      reply: FastifyReply,
      extra: Omit<PhotosPageInput, 'photos' | 'csrf' | 'limitsText'>,
      status = 200,
    ) => {
      const lang = requestLang(request);
      const t = translator(lang);
      const input: PhotosPageInput = {
        photos: await listPhotos(deps.db),
        csrf: web.csrfToken(request, reply),
        limitsText: uploadLimitsText(t, lang, deps.limits.maxBytes, deps.limits.maxFiles),
        ...extra,
      };
      return sendPage(
        request,
        reply,
        (tt) => ({ title: tt('photos.title'), head: HEAD }),
        (ctx) => photosView(ctx, input),
        status,
      );
    };
    const back = (request: FastifyRequest, reply: FastifyReply, notice: string) =>
      reply.redirect(`${localPath(requestLang(request), '/admin/photos')}?done=${notice}`, 303);
    const notices: Record<string, 'photos.saved' | 'photos.deleted'> = {
      saved: 'photos.saved',
      deleted: 'photos.deleted',
    };

    app.get<{ Querystring: { done?: string; count?: string } }>(
      '/admin/photos',
      { schema: { hide: true } },
      async (request, reply) => {
        if (!allowed(request, reply)) return reply;
        const t = translator(requestLang(request));
        const done = request.query.done ?? '';
        const count = Number(request.query.count ?? 0);
        const notice =
          done === 'uploaded' && Number.isInteger(count) && count > 0 && count < 1000
            ? t('photos.uploaded', { count })
            : notices[done]
              ? t(notices[done] as 'photos.saved')
              : null;
        return page(request, reply, { notice });
      },
    );

    app.post('/admin/photos', { schema: { hide: true } }, async (request, reply) => {
      if (!allowed(request, reply)) return reply;
      const t = translator(requestLang(request));
      const body = request.body;
      if (!isMultipartBody(body) || body.files.length === 0)
        return page(request, reply, { error: t('photos.error.noFile') }, 400);
      const access = backofficeAccess(request.auth);
      const result = await photos.upload(body.files, access.kind === 'ok' ? access.userId : null);
      if (!result.ok) return page(request, reply, { error: refusalMessage(t, result.refusal) }, 422);
      return reply.redirect(
        `${localPath(requestLang(request), '/admin/photos')}?done=uploaded&count=${result.photos.length}`,
        303,
      );
    });

    typed(app).post('/admin/photos/:id', postedWithId, async (request, reply) => {
      if (!allowed(request, reply)) return reply;
      const t = translator(requestLang(request));
      const outcome = await photos.update(request.params.id, {
        caption: { fr: formField(request.body, 'captionFr'), en: formField(request.body, 'captionEn') },
        credit: formField(request.body, 'credit'),
      });
      if (outcome.kind === 'not_found')
        return page(request, reply, { error: t('photos.error.notFound') }, 404);
      if (outcome.kind === 'invalid')
        return page(
          request,
          reply,
          {
            error: t('photos.error.invalid', { detail: '' }),
            fieldErrors: { id: request.params.id, messages: fieldMessages(t, outcome.errors) },
          },
          422,
        );
      return back(request, reply, 'saved');
    });

    app.post<{ Params: { id: string } }>(
      '/admin/photos/:id/delete',
      { schema: { hide: true } },
      async (request, reply) => {
        if (!allowed(request, reply)) return reply;
        const t = translator(requestLang(request));
        const outcome = await photos.remove(request.params.id);
        if (outcome.kind === 'not_found')
          return page(request, reply, { error: t('photos.error.notFound') }, 404);
        if (outcome.kind === 'in_use')
          return page(
            request,
            reply,
            {
              error: t('photos.error.inUse', { stories: storyTitles(requestLang(request), outcome.stories) }),
            },
            409,
          );
        return back(request, reply, 'deleted');
      },
    );
  };
}
