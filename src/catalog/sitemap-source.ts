/**
 * Read functions for sitemaps and rich previews elsewhere: published stories (at `now`) in id order,
 * a page at a time, with the languages they exist in, their titles and standfirsts, their videos and
 * their last change. Only the catalogue's own tables.
 */
import type { AnyDb } from '../platform/db/schema.ts';
import { catalogDb } from './db.ts';
import type { Language } from './tables.ts';

export interface SitemapStory {
  id: number;
  slug: string;
  publishedAt: Date;
  updatedAt: Date;
  texts: Partial<Record<Language, { title: string; standfirst: string }>>;
  videoIds: string[];
}

export async function countPublishedStories(db: AnyDb, now = new Date()): Promise<number> {
  const row = await catalogDb(db)
    .selectFrom('stories')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Published stories in id order: `limit` of them after the first `offset`. */
export async function publishedStoryAddresses(
  portalDb: AnyDb,
  options: { offset: number; limit: number; now?: Date },
): Promise<SitemapStory[]> {
  const db = catalogDb(portalDb);
  const stories = await db
    .selectFrom('stories')
    .select(['id', 'slug', 'published_at', 'updated_at'])
    .where('status', '=', 'published')
    .where('published_at', '<=', options.now ?? new Date())
    .orderBy('id')
    .offset(options.offset)
    .limit(options.limit)
    .execute();
  if (stories.length === 0) return [];
  const ids = stories.map((s) => s.id);
  const [texts, videos] = await Promise.all([
    db
      .selectFrom('story_translations')
      .select(['story_id', 'language', 'title', 'standfirst'])
      .where('story_id', 'in', ids)
      .execute(),
    db
      .selectFrom('story_videos')
      .select(['story_id', 'video_id'])
      .where('story_id', 'in', ids)
      .orderBy('story_id')
      .orderBy('position')
      .execute(),
  ]);
  const byId = new Map<number, SitemapStory>(
    stories.map((s) => [
      s.id,
      {
        id: s.id,
        slug: s.slug,
        publishedAt: new Date(s.published_at ?? 0),
        updatedAt: new Date(s.updated_at),
        texts: {},
        videoIds: [],
      },
    ]),
  );
  for (const t of texts) {
    const story = byId.get(t.story_id);
    if (story && t.title.trim()) story.texts[t.language] = { title: t.title, standfirst: t.standfirst };
  }
  for (const v of videos) byId.get(v.story_id)?.videoIds.push(v.video_id);
  return [...byId.values()];
}
