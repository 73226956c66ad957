/**
 * Newsroom back-office pages under /fr and /en (editors and admins; signed out goes to sign-in and
 * back, another role gets 403): stories list, new/edit form (revision in a hidden field: a stale
 * save shows the conflict and keeps what was typed), workflow buttons, preview in either language
 * (the public page's own view), revisions with restore, topics. Plain forms; CSRF by the web kit.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WebAuth } from '../accounts/public.ts';
import { sendPage } from '../accounts/public.ts';
import { backofficePageAllowed } from '../backoffice/public.ts';
import { listStoryRecords, loadStoryDetail, playerScript, storyContent } from '../catalog/public.ts';
import { type VideoAccessFn, viewerOf } from '../downloads/public.ts';
import type { TablelessDb } from '../platform/db/schema.ts';
import { html } from '../web/html.ts';
import { type MessageKey, translator } from '../web/i18n/index.ts';
import { layout, localPath } from '../web/layout.ts';
import { pageContext } from '../web/page-context.ts';
import { requestLang } from '../web/request-lang.ts';
import {
  type FormBody,
  formBody,
  formField,
  type RequestWith,
  type Static,
  Type,
  typed,
} from '../web/schemas.ts';
import { actorOf } from './http.ts';
import { localToInstant } from './schedule.ts';
import type { Outcome, StoryService } from './service.ts';
import { formValues, inputOf } from './story-form.ts';
import type { TopicService } from './topics.ts';
import { editView, type FormValues, valuesOf } from './views-edit.ts';
import { NEWSROOM_HEAD, revisionsView, storiesView, topicsView } from './views-lists.ts';
import { fieldMessages } from './wording.ts';

/** The id in these pages' paths and the forms they post: route types derived from the schemas. */
const idParams = Type.Object({ id: Type.String() });
const posted = { schema: { hide: true, body: formBody } };
const postedWithId = { schema: { hide: true, params: idParams, body: formBody } };
const withId = { schema: { hide: true, params: idParams } };

type IdReq = RequestWith<Static<typeof idParams>, FormBody>;

