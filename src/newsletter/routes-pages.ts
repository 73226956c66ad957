/**
 * The public newsletter pages under /fr and /en: the page (sign-up form, or the signed-in user's
 * subscription, and the archive), sign-up (the same answer for any valid address), confirmation and
 * unsubscribe (GET shows a button, POST acts), and a sent edition's web view.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage, type WebAuth } from '../accounts/public.ts';
import { listTopics } from '../catalog/public.ts';
import { HttpError } from '../web/errors.ts';
import { html } from '../web/html.ts';
import { translate } from '../web/i18n/index.ts';
import { localPath } from '../web/layout.ts';
import { requestLang } from '../web/request-lang.ts';
import { formBody, formField, formList, typed } from '../web/schemas.ts';
import { editionModel } from './compose.ts';
import type { NewsletterContext } from './context.ts';
import { getEdition } from './editions.ts';
import { PROBLEM_KEYS } from './routes-api.ts';
import type { NewsletterService } from './service.ts';
import { editionPageView, type NewsletterPageInput, newsletterPageView, tokenPageView } from './views.ts';

/** The forms these pages post: route types derived from the schema. */
const posted = { schema: { hide: true, body: formBody } };

const HEAD = html`<link rel="stylesheet" href="/static/newsletter.css">`;

export function newsletterPages(deps: {
  ctx: NewsletterContext;
  service: NewsletterService;
  web: WebAuth;
}): FastifyPluginAsync {
  const { service, web, ctx } = deps;
  return async (app) => {
    const userOf = (request: FastifyRequest) =>
      request.auth && !request.auth.pending ? String(request.auth.user.id) : null;

    const page = async (
      request: FastifyRequest,
      reply: FastifyReply,
      extra: Partial<Pick<NewsletterPageInput, 'values' | 'notice' | 'error'>> = {},
      status = 200,
    ) => {
      const lang = requestLang(request);
      const userId = userOf(request);
      const account = userId ? await service.subscriptionOf(userId) : null;
      const input: NewsletterPageInput = {
        csrf: web.csrfToken(request, reply),
        topics: (await listTopics(ctx.db)).map((topic) => ({ slug: topic.slug, name: topic.name[lang] })),
        archive: await service.archive(),
        account,
        values:
          extra.values ??
          (account
            ? { language: account.language, frequency: account.frequency, topics: account.topics }
            : {}),
        notice: extra.notice ?? null,
        error: extra.error ?? null,
      };
      return sendPage(
        request,
        reply,
        (t) => ({ title: t('newsletter.page.title'), head: HEAD }),
        (pc) => newsletterPageView(pc, input),
        status,
      );
    };

    app.get<{ Querystring: { done?: string } }>(
      '/newsletter',
      { schema: { hide: true } },
      async (request, reply) => {
        const t = request.query.done;
        const lang = requestLang(request);
        const notice =
          t === 'pending'
            ? translate(lang, 'newsletter.pending')
            : t === 'saved'
              ? translate(lang, 'newsletter.account.saved')
              : t === 'off'
                ? translate(lang, 'newsletter.account.off')
                : null;
        return page(request, reply, { notice });
      },
    );

    typed(app).post('/newsletter', posted, async (request, reply) => {
      const lang = requestLang(request);
      const values = {
        email: formField(request.body, 'email'),
        language: formField(request.body, 'language'),
        frequency: formField(request.body, 'frequency'),
        topics: formList(request.body, 'topics'),
      };
      const outcome = await service.signUp(values, lang);
      if (!outcome.ok) {
        return page(request, reply, { values, error: translate(lang, PROBLEM_KEYS[outcome.problem]) }, 400);
      }
      return reply.redirect(`${localPath(lang, '/newsletter')}?done=pending`, 303);
    });

    typed(app).post('/newsletter/subscription', posted, async (request, reply) => {
      const lang = requestLang(request);
      const userId = userOf(request);
      if (!userId || !request.auth?.session)
        return reply.redirect(
          `${localPath(lang, '/sign-in')}?returnTo=${encodeURIComponent(localPath(lang, '/newsletter'))}`,
          303,
        );
      const values = {
        language: formField(request.body, 'language'),
        frequency: formField(request.body, 'frequency'),
        topics: formList(request.body, 'topics'),
      };
      const outcome = await service.saveSubscription(userId, values);
      if (!outcome.ok) {
        const key =
          outcome.problem === 'account' ? 'newsletter.error.noAddress' : PROBLEM_KEYS[outcome.problem];
        return page(request, reply, { values, error: translate(lang, key) }, 400);
      }
      return reply.redirect(
        `${localPath(lang, '/newsletter')}?done=${values.frequency === 'off' ? 'off' : 'saved'}`,
        303,
      );
    });

    const tokenPage = (kind: 'confirm' | 'unsubscribe') => {
      const path = `/newsletter/${kind}`;
      app.get<{ Querystring: { token?: string } }>(
        path,
        { schema: { hide: true } },
        async (request, reply) => {
          const csrf = web.csrfToken(request, reply);
          const token = typeof request.query.token === 'string' ? request.query.token.slice(0, 300) : '';
          return sendPage(
            request,
            reply,
            (t) => ({ title: t(`newsletter.${kind}.title`) }),
            (pc) =>
              tokenPageView(pc, {
                title: pc.t(`newsletter.${kind}.title`),
                intro: pc.t(`newsletter.${kind}.intro`),
                action: localPath(pc.lang, path),
                button: pc.t(`newsletter.${kind}.button`),
                token,
                csrf,
                error: token ? null : pc.t(`newsletter.${kind}.invalid`),
              }),
          );
        },
      );
      typed(app).post(path, posted, async (request, reply) => {
        const token = formField(request.body, 'token');
        const ok = kind === 'confirm' ? await service.confirm(token) : await service.unsubscribe(token);
        return sendPage(
          request,
          reply,
          (t) => ({ title: t(`newsletter.${kind}.title`) }),
          (pc) =>
            tokenPageView(pc, {
              title: pc.t(`newsletter.${kind}.title`),
              intro: '',
              action: '',
              button: '',
              token: '',
              csrf: '',
              message: ok ? pc.t(`newsletter.${kind}.done`) : null,
              error: ok ? null : pc.t(`newsletter.${kind}.invalid`),
            }),
          ok ? 200 : 400,
        );
      });
    };
    tokenPage('confirm');
    tokenPage('unsubscribe');

    app.get<{ Params: { id: string } }>(
      '/newsletter/editions/:id',
      { schema: { hide: true } },
      async (request, reply) => {
        const lang = requestLang(request);
        const edition = await getEdition(ctx.db, request.params.id);
        if (!edition || (edition.status !== 'sent' && edition.status !== 'sending'))
          throw new HttpError(404, 'not_found', 'newsletter.error.notFound');
        const model = await editionModel(ctx, edition, lang, null);
        return sendPage(request, reply, { title: model.subject }, (pc) => editionPageView(pc, model, lang));
      },
    );
  };
}
