import type { AnyDb } from '../platform/db/schema.ts';
import { catalogDb } from './db.ts';
import type { Language } from './tables.ts';

export interface StoryForSearch {
  id: number;
  slug: string;
  publishedAt: Date;
  translations: Partial<Record<Language, { title: string; standfirst: string; body: string }>>;
  videoIds: string[];
  topics: string[];
}

/** Stories by id, or a batch of them in id order after `afterId`. */
export async function storiesForSearch(
  anyDb: AnyDb,
  options: { ids?: readonly number[]; afterId?: number; limit?: number },
): Promise<StoryForSearch[]> {
  const db = catalogDb(anyDb);
  // Published stories only (drafts, scheduled and unpublished ones have no `published_at` to show).
  let query = db
    .selectFrom('stories')
    .select(['id', 'slug', 'published_at'])
    .where('status', '=', 'published')
    .where('published_at', 'is not', null)
    .orderBy('id');
  if (options.ids) {
    if (options.ids.length === 0) return [];
    query = query.where('id', 'in', [...options.ids]);
  }
  if (options.afterId !== undefined) query = query.where('id', '>', options.afterId);
  if (options.limit !== undefined) query = query.limit(options.limit);
  const stories = await query.execute();
  if (stories.length === 0) return [];
  const ids = stories.map((s) => s.id);
  const [translations, videos] = await Promise.all([
    db
      .selectFrom('story_translations')
      .select(['story_id', 'language', 'title', 'standfirst', 'body'])
      .where('story_id', 'in', ids)
      .execute(),
    db
      .selectFrom('story_videos')
      .select(['story_id', 'video_id'])
      .where('story_id', 'in', ids)
      .orderBy('position')
      .execute(),
  ]);
  const byId = new Map<number, StoryForSearch>(
    stories.map((s) => [
      s.id,
      {
        id: s.id,
        slug: s.slug,
        publishedAt: new Date(s.published_at ?? 0),
        translations: {},
        videoIds: [],
        topics: [],
      },
    ]),
  );
  for (const t of translations) {
    const story = byId.get(t.story_id);
    if (story) story.translations[t.language] = { title: t.title, standfirst: t.standfirst, body: t.body };
  }
  for (const v of videos) byId.get(v.story_id)?.videoIds.push(v.video_id);
  return [...byId.values()];
}

/** For each video shown by a story: the earliest such story's slug and publication time. */
export async function firstStoryOfVideos(
  anyDb: AnyDb,
  videoIds: readonly string[],
): Promise<Map<string, { slug: string; publishedAt: Date }>> {
  const db = catalogDb(anyDb);
  const found = new Map<string, { slug: string; publishedAt: Date }>();
  if (videoIds.length === 0) return found;
  const rows = await db
    .selectFrom('story_videos as sv')
    .innerJoin('stories as s', 's.id', 'sv.story_id')
    .select(['sv.video_id', 's.slug', 's.published_at'])
    .where('sv.video_id', 'in', [...videoIds])
    .where('s.status', '=', 'published')
    .where('s.published_at', 'is not', null)
    .orderBy('s.published_at')
    .orderBy('s.id')
    .execute();
  for (const r of rows) {
    if (!found.has(r.video_id))
      found.set(r.video_id, { slug: r.slug, publishedAt: new Date(r.published_at ?? 0) });
  }
  return found;
}

/**
 * For each photo or audio item shown by a published story (those among `ids`, or all of them): the
 * earliest such story's slug and publication time. Only these are searchable (their web files are
 * public once a published story shows them).
 */
export async function firstStoryOfMedia(
  anyDb: AnyDb,
  kind: 'photo' | 'audio',
  ids?: readonly string[],
): Promise<Map<string, { slug: string; publishedAt: Date }>> {
  const db = catalogDb(anyDb);
  const found = new Map<string, { slug: string; publishedAt: Date }>();
  if (ids && ids.length === 0) return found;
  const rows =
    kind === 'photo'
      ? await db
          .selectFrom('story_photos as m')
          .innerJoin('stories as s', 's.id', 'm.story_id')
          .select(['m.photo_id as id', 's.slug', 's.published_at'])
          .$if(ids !== undefined, (q) => q.where('m.photo_id', 'in', [...(ids ?? [])]))
          .where('s.status', '=', 'published')
          .where('s.published_at', 'is not', null)
          .orderBy('s.published_at')
          .orderBy('s.id')
          .execute()
      : await db
          .selectFrom('story_audio as m')
          .innerJoin('stories as s', 's.id', 'm.story_id')
          .select(['m.audio_id as id', 's.slug', 's.published_at'])
          .$if(ids !== undefined, (q) => q.where('m.audio_id', 'in', [...(ids ?? [])]))
          .where('s.status', '=', 'published')
          .where('s.published_at', 'is not', null)
          .orderBy('s.published_at')
          .orderBy('s.id')
          .execute();
  for (const r of rows) {
    if (!found.has(r.id)) found.set(r.id, { slug: r.slug, publishedAt: new Date(r.published_at ?? 0) });
  }
  return found;
}

/** The photos and audio items these stories show, published or not (a story unpublished drops them). */
export async function mediaOfStories(
  anyDb: AnyDb,
  ids: readonly number[],
): Promise<{ photoIds: string[]; audioIds: string[] }> {
  if (ids.length === 0) return { photoIds: [], audioIds: [] };
  const db = catalogDb(anyDb);
  const [photos, audio] = await Promise.all([
    db
      .selectFrom('story_photos')
      .select('photo_id')
      .where('story_id', 'in', [...ids])
      .execute(),
    db
      .selectFrom('story_audio')
      .select('audio_id')
      .where('story_id', 'in', [...ids])
      .execute(),
  ]);
  return {
    photoIds: [...new Set(photos.map((p) => p.photo_id))],
    audioIds: [...new Set(audio.map((a) => a.audio_id))],
  };
}
