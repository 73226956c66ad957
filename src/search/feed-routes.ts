/**
 * Feed routes under /fr and /en: `rss.xml` (RSS 2.0 with Media RSS) and `atom.xml` (Atom 1.0), of the
 * language's latest stories, of one topic (`?topic=`), or of a search (`?q=`, the search page's
 * engine, newest first; with `topic` too). Public and the same for everyone, so cacheable by shared
 * caches, with ETag/Last-Modified and 304. A bad query is a 400 and an unknown topic a 404, with the
 * reason in the feed's language. `?saved=` opens a saved search's private feed (saved-searches.ts).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { getTopic } from '../catalog/public.ts';
import { HttpError } from '../web/errors.ts';
import type { Lang } from '../web/i18n/index.ts';
import { identityTranslator } from '../web/identity.ts';
import { requestLang } from '../web/request-lang.ts';
import type { SearchDb } from './db.ts';
import { type FeedContext, searchFeedEntries, storyFeedEntries } from './feed-items.ts';
import { atomXml, type FeedChannel, type FeedEntry, rssXml } from './feed-xml.ts';
import { sendCacheable } from './http-cache.ts';
import { savedByToken } from './saved-searches.ts';
import type { VideoAccessFn } from './service.ts';
import { problemMessage } from './views.ts';

export interface FeedRouteDeps {
  db: SearchDb;
  /** The one video rule for an anonymous visitor: feeds show what anyone may watch. */
  publicAccess: VideoAccessFn;
}

const FEED_MAX_AGE = 300;

/** The feed URLs of a language, topic and query (API.md: `/{lang}/rss.xml?topic=&q=`). */
export function feedPath(
  lang: Lang,
  format: 'rss' | 'atom',
  options: { topic?: string; q?: string } = {},
): string {
  const params = new URLSearchParams();
  if (options.topic) params.set('topic', options.topic);
  if (options.q) params.set('q', options.q);
  const search = params.toString();
  return `/${lang}/${format}.xml${search ? `?${search}` : ''}`;
}

const querystring = {
  type: 'object',
  properties: {
    q: { type: 'string', maxLength: 1000 },
    topic: { type: 'string', maxLength: 200 },
    saved: { type: 'string', maxLength: 100 },
  },
} as const;

type FeedQuery = { q?: string; topic?: string; saved?: string };

export function feedPages(deps: FeedRouteDeps): FastifyPluginAsync {
  return async (app) => {
    const serve =
      (format: 'rss' | 'atom') =>
      async (request: FastifyRequest<{ Querystring: FeedQuery }>, reply: FastifyReply) => {
        const lang = requestLang(request);
        // The portal's name as configured and set by the admins (web/identity.ts).
        const t = identityTranslator(lang, request.server.identity);
        const publicUrl = request.server.publicUrl;
        const ctx: FeedContext = { db: deps.db, publicUrl, lang, t, publicAccess: deps.publicAccess };
        // A saved search's private feed: its query, named after it, kept out of shared caches and indexes.
        const savedToken = request.query.saved?.trim();
        const saved = savedToken ? await savedByToken(deps.db, savedToken) : null;
        if (savedToken && !saved) throw new HttpError(404, 'not_found', 'reach.feed.unknownSearch');
        if (saved) reply.header('x-robots-tag', 'noindex');
        const topicSlug = request.query.topic?.trim() || null;
        const topic = topicSlug ? await getTopic(deps.db, topicSlug) : null;
        if (topicSlug && !topic) throw new HttpError(404, 'not_found', 'reach.feed.unknownTopic');
        const q = saved ? saved.query : (request.query.q?.trim() ?? '');
        let entries: FeedEntry[];
        let title: string;
        let description = t('reach.feed.description');
        if (q) {
          const found = await searchFeedEntries(ctx, { q, topic: topic?.slug ?? null });
          if (!found.ok) {
            const message = problemMessage({ t }, found.problem);
            return reply.code(400).type('text/plain; charset=utf-8').send(message);
          }
          entries = found.entries;
          title = t('reach.feed.searchTitle', { site: t('site.name'), query: saved?.name ?? found.query });
          description = t('reach.feed.searchDescription');
        } else {
          entries = await storyFeedEntries(ctx, topic?.slug ?? null);
          const site = t('site.name');
          title = topic
            ? t('reach.feed.topicTitle', { site, topic: topic.name[lang] })
            : t('reach.feed.title', { site });
        }
        const updated = new Date(Math.max(0, ...entries.map((e) => e.publishedAt.getTime())));
        const options = { topic: topic?.slug, q: q || undefined };
        const self = (format: 'rss' | 'atom') =>
          saved ? `${feedPath(lang, format)}?saved=${saved.feedToken}` : feedPath(lang, format, options);
        const channel: FeedChannel = {
          title,
          description,
          link: `${publicUrl}${topic ? `/${lang}/topics/${encodeURIComponent(topic.slug)}` : `/${lang}/`}`,
          rssUrl: `${publicUrl}${self('rss')}`,
          atomUrl: `${publicUrl}${self('atom')}`,
          lang,
          author: t('site.name'),
          home: `${publicUrl}/${lang}/`,
          updated,
        };
        return sendCacheable(request, reply, {
          body: format === 'rss' ? rssXml(channel, entries) : atomXml(channel, entries),
          type:
            format === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8',
          lastModified: updated,
          maxAgeSeconds: FEED_MAX_AGE,
          private: saved !== null,
        });
      };
    app.get<{ Querystring: FeedQuery }>('/rss.xml', { schema: { querystring, hide: true } }, serve('rss'));
    app.get<{ Querystring: FeedQuery }>('/atom.xml', { schema: { querystring, hide: true } }, serve('atom'));
  };
}
