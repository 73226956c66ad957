/** Server-rendered catalogue pages under /fr and /en. */
import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { getStory, getVideoPage, listStories, listVideos } from '../../catalog/stories.ts';
import { clipEditorView } from '../../clips/clip-views.ts';
import { downloadPanels } from '../../downloads/panels.ts';
import type { Database } from '../../platform/db/schema.ts';
import { microCache } from '../../platform/micro-cache.ts';
import { HttpError } from '../errors.ts';
import { html, raw } from '../html.ts';
import { layout } from '../layout.ts';
import { pageContext } from '../page-context.ts';
import {
  homeView,
  playerScript,
  searchView,
  storyView,
  textView,
  videosView,
  videoView,
} from '../pages/catalog-views.ts';

const pageQuery = {
  type: 'object',
  properties: { page: { type: 'integer', minimum: 1, maximum: 10000, default: 1 } },
} as const;

export function catalogPages(db: Kysely<Database>): FastifyPluginAsync {
  // Rendered story content per language, at most a second old (the layout around it is per request).
  // Whole pages for visitors who are not signed in, by URL (same one-second freshness).
  const anonymousPages = microCache<string>();
  const storyPages = microCache<{ title: string; standfirst: string; content: string } | null>();
  return async (app) => {
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('cache-control', 'no-cache');
    });
    app.get<{ Querystring: { page: number } }>(
      '/',
      { schema: { querystring: pageQuery } },
      async (request, reply) => {
        const ctx = pageContext(request);
        const page = await listStories(db, ctx.lang, { page: request.query.page });
        return reply
          .type('text/html; charset=utf-8')
          .send(layout(ctx, { title: ctx.t('home.title') }, homeView(ctx, page)));
      },
    );
    app.get<{ Params: { slug: string } }>(
      '/stories/:slug',
      { schema: { params: { type: 'object', properties: { slug: { type: 'string', maxLength: 200 } } } } },
      async (request, reply) => {
        const ctx = pageContext(request);
        const { slug } = request.params;
        const page = await storyPages.get(`${ctx.lang}:${slug}`, async () => {
          const story = await getStory(db, ctx.lang, slug);
          if (!story) return null;
          const panels = await downloadPanels(
            db,
            ctx,
            story.videos.map((v) => v.id),
          );
          return {
            title: story.title,
            standfirst: story.standfirst,
            content: storyView(ctx, story, panels).value,
          };
        });
        if (!page) throw new HttpError(404, 'not_found', 'story.notFound');
        const render = () =>
          layout(
            ctx,
            { title: page.title, description: page.standfirst, head: playerScript() },
            raw(page.content),
          );
        // Visitors who are not signed in all see the same page for a URL: serve it whole.
        const anonymous = request.auth === null && request.pageExtras === undefined;
        const body = anonymous ? await anonymousPages.get(request.url, async () => render()) : render();
        return reply.type('text/html; charset=utf-8').send(body);
      },
    );
    app.get<{ Params: { id: string }; Querystring: { in?: string; out?: string } }>(
      '/videos/:id',
      {
        schema: {
          params: { type: 'object', properties: { id: { type: 'string', maxLength: 200 } } },
          querystring: {
            type: 'object',
            properties: { in: { type: 'string', maxLength: 20 }, out: { type: 'string', maxLength: 20 } },
          },
        },
      },
      async (request, reply) => {
        const ctx = pageContext(request);
        const found = await getVideoPage(db, ctx.lang, request.params.id);
        if (!found) throw new HttpError(404, 'not_found', 'video.notFound');
        const panels = await downloadPanels(db, ctx, [found.video.id]);
        return reply.type('text/html; charset=utf-8').send(
          layout(
            ctx,
            { title: found.video.title, head: playerScript() },
            html`${videoView(ctx, found.video, found.story, panels.get(found.video.id))}${clipEditorView(
              ctx,
              found.video,
              {
                signedIn: Boolean(request.auth && !request.auth.pending),
                shots: found.video.shotlist,
                in: request.query.in,
                out: request.query.out,
              },
            )}`,
          ),
        );
      },
    );
    app.get('/videos', async (request, reply) => {
      const ctx = pageContext(request);
      const videos = await listVideos(db, ctx.lang);
      return reply
        .type('text/html; charset=utf-8')
        .send(layout(ctx, { title: ctx.t('videos.title') }, videosView(ctx, videos)));
    });
    app.get<{ Querystring: { q?: string; page: number } }>(
      '/search',
      {
        schema: {
          querystring: {
            type: 'object',
            properties: { q: { type: 'string', maxLength: 200 }, page: pageQuery.properties.page },
          },
        },
      },
      async (request, reply) => {
        const ctx = pageContext(request);
        const query = request.query.q?.trim() ?? '';
        const page = query ? await listStories(db, ctx.lang, { query, page: request.query.page }) : null;
        return reply
          .type('text/html; charset=utf-8')
          .send(layout(ctx, { title: ctx.t('search.title') }, searchView(ctx, query, page)));
      },
    );
    app.get('/terms', async (request, reply) => {
      const ctx = pageContext(request);
      return reply
        .type('text/html; charset=utf-8')
        .send(
          layout(ctx, { title: ctx.t('terms.title') }, textView(ctx.t('terms.title'), ctx.t('terms.body'))),
        );
    });
    app.get('/newsletter', async (request, reply) => {
      const ctx = pageContext(request);
      return reply
        .type('text/html; charset=utf-8')
        .send(
          layout(
            ctx,
            { title: ctx.t('newsletter.title') },
            textView(ctx.t('newsletter.title'), ctx.t('newsletter.body')),
          ),
        );
    });
  };
}
