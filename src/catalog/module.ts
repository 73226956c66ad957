/**
 * The catalogue assembled: its public pages and JSON API, the story reads other features are handed
 * (the downloads feature's published videos, media's links of an ingested video to a story, the back
 * office's story choices), and the demo's videos. The composition root creates one.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { VideoAccessFn } from '../downloads/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import { isCatalogEmpty, seedDemoContent } from './demo.ts';
import type { DemoStory } from './demo-types.ts';
import type { CatalogDeps } from './deps.ts';
import { catalogApi } from './routes-api.ts';
import { catalogPages } from './routes-pages.ts';
import {
  appendStoryVideo,
  latestPublishedStory,
  publishedVideoIds,
  storyChoices,
  storyIdOfSlug,
} from './story-links.ts';
import type { Language } from './tables.ts';

/**
 * The story reads the downloads feature, media's ingest and the back office need, bound to the
 * portal's database. Made before `createCatalog` (which needs the downloads feature's access rule).
 */
export function storyReads(db: AnyDb) {
  return {
    publishedVideoIds: (videoIds: readonly string[], now: Date) => publishedVideoIds(db, videoIds, now),
    latestPublishedStory: (videoId: string, now: Date) => latestPublishedStory(db, videoId, now),
    /** Stories are linked to an ingested video inside the ingest's transaction (its handle). */
    links: { storyIdOfSlug, appendStoryVideo },
    exists: async (slug: string) => (await storyIdOfSlug(db, slug)) !== null,
    choices: (lang: Language) => storyChoices(db, lang),
  };
}

export function createCatalog(options: {
  db: AnyDb;
  videoAccess: VideoAccessFn;
  clock?: () => Date;
  audioItem?: CatalogDeps['audioItem'];
}) {
  const deps: CatalogDeps = {
    db: options.db,
    videoAccess: options.videoAccess,
    clock: options.clock,
    audioItem: options.audioItem,
  };
  return {
    pages: catalogPages(deps) as FastifyPluginAsync,
    api: catalogApi(deps) as FastifyPluginAsync,
    /** Whether there is no story yet (a new portal seeds the demo then). */
    isEmpty: () => isCatalogEmpty(options.db),
    /** The demo's video rows (through media); returns every demo video so their jobs can be queued. */
    seedDemoVideos: (stories: DemoStory[]) => seedDemoContent(options.db, stories),
  };
}

export type Catalog = ReturnType<typeof createCatalog>;
