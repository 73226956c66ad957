/**
 * The back office's Photos pages under /fr and /en: the list with the upload form (a multipart form
 * posting to the API, `POST /api/v1/photos?return=<lang>`, all files kept or none, which comes back
 * here with `done` or `refused`), saving a photo's caption and credit, deleting one (refused with the
 * published stories that show it). Editors and admins; signed out goes to sign-in.
 */

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WebAuth } from '../accounts/public.ts';
import { sendPage } from '../accounts/public.ts';
import { backofficePageAllowed } from '../backoffice/public.ts';
import { formatBytes } from '../web/format-bytes.ts';
import { html } from '../web/html.ts';
import { type Translator, translator } from '../web/i18n/index.ts';
import { localPath } from '../web/layout.ts';
import { requestLang } from '../web/request-lang.ts';
import { formBody, formField, Type, typed } from '../web/schemas.ts';
import type { PhotosDb } from './db.ts';
import { fieldMessages, refusalMessage, storyTitles, uploadLimitsText } from './http.ts';
import type { MultipartLimits } from './multipart.ts';
import { listPhotos } from './repository.ts';
import type { PhotoService, UploadRefusal } from './service.ts';
import { type PhotosPageInput, photosView } from './views.ts';

/** The id in these pages' paths and the forms they post: route types derived from the schemas. */
const idParams = Type.Object({ id: Type.String() });
const postedWithId = { schema: { hide: true, params: idParams, body: formBody } };

const HEAD = html`<link rel="stylesheet" href="/static/backoffice.css">`;

/** The message of a refusal the API sent back to the page (`?refused=code&file=…&megapixels=…`). */
function refusedMessage(
  t: Translator,
  lang: 'fr' | 'en',
  query: Record<string, string | undefined>,
  limits: MultipartLimits,
): string | null {
  const code = query.refused ?? '';
  const name = (query.file ?? '').slice(0, 200);
  if (code === 'too_large') return t('photos.error.tooLarge', { max: formatBytes(limits.maxBytes, lang) });
  if (code === 'too_many_files') return t('photos.error.tooMany', { max: limits.maxFiles });
  if (['not_image', 'heic', 'unreadable', 'too_many_pixels'].includes(code)) {
    const megapixels = Number(query.megapixels ?? 0);
    return refusalMessage(t, {
      code: code as UploadRefusal['code'],
      name,
      ...(Number.isFinite(megapixels) && megapixels > 0 ? { megapixels } : {}),
    });
  }
  return code ? t('photos.error.noFile') : null;
}

export function photosPages(deps: {
  db: PhotosDb;
  photos: PhotoService;
  web: WebAuth;
  limits: MultipartLimits;
}): FastifyPluginAsync {
  const { photos, web } = deps;
  return async (app) => {
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

    app.get<{ Querystring: Record<string, string | undefined> }>(
      '/admin/photos',
      { schema: { hide: true } },
      async (request, reply) => {
        if (!allowed(request, reply)) return reply;
        const lang = requestLang(request);
        const t = translator(lang);
        const error = refusedMessage(t, lang, request.query, deps.limits);
        if (error) return page(request, reply, { error }, 422);
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
