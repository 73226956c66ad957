/**
 * What other features need of stories, through catalog/public.ts (or injected by the composition
 * root where importing the catalogue would close a cycle): which videos published stories show,
 * linking an ingested video to a story, the stories an upload may be filed under. Each takes the
 * caller's database handle (a transaction too) and narrows it to the catalogue's tables.
 */
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { CatalogTables, Language } from './tables.ts';

const catalog = (db: AnyDb) => featureDb<CatalogTables>(db);

/** Of `videoIds`, those a story published by `now` shows. */
export async function publishedVideoIds(
  db: AnyDb,
  videoIds: readonly string[],
  now: Date,
): Promise<Set<string>> {
  const ids = [...new Set(videoIds)];
  if (ids.length === 0) return new Set();
  const rows = await catalog(db)
    .selectFrom('story_videos as sv')
    .innerJoin('stories as s', 's.id', 'sv.story_id')
    .select('sv.video_id')
    .distinct()
    .where('sv.video_id', 'in', ids)
    .where('s.published_at', '<=', now)
    .execute();
  return new Set(rows.map((r) => r.video_id));
}

/** The latest story published by `now` that shows the video (its slug and publication time). */
export async function latestPublishedStory(
  db: AnyDb,
  videoId: string,
  now: Date,
): Promise<{ slug: string; publishedAt: Date } | null> {
  const story = await catalog(db)
    .selectFrom('story_videos as sv')
    .innerJoin('stories as s', 's.id', 'sv.story_id')
    .select(['s.slug', 's.published_at'])
    .where('sv.video_id', '=', videoId)
    .where('s.published_at', '<=', now)
    .orderBy('s.published_at', 'desc')
    .executeTakeFirst();
  return story?.published_at ? { slug: story.slug, publishedAt: new Date(story.published_at) } : null;
}

/** The id of the story with this current slug, or null. */
export async function storyIdOfSlug(db: AnyDb, slug: string): Promise<number | null> {
  const story = await catalog(db)
    .selectFrom('stories')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  return story?.id ?? null;
}

/** Adds a video at the end of a story's media. */
export async function appendStoryVideo(db: AnyDb, storyId: number, videoId: string): Promise<void> {
  const last = await catalog(db)
    .selectFrom('story_videos')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('story_id', '=', storyId)
    .executeTakeFirst();
  await catalog(db)
    .insertInto('story_videos')
    .values({ story_id: storyId, video_id: videoId, position: Number(last?.max ?? -1) + 1 })
    .execute();
}

/** Stories by slug and title in one language, latest published first (an upload's story choice). */
export async function storyChoices(
  db: AnyDb,
  lang: Language,
  limit = 500,
): Promise<{ slug: string; title: string }[]> {
  const rows = await catalog(db)
    .selectFrom('stories')
    .leftJoin('story_translations as t', (join) =>
      join.onRef('t.story_id', '=', 'stories.id').on('t.language', '=', lang),
    )
    .select(['stories.slug', 't.title'])
    .orderBy('stories.published_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ slug: r.slug, title: r.title ?? r.slug }));
}

/** Links between stories and videos, as media's ingest asks for them (injected by portal.ts). */
export const storyLinks = { storyIdOfSlug, appendStoryVideo };
