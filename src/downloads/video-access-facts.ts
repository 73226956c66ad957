/**
 * The facts `canSeeVideo` decides on (whether a published story shows the video, from the
 * catalogue's stories; its embargo, from the usage terms), and the decision for a request's viewer
 * over a set of videos. Videos that do not exist (media says which do) are absent from the maps
 * (and so not found).
 */
import { existingVideoIds } from '../media/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import { downloadsDb } from './db.ts';
import type { DownloadStories } from './stories.ts';
import { canSeeVideo, type VideoAccess, type VideoFacts, type Viewer } from './video-access.ts';

/** The facts of the videos a database handle and the catalogue's stories tell. */
export interface VideoFactsSource {
  db: AnyDb;
  stories: DownloadStories;
}

export async function loadVideoFacts(
  source: VideoFactsSource,
  videoIds: readonly string[],
  now: Date,
): Promise<Map<string, VideoFacts>> {
  const facts = new Map<string, VideoFacts>();
  const ids = [...new Set(videoIds)];
  if (ids.length === 0) return facts;
  const [existing, usage, shown] = await Promise.all([
    existingVideoIds(source.db, ids),
    downloadsDb(source.db)
      .selectFrom('video_usage')
      .select(['video_id', 'embargo_until', 'embargo_kind'])
      .where('video_id', 'in', ids)
      .execute(),
    source.stories.publishedVideoIds(ids, now),
  ]);
  const usageOf = new Map(usage.map((u) => [u.video_id, u]));
  for (const id of ids) {
    if (!existing.has(id)) continue;
    const u = usageOf.get(id);
    facts.set(id, {
      published: shown.has(id),
      embargoUntil: u?.embargo_until == null ? null : new Date(u.embargo_until),
      embargoKind: u?.embargo_kind ?? 'available',
    });
  }
  return facts;
}

/** The access rule bound to the portal's database and stories (`createDownloads().videoAccess`). */
export type VideoAccessFn = (
  viewer: Viewer,
  videoIds: readonly string[],
  now: Date,
) => Promise<Map<string, VideoAccess>>;

/** What `viewer` may do with each of `videoIds` (unknown ids: nothing). */
export async function videoAccess(
  source: VideoFactsSource,
  viewer: Viewer,
  videoIds: readonly string[],
  now: Date,
): Promise<Map<string, VideoAccess>> {
  const facts = await loadVideoFacts(source, videoIds, now);
  return new Map(videoIds.map((id) => [id, canSeeVideo(viewer, facts.get(id), now)]));
}

/** What `viewer` may do with one video. */
export async function oneVideoAccess(
  source: VideoFactsSource,
  viewer: Viewer,
  videoId: string,
  now: Date,
): Promise<VideoAccess> {
  const facts = await loadVideoFacts(source, [videoId], now);
  return canSeeVideo(viewer, facts.get(videoId), now);
}
