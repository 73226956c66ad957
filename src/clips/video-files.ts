/** Where a video's clip files are (for deleting a video with nothing left behind). */
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { ClipsTables } from './tables.ts';

/** Paths (relative to the media directory) of the clip files cut from a video. */
/** The files of an audio item's parts (clips of it), for its owner to remove with the item. */
export async function clipFilesOfAudio(db: AnyDb, audioId: string): Promise<string[]> {
  const rows = await featureDb<ClipsTables>(db)
    .selectFrom('clips')
    .select('file_path')
    .where('audio_id', '=', audioId)
    .execute();
  return rows.flatMap((r) => (r.file_path ? [r.file_path] : []));
}

export async function clipFilesOfVideo(db: AnyDb, videoId: string): Promise<string[]> {
  const rows = await featureDb<ClipsTables>(db)
    .selectFrom('clips')
    .select('file_path')
    .where('video_id', '=', videoId)
    .execute();
  return rows.flatMap((r) => (r.file_path ? [r.file_path] : []));
}
