/**
 * The search feature assembled: its page and API routes, and the index upkeep the composition root and
 * the `portal search reindex` command call (whole index, or the stories, videos, photos and audio
 * items that changed).
 */
import type { FastifyRequest } from 'fastify';
import './messages.ts';
import './reach-messages.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import { searchDb } from './db.ts';
import { feedPages } from './feed-routes.ts';
import { indexIsEmpty, reindexAll, reindexMedia, reindexStories, reindexVideos } from './indexer.ts';
import { searchApi, searchPages } from './routes.ts';
import { savedSearchApi } from './saved-routes.ts';
import type { VideoAccessFn } from './service.ts';
import { sitemapRoutes } from './sitemap-routes.ts';

export function createSearch(options: {
  db: AnyDb;
  /** The one video rule for a request's caller (downloads' `canSeeVideo`, wired by the root). */
  accessFor: (request: FastifyRequest) => VideoAccessFn;
  /** The same rule for an anonymous visitor: feeds and sitemaps show what anyone may watch. */
  publicAccess: VideoAccessFn;
}) {
  const db = searchDb(options.db);
  const deps = { db, accessFor: options.accessFor };
  return {
    pages: searchPages(deps),
    feeds: feedPages({ db, publicAccess: options.publicAccess }),
    /** `/robots.txt`, `/sitemap.xml`, `/sitemaps/*` (at the root). */
    sitemaps: sitemapRoutes({ db, publicAccess: options.publicAccess }),
    api: searchApi(deps),
    /** Saved searches under /api/v1/account/searches. */
    savedApi: savedSearchApi({ db }),
    reindexAll: () => reindexAll(db),
    reindexStories: (ids: readonly number[]) => reindexStories(db, ids),
    reindexVideos: (ids: readonly string[]) => reindexVideos(db, ids),
    reindexMedia: (kind: 'photo' | 'audio', ids: readonly string[]) => reindexMedia(db, kind, ids),
    /** Builds the index when it is empty (first start after the search migration). */
    async ensureIndexed(): Promise<boolean> {
      if (!(await indexIsEmpty(db))) return false;
      await reindexAll(db);
      return true;
    },
  };
}

export type Search = ReturnType<typeof createSearch>;
