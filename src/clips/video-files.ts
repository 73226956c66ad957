/** Where a video's clip files are (for deleting a video with nothing left behind). */
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { ClipsTables } from './tables.ts';

/** Paths (relative to the media directory) of the clip files cut from a video. */
export async function clipFilesOfVideo(db: AnyDb, videoId: string): Promise<string[]> {
  const rows = await featureDb<ClipsTables>(db)
    .selectFrom('clips')
    .select('file_path')
    .where('video_id', '=', videoId)
    .execute();
  return rows.flatMap((r) => (r.file_path ? [r.file_path] : []));
}
