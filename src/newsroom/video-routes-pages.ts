/**
 * The back-office video page under /fr and /en: `/admin/videos/{id}` (player, shotlist editor,
 * metadata form), its form posts (metadata, shotlist rows or CSV, delete). Editors and admins only
 * (the back office's page guard). A refused save keeps what the editor typed and names each bad
 * field; a stale one (another editor saved in between) writes nothing and says so.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage, type WebAuth } from '../accounts/public.ts';
import { backofficePageAllowed } from '../backoffice/public.ts';
import { getVideo, playerScript, videoFigure } from '../catalog/public.ts';
import type { TablelessDb } from '../platform/db/schema.ts';
import { html } from '../web/html.ts';
import { translator } from '../web/i18n/index.ts';
import { localPath } from '../web/layout.ts';
import { pageContext } from '../web/page-context.ts';
import { requestLang } from '../web/request-lang.ts';
import { type FormBody, formBody, formField, formList, Type, typed } from '../web/schemas.ts';
import { actorOf } from './http.ts';
import { isTimeZone, localToInstant } from './schedule.ts';
import type { FieldErrors } from './story-input.ts';
import type { VideoMetaInput } from './video-input.ts';
import type { VideoOutcome, VideoService } from './video-service.ts';
import { type VideoPageInput, videoEditView } from './video-views.ts';
import { videoFieldMessages } from './video-wording.ts';

/** The id in these pages' paths and the forms they post: route types derived from the schemas. */
const idParams = Type.Object({ id: Type.String() });
const postedWithId = { schema: { hide: true, params: idParams, body: formBody } };

export interface VideoPagesDeps {
  db: TablelessDb;
  videos: VideoService;
  web: WebAuth;
  defaultTimeZone: string;
  clock?: () => Date;
}

const HEAD = html`<link rel="stylesheet" href="/static/backoffice.css">
<link rel="stylesheet" href="/static/newsroom.css">
<link rel="stylesheet" href="/static/videometa.css">
<script type="module" src="/static/newsroom.js"></script>
${playerScript()}
<script type="module" src="/static/client/shotlist-editor.js"></script>`;

/** The metadata form as the API's input (the embargo's wall-clock time read in the form's zone). */
export function metaInputOf(form: FormBody, defaultZone: string): VideoMetaInput {
  const zone = isTimeZone(formField(form, 'timeZone')) ? formField(form, 'timeZone') : defaultZone;
  const kind = formField(form, 'embargoKind');
  let embargoUntil: string | null = null;
  if (kind === 'hidden' || kind === 'available') {
    const at = localToInstant(formField(form, 'embargoUntil'), zone);
    embargoUntil = at ? at.toISOString() : 'invalid';
  }
  return {
    translations: {
      fr: { title: formField(form, 'fr.title'), description: formField(form, 'fr.description') },
      en: { title: formField(form, 'en.title'), description: formField(form, 'en.description') },
    },
    credit: formField(form, 'credit'),
    usageTerms: { fr: formField(form, 'fr.usageTerms'), en: formField(form, 'en.usageTerms') },
    restrictions: { fr: formField(form, 'fr.restrictions'), en: formField(form, 'en.restrictions') },
    embargoUntil,
    ...(kind === 'hidden' || kind === 'available' ? { embargoKind: kind } : {}),
  };
}

/** The shotlist form's rows (blank rows dropped). */
export function shotRowsOf(form: FormBody) {
  const ins = formList(form, 'in');
  const outs = formList(form, 'out');
  const frs = formList(form, 'fr');
  const ens = formList(form, 'en');
  return ins
    .map((tc, i) => ({ in: tc.trim(), out: (outs[i] ?? '').trim(), fr: frs[i] ?? '', en: ens[i] ?? '' }))
    .filter((r) => r.in || r.out || r.fr.trim() || r.en.trim());
}

