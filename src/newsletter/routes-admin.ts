/**
 * The back office's newsletter pages under /fr and /en (editors and admins): editions and counts, a
 * new edition, an edition's page (previews, test, send now, schedule) and its framed email preview.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage, type WebAuth } from '../accounts/public.ts';
import { backofficeAccess, backofficePageAllowed } from '../backoffice/public.ts';
import { localToInstant } from '../lib/wall-clock/wall-clock.ts';
import { html } from '../web/html.ts';
import { type MessageKey, translate } from '../web/i18n/index.ts';
import { localPath } from '../web/layout.ts';
import { requestLang } from '../web/request-lang.ts';
import { formBody, formField, type RequestWith, type Static, Type, typed } from '../web/schemas.ts';
import type { NewsletterContext } from './context.ts';
import { MAX_INTRO } from './editions.ts';
import { sendEmailPreview } from './preview-headers.ts';
import type { NewsletterService } from './service.ts';
import { bouncedAddresses, subscriberCounts } from './subscribers.ts';
import { adminEditionView, adminListView } from './views-admin.ts';

/** The id in these pages' paths and the forms they post: route types derived from the schemas. */
const idParams = Type.Object({ id: Type.String() });
const posted = { schema: { hide: true, body: formBody } };
const postedWithId = { schema: { hide: true, params: idParams, body: formBody } };

const HEAD = html`<link rel="stylesheet" href="/static/backoffice.css"><link rel="stylesheet" href="/static/newsletter.css">`;
const NOTICES: Record<string, MessageKey> = {
  created: 'newsletter.admin.created',
  sending: 'newsletter.admin.sending',
  scheduled: 'newsletter.admin.scheduled',
};

export function newsletterAdminPages(deps: {
  ctx: NewsletterContext;
  service: NewsletterService;
  web: WebAuth;
  timeZone: string;
}): FastifyPluginAsync {
  const { ctx, service, web } = deps;
  return async (app) => {
    const list = async (
      request: FastifyRequest,
      reply: FastifyReply,
      extra: { notice?: string | null; error?: string | null; values?: Record<string, string> } = {},
      status = 200,
    ) => {
      const input = {
        csrf: web.csrfToken(request, reply),
        editions: await service.editions(),
        counts: await subscriberCounts(ctx.db),
        bounced: await bouncedAddresses(ctx.db),
        ...extra,
      };
      return sendPage(
        request,
        reply,
        (t) => ({ title: t('newsletter.admin.title'), head: HEAD }),
        (pc) => adminListView(pc, input),
        status,
      );
    };

    const editionPage = async (
      request: RequestWith<Static<typeof idParams>>,
      reply: FastifyReply,
      extra: { notice?: string | null; error?: string | null } = {},
      status = 200,
    ) => {
      const edition = await service.edition(request.params.id);
      if (!edition)
        return list(
          request,
          reply,
          { error: translate(requestLang(request), 'newsletter.error.notFound') },
          404,
        );
      const input = { csrf: web.csrfToken(request, reply), edition, zone: deps.timeZone, ...extra };
      return sendPage(
        request,
        reply,
        (t) => ({ title: t('newsletter.admin.title'), head: HEAD }),
        (pc) => adminEditionView(pc, input),
        status,
      );
    };

    app.get('/admin/newsletter', { schema: { hide: true } }, async (request, reply) => {
      if (!backofficePageAllowed(request, reply, '/admin/newsletter')) return reply;
      return list(request, reply);
    });

    typed(app).post('/admin/newsletter', posted, async (request, reply) => {
      if (!backofficePageAllowed(request, reply, '/admin/newsletter')) return reply;
      const lang = requestLang(request);
      const values = {
        introFr: formField(request.body, 'introFr'),
        introEn: formField(request.body, 'introEn'),
        stories: formField(request.body, 'stories'),
      };
      const stories = values.stories
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean);
      const access = backofficeAccess(request.auth);
      const outcome = await service.createEdition(
        {
          intro: { fr: values.introFr, en: values.introEn },
          stories: stories.length > 0 ? stories : undefined,
        },
        access.kind === 'ok' ? access.userId : null,
      );
      if (!outcome.ok) {
        const error =
          outcome.problem === 'intro'
            ? translate(lang, 'newsletter.error.intro', { max: MAX_INTRO })
            : translate(lang, 'newsletter.error.stories', { slugs: (outcome.slugs ?? []).join(', ') });
        return list(request, reply, { error, values }, 400);
      }
      return reply.redirect(
        `${localPath(lang, `/admin/newsletter/${outcome.edition.id}`)}?done=created`,
        303,
      );
    });

    app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
      '/admin/newsletter/:id',
      { schema: { hide: true } },
      async (request, reply) => {
        if (
          !backofficePageAllowed(request, reply, `/admin/newsletter/${encodeURIComponent(request.params.id)}`)
        )
          return reply;
        const key = NOTICES[request.query.done ?? ''];
        const done = request.query.done;
        const notice = key
          ? translate(requestLang(request), key)
          : done === 'tested' && request.auth
            ? translate(requestLang(request), 'newsletter.admin.tested', { email: request.auth.user.email })
            : null;
        return editionPage(request, reply, { notice });
      },
    );

    app.get<{ Params: { id: string }; Querystring: { lang?: string } }>(
      '/admin/newsletter/:id/preview',
      { schema: { hide: true } },
      async (request, reply) => {
        if (!backofficePageAllowed(request, reply, '/admin/newsletter')) return reply;
        const edition = await service.edition(request.params.id);
        if (!edition) return reply.code(404).type('text/plain').send('not found');
        const lang =
          request.query.lang === 'fr' || request.query.lang === 'en'
            ? request.query.lang
            : requestLang(request);
        return sendEmailPreview(reply, (await service.preview(edition, lang)).html);
      },
    );

    typed(app).post('/admin/newsletter/:id/test', postedWithId, async (request, reply) => {
      if (!backofficePageAllowed(request, reply, '/admin/newsletter')) return reply;
      const edition = await service.edition(request.params.id);
      const lang = requestLang(request);
      if (!edition || !request.auth) return editionPage(request, reply, {}, 404);
      await service.test(edition, request.auth.user.email, lang);
      return reply.redirect(`${localPath(lang, `/admin/newsletter/${edition.id}`)}?done=tested`, 303);
    });

    typed(app).post('/admin/newsletter/:id/send', postedWithId, async (request, reply) => {
      if (!backofficePageAllowed(request, reply, '/admin/newsletter')) return reply;
      const lang = requestLang(request);
      const rawAt = formField(request.body, 'at');
      const at = rawAt ? localToInstant(rawAt, deps.timeZone) : null;
      if (rawAt && !at)
        return editionPage(request, reply, { error: translate(lang, 'newsletter.error.at') }, 400);
      const outcome = await service.send(request.params.id, at);
      if (outcome === 'not_found') return editionPage(request, reply, {}, 404);
      if (outcome === 'past')
        return editionPage(request, reply, { error: translate(lang, 'newsletter.error.at') }, 400);
      if (outcome === 'already_sent')
        return editionPage(request, reply, { error: translate(lang, 'newsletter.error.alreadySent') }, 409);
      return reply.redirect(
        `${localPath(lang, `/admin/newsletter/${request.params.id}`)}?done=${at && at > ctx.now() ? 'scheduled' : 'sending'}`,
        303,
      );
    });
  };
}