export function newsroomPages(deps: {
  db: TablelessDb;
  videoAccess: VideoAccessFn;
  stories: StoryService;
  topics: TopicService;
  web: WebAuth;
  defaultTimeZone: string;
}): FastifyPluginAsync {
  const { stories, topics, web } = deps;
  return async (app) => {
    const allowed = (request: FastifyRequest, reply: FastifyReply): boolean =>
      backofficePageAllowed(request, reply, '/admin/stories');
    const page = (
      request: FastifyRequest,
      reply: FastifyReply,
      title: MessageKey,
      view: Parameters<typeof sendPage>[3],
      status = 200,
    ) => sendPage(request, reply, (t) => ({ title: t(title), head: NEWSROOM_HEAD }), view, status);
    const hidden = { schema: { hide: true } };
    const idOf = (request: RequestWith<Static<typeof idParams>>) =>
      /^\d{1,9}$/.test(request.params.id) ? Number(request.params.id) : 0;

    const listPage = async (request: FastifyRequest, reply: FastifyReply, notice?: string) => {
      const list = await listStoryRecords(deps.db);
      return page(request, reply, 'newsroom.list.title', (ctx) => storiesView(ctx, list, notice));
    };
    app.get('/admin/stories', hidden, async (request, reply) => {
      if (!allowed(request, reply)) return reply;
      return listPage(request, reply);
    });

    const editPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      id: number | null,
      extra: {
        values?: FormValues;
        errors?: Record<string, string>;
        notice?: string;
        revision?: number;
        conflict?: boolean;
      },
      status = 200,
    ) => {
      const story = id === null ? null : await stories.read(id);
      if (id !== null && !story) return reply.callNotFound();
      const csrf = web.csrfToken(request, reply);
      const all = await topics.list();
      let conflict = null;
      if (extra.conflict && story) {
        const last = (await stories.revisions(story.id))?.[0];
        const t = translator(requestLang(request));
        conflict = {
          story,
          author: last?.authorId === null ? t('newsroom.scheduler') : (last?.author ?? '?'),
          at: last?.at ?? story.updatedAt,
        };
      }
      const empty = { title: '', standfirst: '', body: '' };
      return page(
        request,
        reply,
        story ? 'newsroom.edit.title' : 'newsroom.edit.newTitle',
        (ctx) =>
          editView(ctx, {
            story,
            values:
              extra.values ??
              (story ? valuesOf(story) : { slug: '', fr: empty, en: empty, topics: [], media: '' }),
            revision: extra.revision ?? story?.revision ?? 0,
            topics: all,
            csrf,
            defaultTimeZone: deps.defaultTimeZone,
            notice: extra.notice,
            errors: extra.errors,
            conflict,
          }),
        status,
      );
    };

    /** After a form action: the story page again, or the form with its errors or the conflict. */
    const afterAction = async (
      request: IdReq,
      reply: FastifyReply,
      id: number,
      outcome: Outcome,
      values?: FormValues,
    ) => {
      const t = translator(requestLang(request));
      const revision = Number(formField(request.body ?? {}, 'revision')) || 0;
      switch (outcome.kind) {
        case 'ok':
          return reply.redirect(
            `${localPath(requestLang(request), `/admin/stories/${outcome.story.id}`)}?saved=${outcome.story.revision}`,
            303,
          );
        case 'not_found':
          return reply.callNotFound();
        case 'invalid':
          return editPage(
            request,
            reply,
            id,
            { values, errors: fieldMessages(t, outcome.errors), revision },
            422,
          );
        case 'slug_taken':
          return editPage(
            request,
            reply,
            id,
            { values, errors: { slug: t('newsroom.slugTaken') }, revision },
            409,
          );
        case 'conflict':
          return editPage(
            request,
            reply,
            id,
            { errors: { workflow: t(`newsroom.conflict.${outcome.code}`) } },
            409,
          );
        case 'stale':
          return editPage(request, reply, id, { values, revision, conflict: true }, 409);
      }
    };

    app.get('/admin/stories/new', hidden, async (request, reply) => {
      if (!allowed(request, reply)) return reply;
      return editPage(request, reply, null, {});
    });
    typed(app).post('/admin/stories', posted, async (request, reply) => {
      if (!allowed(request, reply)) return reply;
      const values = formValues(request.body ?? {});
      const outcome = await stories.create(actorOf(request), inputOf(values, false));
      if (outcome.kind === 'ok')
        return reply.redirect(
          `${localPath(requestLang(request), `/admin/stories/${outcome.story.id}`)}?saved=${outcome.story.revision}`,
          303,
        );
      const t = translator(requestLang(request));
      const errors =
        outcome.kind === 'invalid' ? fieldMessages(t, outcome.errors) : { slug: t('newsroom.slugTaken') };
      return editPage(request, reply, null, { values, errors }, outcome.kind === 'invalid' ? 422 : 409);
    });
    app.get<{ Params: { id: string }; Querystring: { saved?: string } }>(
      '/admin/stories/:id',
      hidden,
      async (request, reply) => {
        if (!allowed(request, reply)) return reply;
        const id = idOf(request);
        const saved = Number(request.query.saved);
        const notice = saved
          ? translator(requestLang(request))('newsroom.edit.saved', { n: saved })
          : undefined;
        return editPage(request, reply, id, { notice });
      },
    );
    typed(app).post('/admin/stories/:id', postedWithId, async (request, reply) => {
      if (!allowed(request, reply)) return reply;
      const id = idOf(request);
      const form = request.body ?? {};
      const values = formValues(form);
      const revision = Number(formField(form, 'revision'));
      const outcome = await stories.update(
        actorOf(request),
        id,
        inputOf(values, true),
        Number.isInteger(revision) ? revision : -1,
      );
      return afterAction(request, reply, id, outcome, values);
    });
    typed(app).post('/admin/stories/:id/publish', postedWithId, async (request, reply) => {
      if (!allowed(request, reply)) return reply;
      const id = idOf(request);
      const form = request.body ?? {};
      const revision = Number(formField(form, 'revision'));
      let options: { at?: Date; timeZone?: string } = {};
      if (formField(form, 'mode') === 'schedule') {
        const timeZone = formField(form, 'timeZone').trim() || deps.defaultTimeZone;
        const at = localToInstant(formField(form, 'at'), timeZone);
        if (!at) {
          const t = translator(requestLang(request));
          return editPage(request, reply, id, { errors: fieldMessages(t, { at: 'invalid_date' }) }, 422);
        }
        options = { at, timeZone };
      }
      return afterAction(request, reply, id, await stories.publish(actorOf(request), id, options, revision));
    });
    typed(app).post('/admin/stories/:id/unpublish', postedWithId, async (request, reply) => {
      if (!allowed(request, reply)) return reply;
      const id = idOf(request);
      const revision = Number(formField(request.body ?? {}, 'revision'));
      return afterAction(request, reply, id, await stories.unpublish(actorOf(request), id, revision));
    });
    typed(app).post('/admin/stories/:id/delete', postedWithId, async (request, reply) => {
      if (!allowed(request, reply)) return reply;
      const id = idOf(request);
      const outcome = await stories.remove(id, actorOf(request));
      if (outcome.kind === 'deleted')
        return listPage(request, reply, translator(requestLang(request))('newsroom.edit.deleted'));
      return afterAction(request, reply, id, outcome);
    });
    typed(app).get('/admin/stories/:id/preview', withId, async (request, reply) => {
      if (!allowed(request, reply)) return reply;
      const ctx = pageContext(request);
      const story = await loadStoryDetail(deps.db, ctx.lang, idOf(request));
      if (!story) {
        if (!(await stories.read(idOf(request)))) return reply.callNotFound();
        return page(
          request,
          reply,
          'newsroom.edit.preview',
          (c) => html`<p class="preview-banner" role="note">${c.t(`newsroom.preview.missing.${c.lang}`)}</p>`,
        );
      }
      const content = await storyContent(deps, ctx, story, viewerOf(request.auth));
      return reply
        .header('cache-control', 'no-store')
        .header('x-robots-tag', 'noindex')
        .type('text/html; charset=utf-8')
        .send(
          layout(
            ctx,
            {
              title: ctx.t('newsroom.preview.title', { title: story.title }),
              head: html`<link rel="stylesheet" href="/static/newsroom.css">${playerScript()}`,
            },
            html`<p class="preview-banner" role="note">${ctx.t('catalog.preview.banner')} <a href="${localPath(ctx.lang, `/admin/stories/${idOf(request)}`)}">${ctx.t('newsroom.revisions.back')}</a></p>${content}`,
          ),
        );
    });
    typed(app).get('/admin/stories/:id/revisions', withId, async (request, reply) => {
      if (!allowed(request, reply)) return reply;
      const id = idOf(request);
      const story = await stories.read(id);
      const list = await stories.revisions(id);
      if (!story || !list) return reply.callNotFound();
      const csrf = web.csrfToken(request, reply);
      const lang = requestLang(request);
      const title =
        story.translations[lang]?.title ??
        story.translations.fr?.title ??
        story.translations.en?.title ??
        story.slug;
      return page(request, reply, 'newsroom.revisions.title', (ctx) =>
        revisionsView(ctx, {
          id,
          title,
          current: story.revision,
          revisions: list,
          csrf,
          timeZone: deps.defaultTimeZone,
        }),
      );
    });
    typed(app).post(
      '/admin/stories/:id/revisions/:n/restore',
      {
        schema: { hide: true, params: Type.Object({ id: Type.String(), n: Type.String() }), body: formBody },
      },
      async (request, reply) => {
        if (!allowed(request, reply)) return reply;
        const id = idOf(request);
        const revision = Number(formField(request.body ?? {}, 'revision'));
        const outcome = await stories.restore(actorOf(request), id, Number(request.params.n) || 0, revision);
        return afterAction(request, reply, id, outcome);
      },
    );

    const topicsPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      extra: {
        notice?: string;
        errors?: Record<string, string>;
        values?: { slug?: string; fr?: string; en?: string };
      },
      status = 200,
    ) => {
      const csrf = web.csrfToken(request, reply);
      const list = await topics.list();
      return page(
        request,
        reply,
        'newsroom.topics.title',
        (ctx) => topicsView(ctx, { topics: list, csrf, ...extra }),
        status,
      );
    };
    app.get('/admin/topics', hidden, async (request, reply) => {
      if (!allowed(request, reply)) return reply;
      return topicsPage(request, reply, {});
    });
    typed(app).post('/admin/topics', posted, async (request, reply) => {
      if (!allowed(request, reply)) return reply;
      const form = request.body ?? {};
      const values = { slug: formField(form, 'slug'), fr: formField(form, 'fr'), en: formField(form, 'en') };
      const result = await topics.create(
        {
          slug: values.slug || undefined,
          name: { fr: values.fr, en: values.en },
        },
        actorOf(request),
      );
      const t = translator(requestLang(request));
      if (result.kind === 'ok') return topicsPage(request, reply, { notice: t('newsroom.topics.created') });
      const errors =
        result.kind === 'invalid' ? fieldMessages(t, result.errors) : { slug: t('newsroom.topicSlugTaken') };
      return topicsPage(request, reply, { errors, values }, result.kind === 'invalid' ? 422 : 409);
    });
    typed(app).post(
      '/admin/topics/:slug',
      { schema: { hide: true, params: Type.Object({ slug: Type.String() }), body: formBody } },
      async (request, reply) => {
        if (!allowed(request, reply)) return reply;
        const form = request.body ?? {};
        const result = await topics.update(
          request.params.slug,
          { name: { fr: formField(form, 'fr'), en: formField(form, 'en') } },
          actorOf(request),
        );
        const t = translator(requestLang(request));
        if (result.kind === 'not_found') return reply.callNotFound();
        if (result.kind === 'ok') return topicsPage(request, reply, { notice: t('newsroom.topics.saved') });
        const errors =
          result.kind === 'invalid'
            ? fieldMessages(t, result.errors)
            : { slug: t('newsroom.topicSlugTaken') };
        return topicsPage(request, reply, { errors }, 422);
      },
    );
  };
}
