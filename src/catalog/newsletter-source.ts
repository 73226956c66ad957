/**
 * Read functions for the newsletter: the stories published in a window (each language a story exists
 * in, with its topics and first video), and given stories by slug. Only the catalogue's own tables.
 */
import type { AnyDb } from '../platform/db/schema.ts';
import { catalogDb } from './db.ts';
import type { Language } from './tables.ts';

export interface NewsletterStory {
  id: number;
  slug: string;
  language: Language;
  title: string;
  standfirst: string;
  publishedAt: Date;
  topics: string[];
  /** The story's first video (its poster illustrates the story), or null. */
  videoId: string | null;
}

async function complete(
  anyDb: AnyDb,
  stories: { id: number; slug: string; published_at: Date | null }[],
  languages: readonly Language[],
): Promise<NewsletterStory[]> {
  if (stories.length === 0) return [];
  const db = catalogDb(anyDb);
  const ids = stories.map((s) => s.id);
  const [texts, topics, videos] = await Promise.all([
    db
      .selectFrom('story_translations')
      .select(['story_id', 'language', 'title', 'standfirst'])
      .where('story_id', 'in', ids)
      .where('language', 'in', [...languages])
      .execute(),
    db
      .selectFrom('story_topics as st')
      .innerJoin('topics as t', 't.id', 'st.topic_id')
      .select(['st.story_id', 't.slug'])
      .where('st.story_id', 'in', ids)
      .execute(),
    db
      .selectFrom('story_videos')
      .select(['story_id', 'video_id'])
      .where('story_id', 'in', ids)
      .orderBy('position')
      .execute(),
  ]);
  const byId = new Map(stories.map((s) => [s.id, s]));
  const out: NewsletterStory[] = [];
  for (const text of texts) {
    const story = byId.get(text.story_id);
    if (!story?.published_at) continue;
    out.push({
      id: story.id,
      slug: story.slug,
      language: text.language,
      title: text.title,
      standfirst: text.standfirst,
      publishedAt: new Date(story.published_at),
      topics: topics.filter((t) => t.story_id === story.id).map((t) => t.slug),
      videoId: videos.find((v) => v.story_id === story.id)?.video_id ?? null,
    });
  }
  return out.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime() || b.id - a.id);
}

/** Stories published after `from` (exclusive) up to `to`, newest first, in every language they have. */
export async function storiesPublishedBetween(
  anyDb: AnyDb,
  from: Date,
  to: Date,
  limit = 500,
): Promise<NewsletterStory[]> {
  const rows = await catalogDb(anyDb)
    .selectFrom('stories')
    .select(['id', 'slug', 'published_at'])
    .where('status', '=', 'published')
    .where('published_at', '>', from)
    .where('published_at', '<=', to)
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();
  return complete(anyDb, rows, ['fr', 'en']);
}

/** Published stories by slug, in `language`, in the order of `slugs` (unknown ones left out). */
export async function publishedStoriesBySlug(
  anyDb: AnyDb,
  slugs: readonly string[],
  language: Language,
  now: Date,
): Promise<NewsletterStory[]> {
  if (slugs.length === 0) return [];
  const rows = await catalogDb(anyDb)
    .selectFrom('stories')
    .select(['id', 'slug', 'published_at'])
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .where('slug', 'in', [...slugs])
    .execute();
  const found = await complete(anyDb, rows, [language]);
  return slugs.flatMap((slug) => found.filter((s) => s.slug === slug));
}

/** The latest published stories in `language` (an edition's default selection), newest first. */
export async function latestPublishedStories(
  anyDb: AnyDb,
  language: Language,
  now: Date,
  limit: number,
): Promise<NewsletterStory[]> {
  const rows = await catalogDb(anyDb)
    .selectFrom('stories')
    .select(['id', 'slug', 'published_at'])
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .orderBy('published_at', 'desc')
    .limit(limit * 2)
    .execute();
  return (await complete(anyDb, rows, [language])).slice(0, limit);
}
