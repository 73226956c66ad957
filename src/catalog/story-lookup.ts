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
