/**
 * The facts `canSeeVideo` decides on, read from the database (whether a published story shows the
 * video, its embargo), and the decision for a request's viewer over a set of videos. Videos that do
 * not exist are absent from the maps (and so not found).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { canSeeVideo, type VideoAccess, type VideoFacts, type Viewer } from './video-access.ts';

export async function loadVideoFacts(
  db: Kysely<Database>,
  videoIds: readonly string[],
  now: Date,
): Promise<Map<string, VideoFacts>> {
  const facts = new Map<string, VideoFacts>();
  const ids = [...new Set(videoIds)];
  if (ids.length === 0) return facts;
  const [videos, published] = await Promise.all([
    db
      .selectFrom('videos as v')
      .leftJoin('video_usage as u', 'u.video_id', 'v.id')
      .select(['v.id', 'u.embargo_until', 'u.embargo_kind'])
      .where('v.id', 'in', ids)
      .execute(),
    db
      .selectFrom('story_videos as sv')
      .innerJoin('stories as s', 's.id', 'sv.story_id')
      .select('sv.video_id')
      .distinct()
      .where('sv.video_id', 'in', ids)
      .where('s.published_at', '<=', now)
      .execute(),
  ]);
  const shown = new Set(published.map((r) => r.video_id));
  for (const v of videos) {
    facts.set(v.id, {
      published: shown.has(v.id),
      embargoUntil: v.embargo_until === null ? null : new Date(v.embargo_until),
      embargoKind: v.embargo_kind ?? 'available',
    });
  }
  return facts;
}

/** What `viewer` may do with each of `videoIds` (unknown ids: nothing). */
export async function videoAccess(
  db: Kysely<Database>,
  viewer: Viewer,
  videoIds: readonly string[],
  now: Date,
): Promise<Map<string, VideoAccess>> {
  const facts = await loadVideoFacts(db, videoIds, now);
  return new Map(videoIds.map((id) => [id, canSeeVideo(viewer, facts.get(id), now)]));
}

/** What `viewer` may do with one video. */
export async function oneVideoAccess(
  db: Kysely<Database>,
  viewer: Viewer,
  videoId: string,
  now: Date,
): Promise<VideoAccess> {
  const facts = await loadVideoFacts(db, [videoId], now);
  return canSeeVideo(viewer, facts.get(videoId), now);
}
