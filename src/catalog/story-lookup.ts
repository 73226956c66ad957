import type { AnyDb } from '../platform/db/schema.ts';
import { catalogDb } from './db.ts';
import type { Language } from './tables.ts';

export interface StoryAddress {
  slug: string;
  languages: Language[];
  /** The story's title in each language it exists in. */
  titles: Partial<Record<Language, string>>;
}

/** The published story a slug names (current or old), with its languages; null when none. */
export async function findPublishedStory(
  anyDb: AnyDb,
  slug: string,
  now = new Date(),
): Promise<StoryAddress | null> {
  const db = catalogDb(anyDb);
  const old = await db
    .selectFrom('story_slugs')
    .select('story_id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  let query = db
    .selectFrom('stories')
    .select(['id', 'slug'])
    .where('status', '=', 'published')
    .where('published_at', '<=', now);
  query = old ? query.where('id', '=', old.story_id) : query.where('slug', '=', slug);
  const story = await query.executeTakeFirst();
  if (!story) return null;
  const texts = await db
    .selectFrom('story_translations')
    .select(['language', 'title'])
    .where('story_id', '=', story.id)
    .execute();
  return {
    slug: story.slug,
    languages: texts.map((t) => t.language),
    titles: Object.fromEntries(texts.map((t) => [t.language, t.title])),
  };
}

/** Stories that show a video (any status), with their title in `lang` (else the other one). */
export async function storiesShowingVideo(
  anyDb: AnyDb,
  videoId: string,
  lang: Language,
): Promise<{ id: number; slug: string; status: string; title: string }[]> {
  const rows = await catalogDb(anyDb)
    .selectFrom('story_videos as sv')
    .innerJoin('stories as s', 's.id', 'sv.story_id')
    .leftJoin('story_translations as t', 't.story_id', 's.id')
    .select(['s.id', 's.slug', 's.status', 't.language', 't.title'])
    .where('sv.video_id', '=', videoId)
    .orderBy('s.id')
    .execute();
  const byId = new Map<number, { id: number; slug: string; status: string; title: string }>();
  for (const r of rows) {
    const known = byId.get(r.id);
    const title = r.title ?? r.slug;
    if (!known) byId.set(r.id, { id: r.id, slug: r.slug, status: r.status, title });
    else if (r.language === lang) known.title = title;
  }
  return [...byId.values()];
}
