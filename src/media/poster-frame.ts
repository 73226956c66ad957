/**
 * A poster from a frame an editor chose (`PATCH /videos/{id}` `posterFrame`): the frame is cut from
 * the master as the ingest's poster is (deinterlaced, 720 lines at most, `posterArgs`), inline and
 * bounded (60 s), into a temporary file beside `poster.jpg`; `commit` renames it into place once the
 * edit's transaction holds, `discard` removes it otherwise. The frame number is recorded in
 * `videos.poster_frame`.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import { runFfmpeg } from '../platform/ffmpeg/run.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { previewRelativeDir } from './ingest-jobs.ts';
import { frameSeekSeconds, PREVIEW_LAYOUT, posterArgs } from './preview-plan.ts';
import type { MediaTables } from './tables.ts';

export type PosterFrameResult =
  | { kind: 'ready'; commit(): Promise<void>; discard(): Promise<void> }
  | { kind: 'not_ready' }
  | { kind: 'outside' }
  | { kind: 'failed' };

/** Cuts frame `frame` of the video's master into a poster waiting to be committed. */
export async function preparePosterFrame(
  db: AnyDb,
  storage: MediaStorage,
  videoId: string,
  frame: number,
): Promise<PosterFrameResult> {
  const row = await featureDb<MediaTables>(db)
    .selectFrom('videos')
    .select(['status', 'master_path', 'info', 'duration_frames'])
    .where('id', '=', videoId)
    .executeTakeFirst();
  if (row?.status !== 'ready' || !row.master_path || !row.info) return { kind: 'not_ready' };
  if (!Number.isInteger(frame) || frame < 0 || frame >= (row.duration_frames ?? 0))
    return { kind: 'outside' };
  const info = row.info;
  // ffmpeg reads the master and writes the poster on a local path (as the preview builder does).
  const dir = storage.path(previewRelativeDir(videoId));
  const tmp = join(dir, `poster.tmp-${randomBytes(6).toString('hex')}.jpg`);
  const at = frameSeekSeconds(frame, info.video.frameRate);
  const source = {
    durationSeconds: info.durationSeconds,
    container: info.container,
    video: info.video,
    audio: [],
  };
  try {
    await runFfmpeg(['-v', 'error', ...posterArgs(storage.path(row.master_path), source, at, tmp)], {
      timeoutMs: 60_000,
    });
    if (!(await stat(tmp).catch(() => null))?.size) throw new Error('no frame');
  } catch {
    await rm(tmp, { force: true });
    return { kind: 'failed' };
  }
  return {
    kind: 'ready',
    commit: () => rename(tmp, join(dir, PREVIEW_LAYOUT.poster)),
    discard: () => rm(tmp, { force: true }),
  };
}

/** Records the chosen frame (in the edit's transaction). */
export async function writePosterFrame(db: AnyDb, videoId: string, frame: number | null): Promise<void> {
  await featureDb<MediaTables>(db)
    .updateTable('videos')
    .set({ poster_frame: frame })
    .where('id', '=', videoId)
    .execute();
}

export async function readPosterFrame(db: AnyDb, videoId: string): Promise<number | null> {
  const row = await featureDb<MediaTables>(db)
    .selectFrom('videos')
    .select('poster_frame')
    .where('id', '=', videoId)
    .executeTakeFirst();
  return row?.poster_frame ?? null;
}
