/**
 * The media feature's read functions for other features (through media/public.ts): what they need of
 * a video (title, frame rate, status, stored master) without naming the `videos` table themselves.
 * Each takes the caller's database and narrows it to the media tables.
 */
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { MediaTables, VideoStatus } from './tables.ts';
import type { MediaInfo } from './types.ts';

const media = (db: AnyDb) => featureDb<MediaTables>(db);

/** Titles and frame rate of a video (for names and timecodes of files cut from it). */
export async function videoLabel(
  db: AnyDb,
  videoId: string,
): Promise<{ titleFr: string; titleEn: string; fpsNum: number | null; fpsDen: number | null } | undefined> {
  const row = await media(db)
    .selectFrom('videos')
    .select(['title_fr', 'title_en', 'fps_num', 'fps_den'])
    .where('id', '=', videoId)
    .executeTakeFirst();
  return row && { titleFr: row.title_fr, titleEn: row.title_en, fpsNum: row.fps_num, fpsDen: row.fps_den };
}

/** A video's status and stored master (path relative to the media directory, probe facts). */
export async function videoMaster(
  db: AnyDb,
  videoId: string,
): Promise<
  | {
      id: string;
      status: VideoStatus;
      sha256: string | null;
      path: string | null;
      info: MediaInfo | null;
    }
  | undefined
> {
  const row = await media(db)
    .selectFrom('videos')
    .select(['id', 'status', 'master_sha256', 'master_path', 'info'])
    .where('id', '=', videoId)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      status: row.status,
      sha256: row.master_sha256,
      path: row.master_path,
      info: row.info,
    }
  );
}

/** Where a video's ingest stands: status, progress 0..1, error (the CLI waits on it). */
export async function videoProgress(
  db: AnyDb,
  videoId: string,
): Promise<{ status: VideoStatus; progress: number; error: string | null }> {
  const row = await media(db)
    .selectFrom('videos')
    .select(['status', 'progress', 'error'])
    .where('id', '=', videoId)
    .executeTakeFirstOrThrow();
  return { status: row.status, progress: Number(row.progress), error: row.error };
}

/** Of `videoIds`, those not ready yet (the demo seeding renders only those). */
export async function videosNotReady(db: AnyDb, videoIds: readonly string[]): Promise<Set<string>> {
  if (videoIds.length === 0) return new Set();
  const rows = await media(db)
    .selectFrom('videos')
    .select('id')
    .where('id', 'in', videoIds)
    .where('status', '<>', 'ready')
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Ids of the videos among `ids` that exist (a story may show only those). */
export async function existingVideoIds(db: AnyDb, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await media(db).selectFrom('videos').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}
