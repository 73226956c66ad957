/**
 * Server-rendered catalogue pages under /fr and /en. Each video appears only as far as the one video
 * rule lets the viewer (downloads/video-access.ts); rendered story content is cached per viewer class.
 */
import type { FastifyPluginAsync } from 'fastify';
import './messages.ts';
import { clipEditorView } from '../clips/public.ts';
import { downloadPanels, type Viewer, viewerClass, viewerOf } from '../downloads/public.ts';
import { microCache } from '../platform/micro-cache.ts';
import { HttpError } from '../web/errors.ts';
import { html, raw } from '../web/html.ts';
import { feedLinks, layout, localPath, videoPagePath } from '../web/layout.ts';
import { pageContext } from '../web/page-context.ts';
import { partial, Type, typed } from '../web/schemas.ts';
import type { CatalogDeps } from './deps.ts';
import { homeView } from './home-view.ts';
import { storyPreviewHead, videoPreviewHead } from './previews.ts';
import { getStory, getVideoPage, listStories, listVideos } from './stories.ts';
import { findPublishedStory } from './story-lookup.ts';
import { storyContent } from './story-page.ts';
import { onlyInOtherLanguageView, topicView } from './topic-views.ts';
import { getTopic, listTopics } from './topics.ts';
import { playerScript, videosView, videoView, watchable } from './views.ts';

const pageQuery = partial({ page: Type.Integer({ minimum: 1, maximum: 10000, default: 1 }) });
/** Latest videos on the home page. */
const HOME_VIDEOS = 6;
const slugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });

