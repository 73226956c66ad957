/**
 * The back office's Audio pages under /fr and /en: the list with the upload form (which posts to the
 * API, `POST /api/v1/audio?return=<lang>`, and comes back here with `done` or `refused`), saving an
 * item's titles, descriptions and credit, deleting one (refused with the published stories that show
 * it). Editors and admins; signed out goes to sign-in.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WebAuth } from '../accounts/public.ts';
import { sendPage } from '../accounts/public.ts';
import { backofficePageAllowed } from '../backoffice/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import { formatBytes } from '../web/format-bytes.ts';
import { html } from '../web/html.ts';
import { type Translator, translator } from '../web/i18n/index.ts';
import { localPath } from '../web/layout.ts';
import { requestLang } from '../web/request-lang.ts';
import { formBody, formField, Type, typed } from '../web/schemas.ts';
import { fieldMessages, refusalMessage, storyTitles } from './http.ts';
import type { MultipartLimits } from './multipart.ts';
import { listAudio } from './repository.ts';
import type { AudioService, UploadRefusal } from './service.ts';
import { type AudioPageInput, audioView } from './views.ts';

/** The id in these pages' paths and the forms they post: route types derived from the schemas. */
const idParams = Type.Object({ id: Type.String() });
const postedWithId = { schema: { hide: true, params: idParams, body: formBody } };

const HEAD = html`<link rel="stylesheet" href="/static/backoffice.css">`;

/** The message of a refusal the API sent back to the page (`?refused=code&file=…&codec=…`). */
function refusedMessage(
  t: Translator,
  lang: 'fr' | 'en',
  query: Record<string, string | undefined>,
  limits: MultipartLimits,
) {
  const code = query.refused ?? '';
  const name = (query.file ?? '').slice(0, 200);
  const codec = (query.codec ?? '').slice(0, 40);
  if (code === 'too_large') return t('audio.error.tooLarge', { max: formatBytes(limits.maxFileBytes, lang) });
  if (code === 'too_many_files') return t('audio.error.tooMany', { max: limits.maxFiles });
  if (['not_audio', 'has_video', 'unsupported_codec', 'too_long'].includes(code))
    return refusalMessage(t, { code: code as UploadRefusal['code'], name, codec });
  return code ? t('audio.error.noFile') : null;
}

export function audioPages(deps: {
  db: AnyDb;
  audio: AudioService;
  web: WebAuth;
  limits: MultipartLimits;
}): FastifyPluginAsync {
  const { audio, web } = deps;
  return async (app) => {
    const allowed = (request: FastifyRequest, reply: FastifyReply) =>
      backofficePageAllowed(request, reply, '/admin/audio');

    const page = async (
      request: FastifyRequest,
      reply: FastifyReply,
      extra: Omit<AudioPageInput, 'items' | 'csrf' | 'limitsText'>,
      status = 200,
    ) => {
      const lang = requestLang(request);
      const t = translator(lang);
      const input: AudioPageInput = {
        items: await listAudio(deps.db),
        csrf: web.csrfToken(request, reply),
        limitsText: t('audio.upload.help', {
          max: formatBytes(deps.limits.maxFileBytes, lang),
          files: deps.limits.maxFiles,
        }),
        ...extra,
      };
      return sendPage(
        request,
        reply,
        (tt) => ({ title: tt('audio.title'), head: HEAD }),
        (ctx) => audioView(ctx, input),
        status,
      );
    };
    const back = (request: FastifyRequest, reply: FastifyReply, notice: string) =>
      reply.redirect(`${localPath(requestLang(request), '/admin/audio')}?done=${notice}`, 303);

    app.get<{ Querystring: Record<string, string | undefined> }>(
      '/admin/audio',
      { schema: { hide: true } },
      async (request, reply) => {
        if (!allowed(request, reply)) return reply;
        const lang = requestLang(request);
        const t = translator(lang);
        const { done = '', count: rawCount = '0' } = request.query;
        const count = Number(rawCount);
        const notice =
          done === 'uploaded' && Number.isInteger(count) && count > 0 && count < 1000
            ? t('audio.uploaded', { count })
            : done === 'saved'
              ? t('audio.saved')
              : done === 'deleted'
                ? t('audio.deleted')
                : null;
        const error = refusedMessage(t, lang, request.query, deps.limits);
        return page(request, reply, { notice, error }, error ? 422 : 200);
      },
    );

    typed(app).post('/admin/audio/:id', postedWithId, async (request, reply) => {
      if (!allowed(request, reply)) return reply;
      const t = translator(requestLang(request));
      const outcome = await audio.update(request.params.id, {
        translations: {
          fr: {
            title: formField(request.body, 'titleFr'),
            description: formField(request.body, 'descriptionFr'),
          },
          en: {
            title: formField(request.body, 'titleEn'),
            description: formField(request.body, 'descriptionEn'),
          },
        },
        credit: formField(request.body, 'credit'),
      });
      if (outcome.kind === 'not_found')
        return page(request, reply, { error: t('audio.error.notFound') }, 404);
      if (outcome.kind === 'invalid') {
        const messages = fieldMessages(t, outcome.errors);
        return page(
          request,
          reply,
          {
            error: t('audio.error.invalid', { detail: Object.values(messages).join(' ') }),
            fieldErrors: { id: request.params.id, messages },
          },
          422,
        );
      }
      return back(request, reply, 'saved');
    });

    app.post<{ Params: { id: string } }>(
      '/admin/audio/:id/delete',
      { schema: { hide: true } },
      async (request, reply) => {
        if (!allowed(request, reply)) return reply;
        const t = translator(requestLang(request));
        const outcome = await audio.remove(request.params.id);
        if (outcome.kind === 'not_found')
          return page(request, reply, { error: t('audio.error.notFound') }, 404);
        if (outcome.kind === 'in_use')
          return page(
            request,
            reply,
            {
              error: t('audio.error.inUse', { stories: storyTitles(requestLang(request), outcome.stories) }),
            },
            409,
          );
        return back(request, reply, 'deleted');
      },
    );
  };
}