export function videoPages(deps: VideoPagesDeps): FastifyPluginAsync {
  const { web, videos } = deps;
  return async (app) => {
    const allowed = (request: FastifyRequest, reply: FastifyReply) =>
      backofficePageAllowed(request, reply, '/admin/videos');

    const show = async (
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      extra: Partial<VideoPageInput> = {},
      status = 200,
    ) => {
      const lang = requestLang(request);
      const video = await videos.read(id);
      if (!video) {
        return sendPage(
          request,
          reply,
          (t) => ({ title: t('videometa.notFound') }),
          (ctx) => html`<h1>${ctx.t('videometa.notFound')}</h1>`,
          404,
        );
      }
      const story = await getVideo(deps.db, lang, id);
      const ctx = pageContext(request);
      const player = story && story.previewState !== 'none' ? videoFigure(ctx, story, { link: false }) : null;
      const csrf = web.csrfToken(request, reply);
      const title =
        video.translations[lang]?.title ?? video.translations[lang === 'fr' ? 'en' : 'fr']?.title ?? id;
      return sendPage(
        request,
        reply,
        (t) => ({ title: t('videometa.page.title', { title }), head: HEAD }),
        (c) => videoEditView(c, { video, player, csrf, timeZone: deps.defaultTimeZone, ...extra }),
        status,
      );
    };

    const after = (
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      outcome: VideoOutcome,
      kept: Partial<VideoPageInput>,
    ) => {
      const t = translator(requestLang(request));
      if (outcome.kind === 'ok')
        return reply.redirect(
          `${localPath(requestLang(request), `/admin/videos/${id}`)}?saved=${outcome.video.revision}`,
          303,
        );
      if (outcome.kind === 'not_found') return show(request, reply, id, {}, 404);
      if (outcome.kind === 'stale') {
        const message = t('videometa.stale', { current: outcome.video.revision, yours: '?' });
        return show(request, reply, id, { ...kept, errors: { revision: message } }, 409);
      }
      const errors: FieldErrors = videoFieldMessages(t, outcome.errors);
      return show(request, reply, id, { ...kept, errors }, 422);
    };

    app.get<{ Params: { id: string }; Querystring: { saved?: string } }>(
      '/admin/videos/:id',
      { schema: { hide: true } },
      async (request, reply) => {
        if (!allowed(request, reply)) return reply;
        const saved = Number(request.query.saved);
        const notice =
          Number.isInteger(saved) && saved > 0
            ? translator(requestLang(request))('videometa.page.saved', { revision: saved })
            : null;
        return show(request, reply, request.params.id, { notice });
      },
    );

    typed(app).post('/admin/videos/:id', postedWithId, async (request, reply) => {
      if (!allowed(request, reply)) return reply;
      const form = request.body ?? {};
      const revision = Number(formField(form, 'revision')) || undefined;
      const outcome = await videos.update(
        request.params.id,
        metaInputOf(form, deps.defaultTimeZone),
        revision,
        actorOf(request),
      );
      const typed = Object.fromEntries(
        Object.entries(form).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : (v ?? '')]),
      );
      return after(request, reply, request.params.id, outcome, { typed });
    });

    typed(app).post('/admin/videos/:id/shotlist', postedWithId, async (request, reply) => {
      if (!allowed(request, reply)) return reply;
      const form = request.body ?? {};
      const revision = Number(formField(form, 'revision')) || undefined;
      const csv = formField(form, 'csv');
      if (csv.trim()) {
        const outcome = await videos.setShotlist(request.params.id, { csv }, revision, actorOf(request));
        return after(request, reply, request.params.id, outcome, { csv });
      }
      const rows = shotRowsOf(form);
      const items = rows.map((r) => ({ in: r.in, out: r.out, description: { fr: r.fr, en: r.en } }));
      const outcome = await videos.setShotlist(request.params.id, { items }, revision, actorOf(request));
      return after(request, reply, request.params.id, outcome, { shotRows: rows });
    });

    app.post<{ Params: { id: string } }>(
      '/admin/videos/:id/delete',
      { schema: { hide: true } },
      async (request, reply) => {
        if (!allowed(request, reply)) return reply;
        const lang = requestLang(request);
        const outcome = await videos.remove(request.params.id, lang, actorOf(request));
        const t = translator(lang);
        if (outcome.kind === 'in_use') {
          const stories = outcome.stories.map((s) => `“${s.title}”`).join(', ');
          return show(
            request,
            reply,
            request.params.id,
            { errors: { delete: t('videometa.inUse', { stories }) } },
            409,
          );
        }
        return reply.redirect(localPath(lang, '/admin/videos'), 303);
      },
    );
  };
}
