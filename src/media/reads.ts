/**
 * The media feature's read functions for other features (through media/public.ts): what they need of
 * a video (title, frame rate, status, stored master) without naming the `videos` table themselves.
 * Each takes the caller's database and narrows it to the media tables.
 */
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { MediaTables, Video, VideoStatus } from './tables.ts';
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

/** The columns other features show of a video (the catalogue's pages, download facts). */
const RECORD_COLUMNS = [
  'id',
  'title_fr',
  'title_en',
  'status',
  'progress',
  'poster_path',
  'preview_state',
  'error_code',
  'master_path',
  'master_sha256',
  'master_size',
  'info',
  'shotlist',
  'fps_num',
  'fps_den',
  'duration_frames',
  'start_timecode',
  'source_name',
] as const;

export type VideoRecord = Pick<Video, (typeof RECORD_COLUMNS)[number]>;

/** The videos among `ids` that exist, by id (absent ids are not in the map). */
export async function videoRecords(db: AnyDb, ids: readonly string[]): Promise<Map<string, VideoRecord>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await media(db)
    .selectFrom('videos')
    .select(RECORD_COLUMNS)
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** One video's record, or undefined. */
export async function videoRecord(db: AnyDb, id: string): Promise<VideoRecord | undefined> {
  return (await videoRecords(db, [id])).get(id);
}