export function catalogPages(deps: CatalogDeps): FastifyPluginAsync {
  const { db, videoAccess } = deps;
  const clock = deps.clock ?? (() => new Date());
  /** Story cards whose poster the viewer may not load lose it (an embargoed lead video). */
  async function postersFor<T extends { posterVideoId: string | null }>(
    viewer: Viewer,
    items: T[],
  ): Promise<T[]> {
    const ids = items.flatMap((s) => (s.posterVideoId ? [s.posterVideoId] : []));
    const access = await videoAccess(viewer, ids, clock());
    return items.map((s) =>
      s.posterVideoId && !access.get(s.posterVideoId)?.watch ? { ...s, posterVideoId: null } : s,
    );
  }
  // Rendered story content per language, at most a second old (the layout around it is per request).
  // Whole pages for visitors who are not signed in, by URL (same one-second freshness).
  const anonymousPages = microCache<string>();
  const storyPages = microCache<{
    title: string;
    standfirst: string;
    content: string;
    head: string;
  } | null>();
  return async (plugin) => {
    const app = typed(plugin);
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('cache-control', 'no-cache');
    });
    app.get('/', { schema: { querystring: pageQuery } }, async (request, reply) => {
      const ctx = pageContext(request);
      const viewer = viewerOf(request.auth);
      const listed = await listStories(db, ctx.lang, { page: request.query.page });
      const page = { ...listed, items: await postersFor(viewer, listed.items) };
      // The first page also shows the latest videos the visitor may see, and the topics.
      const first = page.page === 1 && page.items.length > 0;
      const recent = first ? await listVideos(db, ctx.lang, clock(), HOME_VIDEOS * 2) : [];
      const access = await videoAccess(
        viewer,
        recent.map((v) => v.id),
        clock(),
      );
      const videos = recent
        .filter((v) => access.get(v.id)?.see && v.status === 'ready')
        .map((v) => ({ ...watchable(v, access.get(v.id)?.watch ?? false), publishedAt: v.publishedAt }))
        .slice(0, HOME_VIDEOS);
      const topics = first ? (await listTopics(db)).filter((topic) => topic.stories > 0) : [];
      return reply
        .type('text/html; charset=utf-8')
        .send(layout(ctx, { title: ctx.t('home.title') }, homeView(ctx, { page, videos, topics })));
    });
    app.get('/stories/:slug', { schema: { params: slugParams } }, async (request, reply) => {
      const ctx = pageContext(request);
      const { slug } = request.params;
      const viewer = viewerOf(request.auth);
      const page = await storyPages.get(
        `${ctx.lang}:${ctx.timeZone}:${viewerClass(viewer)}:${slug}`,
        async () => {
          const found = await getStory(db, ctx.lang, slug);
          if (!found) return null;
          const now = clock();
          // An anonymous visitor's access is what the rich previews show too: asked once for both.
          const anonymous =
            viewer.kind === 'anonymous'
              ? await videoAccess(
                  viewer,
                  found.videos.map((v) => v.id),
                  now,
                )
              : undefined;
          const content = await storyContent(deps, ctx, found, viewer, {
            signInReturnTo: localPath(ctx.lang, `/stories/${encodeURIComponent(slug)}`),
            access: anonymous,
          });
          // Rich previews show what an anonymous visitor may see, whoever asks.
          const head = (await storyPreviewHead(deps, ctx, found, now, anonymous)).value;
          return { title: found.title, standfirst: found.standfirst, content: content.value, head };
        },
      );
      if (!page) {
        // An old slug redirects; a story in the other language only says so and links to it.
        const address = await findPublishedStory(db, slug);
        if (address && address.slug !== slug)
          return reply.redirect(localPath(ctx.lang, `/stories/${address.slug}`), 301);
        if (address && !address.languages.includes(ctx.lang))
          return reply
            .type('text/html; charset=utf-8')
            .send(
              layout(ctx, { title: ctx.t('catalog.onlyIn.title') }, onlyInOtherLanguageView(ctx, address)),
            );
      }
      if (!page) throw new HttpError(404, 'not_found', 'story.notFound');
      const render = () =>
        layout(
          ctx,
          {
            title: page.title,
            description: page.standfirst,
            head: html`${playerScript()}${raw(page.head)}`,
          },
          raw(page.content),
        );
      // Visitors who are not signed in all see the same page for a URL: serve it whole.
      const anonymous = request.auth === null && request.pageExtras === undefined;
      const body = anonymous ? await anonymousPages.get(request.url, async () => render()) : render();
      return reply.type('text/html; charset=utf-8').send(body);
    });
    app.get(
      '/videos/:id',
      {
        schema: {
          params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
          querystring: partial({ in: Type.String({ maxLength: 20 }), out: Type.String({ maxLength: 20 }) }),
        },
      },
      async (request, reply) => {
        const ctx = pageContext(request);
        const viewer = viewerOf(request.auth);
        const now = clock();
        const accessMap = await videoAccess(viewer, [request.params.id], now);
        const access = accessMap.get(request.params.id);
        const page = access?.see ? await getVideoPage(db, ctx.lang, request.params.id) : null;
        if (!access || !page) throw new HttpError(404, 'not_found', 'video.notFound');
        const found = { ...page, video: watchable(page.video, access.watch) };
        const signedIn = Boolean(request.auth && !request.auth.pending);
        // Signed out, the download buttons lead to sign-in and back here, the selection kept.
        const panels = await downloadPanels(
          db,
          ctx,
          [found.video.id],
          signedIn
            ? { early: access.download === null }
            : { signInReturnTo: videoPagePath(ctx.lang, found.video.id, request.query) },
        );
        return reply.type('text/html; charset=utf-8').send(
          layout(
            ctx,
            {
              title: found.video.title,
              head: html`${playerScript()}${await videoPreviewHead(deps, ctx, page.video, page.story, now, viewer.kind === 'anonymous' ? accessMap : undefined)}`,
            },
            videoView(
              ctx,
              found.video,
              found.story,
              panels.get(found.video.id),
              clipEditorView(ctx, found.video, {
                signedIn,
                shots: found.video.shotlist,
                in: request.query.in,
                out: request.query.out,
              }),
            ),
          ),
        );
      },
    );
    app.get('/videos', async (request, reply) => {
      const ctx = pageContext(request);
      const listed = await listVideos(db, ctx.lang);
      const access = await videoAccess(
        viewerOf(request.auth),
        listed.map((v) => v.id),
        clock(),
      );
      const videos = listed
        .filter((v) => access.get(v.id)?.see)
        .map((v) => ({ ...watchable(v, access.get(v.id)?.watch ?? false), storySlug: v.storySlug }));
      return reply
        .type('text/html; charset=utf-8')
        .send(layout(ctx, { title: ctx.t('videos.title') }, videosView(ctx, videos)));
    });
    app.get(
      '/topics/:slug',
      {
        schema: {
          params: slugParams,
          querystring: pageQuery,
        },
      },
      async (request, reply) => {
        const ctx = pageContext(request);
        const topic = await getTopic(db, request.params.slug);
        if (!topic) throw new HttpError(404, 'not_found', 'catalog.topic.notFound');
        const listed = await listStories(db, ctx.lang, { page: request.query.page, topic: topic.slug });
        const page = { ...listed, items: await postersFor(viewerOf(request.auth), listed.items) };
        return reply.type('text/html; charset=utf-8').send(
          layout(
            ctx,
            {
              title: ctx.t('catalog.topic.title', { name: topic.name[ctx.lang] }),
              head: feedLinks(ctx.lang, topic.name[ctx.lang], { topic: topic.slug }),
            },
            topicView(ctx, topic, page),
          ),
        );
      },
    );
    // /terms and /privacy are the settings feature's pages (src/settings: texts an admin may edit).
    // /newsletter is the newsletter feature's page (src/newsletter).
  };
}
