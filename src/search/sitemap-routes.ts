/**
 * `/robots.txt`, `/sitemap.xml` (an index) and the sitemaps it names: `/sitemaps/pages.xml` (home,
 * videos, topics) and `/sitemaps/stories-{n}.xml` (published stories, a thousand a file, in each
 * language they exist in, and the pages of their videos that anyone may watch, with Google's video
 * extension). Absolute URLs from PUBLIC_URL; public documents with ETag/Last-Modified and 304.
 */
import type { FastifyPluginAsync } from 'fastify';
import {
  countPublishedStories,
  getVideo,
  listTopics,
  posterUrl,
  publishedStoryAddresses,
  type SitemapStory,
} from '../catalog/public.ts';
import { HttpError } from '../web/errors.ts';
import type { SearchDb } from './db.ts';
import { durationSeconds } from './feed-items.ts';
import { sendCacheable } from './http-cache.ts';
import type { VideoAccessFn } from './service.ts';
import { robotsTxt, type SitemapUrl, type SitemapVideo, sitemapIndexXml, urlsetXml } from './sitemap-xml.ts';

export interface SitemapDeps {
  db: SearchDb;
  publicAccess: VideoAccessFn;
}

export const STORIES_PER_SITEMAP = 1000;
const LANGS = ['fr', 'en'] as const;
const MAX_AGE = 3600;
const XML = 'application/xml; charset=utf-8';

function versions(publicUrl: string, langs: readonly ('fr' | 'en')[], path: string) {
  return langs.map((lang) => ({ hreflang: lang, href: `${publicUrl}/${lang}${path}` }));
}

/** Each language version of a page, each naming all of them. */
function pageUrls(
  publicUrl: string,
  langs: readonly ('fr' | 'en')[],
  path: string,
  lastmod?: Date,
): SitemapUrl[] {
  const alternates = versions(publicUrl, langs, path);
  return alternates.map((a) => ({ loc: a.href, alternates, ...(lastmod ? { lastmod } : {}) }));
}

async function videoUrls(
  deps: SitemapDeps,
  publicUrl: string,
  stories: SitemapStory[],
  now: Date,
): Promise<SitemapUrl[]> {
  const firstStory = new Map<string, SitemapStory>();
  for (const story of stories)
    for (const id of story.videoIds) if (!firstStory.has(id)) firstStory.set(id, story);
  const access = await deps.publicAccess([...firstStory.keys()], now);
  const urls: SitemapUrl[] = [];
  for (const [id, story] of firstStory) {
    if (!access.get(id)?.watch) continue;
    const byLang = await Promise.all(LANGS.map((lang) => getVideo(deps.db, lang, id)));
    const any = byLang[0];
    if (any?.status !== 'ready' || !any.hasPoster) continue;
    const path = `/videos/${encodeURIComponent(id)}`;
    const alternates = versions(publicUrl, LANGS, path);
    LANGS.forEach((lang, i) => {
      const other = byLang[1 - i];
      const title = byLang[i]?.title.trim() || other?.title.trim() || id;
      const video: SitemapVideo = {
        thumbnail: `${publicUrl}${posterUrl(id)}`,
        title,
        description: story.texts[lang]?.standfirst.trim() || title,
        contentLoc: `${publicUrl}/media/previews/${encodeURIComponent(id)}/master.m3u8`,
        durationSeconds: durationSeconds(any.durationFrames, any.fps),
        publishedAt: story.publishedAt,
      };
      urls.push({ loc: `${publicUrl}/${lang}${path}`, alternates, videos: [video] });
    });
  }
  return urls;
}

export function sitemapRoutes(deps: SitemapDeps): FastifyPluginAsync {
  return async (app) => {
    const publicUrl = app.publicUrl;
    app.get('/robots.txt', { schema: { hide: true } }, async (request, reply) =>
      sendCacheable(request, reply, {
        body: robotsTxt(publicUrl),
        type: 'text/plain; charset=utf-8',
        lastModified: new Date(0),
        maxAgeSeconds: MAX_AGE,
      }),
    );
    app.get('/sitemap.xml', { schema: { hide: true } }, async (request, reply) => {
      const count = await countPublishedStories(deps.db);
      const files = Math.max(1, Math.ceil(count / STORIES_PER_SITEMAP));
      const sitemaps = [
        { loc: `${publicUrl}/sitemaps/pages.xml` },
        ...Array.from({ length: files }, (_, i) => ({ loc: `${publicUrl}/sitemaps/stories-${i + 1}.xml` })),
      ];
      return sendCacheable(request, reply, {
        body: sitemapIndexXml(sitemaps),
        type: XML,
        lastModified: new Date(0),
        maxAgeSeconds: MAX_AGE,
      });
    });
    app.get<{ Params: { name: string } }>(
      '/sitemaps/:name',
      {
        schema: {
          hide: true,
          params: { type: 'object', properties: { name: { type: 'string', maxLength: 40 } } },
        },
      },
      async (request, reply) => {
        const now = new Date();
        const { name } = request.params;
        let urls: SitemapUrl[];
        let lastModified = new Date(0);
        if (name === 'pages.xml') {
          const topics = (await listTopics(deps.db)).filter((t) => t.stories > 0);
          urls = [
            ...pageUrls(publicUrl, LANGS, '/'),
            ...pageUrls(publicUrl, LANGS, '/videos'),
            ...topics.flatMap((t) => pageUrls(publicUrl, LANGS, `/topics/${encodeURIComponent(t.slug)}`)),
          ];
        } else {
          const n = /^stories-([1-9]\d{0,5})\.xml$/.exec(name)?.[1];
          if (!n) throw new HttpError(404, 'not_found', 'error.notFound.body');
          const stories = await publishedStoryAddresses(deps.db, {
            offset: (Number(n) - 1) * STORIES_PER_SITEMAP,
            limit: STORIES_PER_SITEMAP,
            now,
          });
          if (stories.length === 0 && n !== '1') throw new HttpError(404, 'not_found', 'error.notFound.body');
          urls = stories.flatMap((s) => {
            const langs = LANGS.filter((lang) => s.texts[lang]);
            return pageUrls(publicUrl, langs, `/stories/${encodeURIComponent(s.slug)}`, s.updatedAt);
          });
          urls.push(...(await videoUrls(deps, publicUrl, stories, now)));
          lastModified = new Date(Math.max(0, ...stories.map((s) => s.updatedAt.getTime())));
        }
        return sendCacheable(request, reply, {
          body: urlsetXml(urls),
          type: XML,
          lastModified,
          maxAgeSeconds: MAX_AGE,
        });
      },
    );
  };
}
