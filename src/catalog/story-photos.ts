/**
 * The photos stories show, as the catalogue keeps them (`story_photos`, ordered with `story_videos`
 * in one sequence): the published stories showing a photo (what refuses its deletion and makes its
 * web sizes public), and a story's media order for its page.
 */
import { sql } from 'kysely';
import type { AnyDb } from '../platform/db/schema.ts';
import { catalogDb } from './db.ts';

/** Stories published now that show the photo, titled in French when they have French. */
export async function publishedStoriesShowingPhoto(
  anyDb: AnyDb,
  photoId: string,
  now: Date = new Date(),
): Promise<{ id: number; slug: string; title: string }[]> {
  const rows = await catalogDb(anyDb)
    .selectFrom('story_photos as sp')
    .innerJoin('stories as s', 's.id', 'sp.story_id')
    .select([
      's.id',
      's.slug',
      sql<string>`coalesce((select title from story_translations where story_id = s.id order by language = 'fr' desc limit 1), s.slug)`.as(
        'title',
      ),
    ])
    .where('sp.photo_id', '=', photoId)
    .where('s.status', '=', 'published')
    .where('s.published_at', '<=', now)
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title }));
}

/** Stories published now that show the audio item (src/audio), titled in French when they have French. */
export async function publishedStoriesShowingAudio(
  anyDb: AnyDb,
  audioId: string,
  now: Date = new Date(),
): Promise<{ id: number; slug: string; title: string }[]> {
  const rows = await catalogDb(anyDb)
    .selectFrom('story_audio as sa')
    .innerJoin('stories as s', 's.id', 'sa.story_id')
    .select([
      's.id',
      's.slug',
      sql<string>`coalesce((select title from story_translations where story_id = s.id order by language = 'fr' desc limit 1), s.slug)`.as(
        'title',
      ),
    ])
    .where('sa.audio_id', '=', audioId)
    .where('s.status', '=', 'published')
    .where('s.published_at', '<=', now)
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title }));
}

/** A story's media in its order (videos, photos, audio items), by slug. */
export async function storyMediaOrder(
  anyDb: AnyDb,
  slug: string,
): Promise<{ kind: 'video' | 'photo' | 'audio'; id: string }[]> {
  const db = catalogDb(anyDb);
  const story = await db.selectFrom('stories').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!story) return [];
  const [videos, photos, audio] = await Promise.all([
    db.selectFrom('story_videos').select(['video_id', 'position']).where('story_id', '=', story.id).execute(),
    db.selectFrom('story_photos').select(['photo_id', 'position']).where('story_id', '=', story.id).execute(),
    db.selectFrom('story_audio').select(['audio_id', 'position']).where('story_id', '=', story.id).execute(),
  ]);
  return [
    ...videos.map((v) => ({ position: v.position, kind: 'video' as const, id: v.video_id })),
    ...photos.map((p) => ({ position: p.position, kind: 'photo' as const, id: p.photo_id })),
    ...audio.map((a) => ({ position: a.position, kind: 'audio' as const, id: a.audio_id })),
  ]
    .sort((a, b) => a.position - b.position)
    .map(({ kind, id }) => ({ kind, id }));
}
