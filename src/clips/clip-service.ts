/**
 * Clip requests: resolve the range (frames or the master's own timecodes), plan it from the stored
 * keyframe index (pure, instant), and find or create the cache entry keyed by (master sha256, in, out,
 * profile). Identical concurrent requests share one entry and one job.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { readKeyframeIndex } from '../media/keyframe-store.ts';
import { contentPaths } from '../media/store.ts';
import type { MediaInfo } from '../media/types.ts';
import type { Database } from '../platform/db/schema.ts';
import { acceptedDemuxer } from '../platform/ffmpeg/input.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { Clip } from './clip-tables.ts';
import { type ClipPlan, type ClipProfile, clipCacheKey, planClip } from './index.ts';
import { timecodeToFrame } from './timecode.ts';

export type ClipRange = { inFrame: number; outFrame: number } | { in: string; out: string };

export interface ClipRequest {
  videoId: string;
  range: ClipRange;
  profile: ClipProfile;
}

export class ClipRequestError extends Error {
  constructor(
    readonly status: 404 | 409 | 422,
    readonly code:
      | 'video_not_found'
      | 'video_not_ready'
      | 'invalid_timecode'
      | 'invalid_range'
      | 'master_refused',
    message: string,
  ) {
    super(message);
    this.name = 'ClipRequestError';
  }
}

export interface MasterFacts {
  videoId: string;
  sha256: string;
  masterPath: string;
  info: MediaInfo;
}

type Db = Kysely<Database>;

export async function loadMaster(db: Db, mediaDir: string, videoId: string): Promise<MasterFacts> {
  const video = await db
    .selectFrom('videos')
    .select(['id', 'status', 'master_sha256', 'master_path', 'info'])
    .where('id', '=', videoId)
    .executeTakeFirst();
  if (!video) throw new ClipRequestError(404, 'video_not_found', `no video ${videoId}`);
  if (video.status !== 'ready' || !video.master_sha256 || !video.master_path || !video.info) {
    throw new ClipRequestError(409, 'video_not_ready', 'the video is still being prepared');
  }
  // A master stored before formats were checked at ingest: nothing reads one not on the list.
  if (!acceptedDemuxer(video.info.container)) {
    throw new ClipRequestError(422, 'master_refused', `container ${video.info.container} not accepted`);
  }
  return {
    videoId,
    sha256: video.master_sha256,
    masterPath: join(mediaDir, video.master_path),
    info: video.info,
  };
}

/** Half-open frame range of a request, from frames or from timecodes in the master's own timecode. */
export function resolveRange(range: ClipRange, info: MediaInfo): { inFrame: number; outFrame: number } {
  if ('inFrame' in range) return range;
  const format = { rate: info.video.frameRate, dropFrame: info.dropFrame };
  try {
    return {
      inFrame: timecodeToFrame(range.in, info.startTimecode, format),
      outFrame: timecodeToFrame(range.out, info.startTimecode, format),
    };
  } catch (error) {
    throw new ClipRequestError(422, 'invalid_timecode', (error as Error).message);
  }
}

export async function planFor(mediaDir: string, master: MasterFacts, range: ClipRange, profile: ClipProfile) {
  const { inFrame, outFrame } = resolveRange(range, master.info);
  const index = await readKeyframeIndex(contentPaths(mediaDir, master.sha256).keyframeIndex);
  try {
    return planClip({ index, media: master.info, inFrame, outFrame, profile });
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('CLIP_')) {
      throw new ClipRequestError(422, 'invalid_range', (error as Error).message);
    }
    throw error;
  }
}

async function fileExists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Finds or creates the clip; `made` is true when a finished file can be served at once. */
export async function requestClip(
  deps: { db: Db; jobs: JobQueue; mediaDir: string },
  request: ClipRequest,
): Promise<{ clip: Clip; made: boolean; plan: ClipPlan }> {
  const { db, jobs, mediaDir } = deps;
  const master = await loadMaster(db, mediaDir, request.videoId);
  const plan = await planFor(mediaDir, master, request.range, request.profile);
  const key = clipCacheKey(master.sha256, plan.inFrame, plan.outFrame, plan.profile);
  const inserted = await db
    .insertInto('clips')
    .values({
      id: randomUUID(),
      cache_key: key,
      video_id: master.videoId,
      master_sha256: master.sha256,
      in_frame: plan.inFrame,
      out_frame: plan.outFrame,
      profile: plan.profile,
      status: 'queued',
      method: plan.method,
      reason: plan.reason,
      start_timecode: plan.startTimecode,
      container: plan.container,
    })
    .onConflict((oc) => oc.column('cache_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) {
    await jobs.send('clips.make', { clipId: inserted.id });
    return { clip: inserted, made: false, plan };
  }
  const clip = await db
    .updateTable('clips')
    .set({ last_access_at: sql`now()` })
    .where('cache_key', '=', key)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (clip.status === 'ready' && clip.file_path && (await fileExists(join(mediaDir, clip.file_path)))) {
    return { clip, made: true, plan };
  }
  if (clip.status === 'queued' || clip.status === 'running') return { clip, made: false, plan };
  // Failed before, or its file is gone: make it again. Only the request that flips the status queues
  // the job, so concurrent requests still share one.
  const requeued = await db
    .updateTable('clips')
    .set({ status: 'queued', progress: 0, error: null, file_path: null, size: null })
    .where('id', '=', clip.id)
    .where('status', '=', clip.status)
    .returningAll()
    .executeTakeFirst();
  if (requeued) await jobs.send('clips.make', { clipId: clip.id });
  return { clip: requeued ?? clip, made: false, plan };
}

export async function getClip(db: Db, id: string): Promise<Clip | null> {
  return (await db.selectFrom('clips').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}
