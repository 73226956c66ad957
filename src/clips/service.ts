/**
 * Clip requests: resolve the range (frames or the master's own timecodes), plan it from the stored
 * keyframe index (pure, instant), and find or create the cache entry keyed by (master sha256, in, out,
 * profile). Identical concurrent requests share one entry and one job; a request that queues a new
 * job counts against the user's cap (clip-queue.ts).
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { timecodeToFrame } from '../lib/timecode/timecode.ts';
import { readKeyframeIndex } from '../media/keyframe-store.ts';
import { contentPaths } from '../media/store.ts';
import type { MediaInfo } from '../media/types.ts';
import type { Database } from '../platform/db/schema.ts';
import { acceptedDemuxer } from '../platform/ffmpeg/input.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import { type ClipPlan, type ClipProfile, clipCacheKey, planClip } from './engine.ts';
import { queueWithinCap } from './queue.ts';
import type { Clip } from './tables.ts';

export type ClipRange = { inFrame: number; outFrame: number } | { in: string; out: string };

export interface ClipRequest {
  videoId: string;
  range: ClipRange;
  profile: ClipProfile;
  /** The signed-in user asking: a new job counts against their cap and takes their fair share. */
  userId: string;
}

/** How long a user at the cap is asked to wait: clips take seconds to a few minutes. */
export const QUEUE_FULL_RETRY_AFTER_SECONDS = 10;

export class ClipRequestError extends Error {
  constructor(
    readonly status: 404 | 409 | 422 | 429,
    readonly code:
      | 'video_not_found'
      | 'video_not_ready'
      | 'invalid_timecode'
      | 'invalid_range'
      | 'unsupported_codec'
      | 'too_many_clips'
      | 'master_refused',
    message: string,
    /** Message parameters, and Retry-After for a 429. */
    readonly details: { max?: number; retryAfterSeconds?: number } = {},
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
    if ((error as { code?: string }).code === 'CLIP_UNSUPPORTED') {
      throw new ClipRequestError(422, 'unsupported_codec', (error as Error).message);
    }
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

/**
 * Finds or creates the clip; `made` is true when a finished file can be served at once. A request
 * that queues new work (a new clip, or one failed or evicted) counts against the user's cap of clips
 * queued or being made; one served from the cache, or sharing a clip already queued, never does.
 */
export async function requestClip(
  deps: { db: Db; jobs: JobQueue; mediaDir: string; queuePerUser: number },
  request: ClipRequest,
): Promise<{ clip: Clip; made: boolean; plan: ClipPlan }> {
  const { db, mediaDir } = deps;
  const master = await loadMaster(db, mediaDir, request.videoId);
  const plan = await planFor(mediaDir, master, request.range, request.profile);
  const key = clipCacheKey(master.sha256, plan.inFrame, plan.outFrame, plan.profile);
  /** A clip that can be served or shared as it is: made (its file is there), or on its way. */
  const shareable = async (clip: Clip | undefined) => {
    if (clip?.status === 'ready' && (await fileOf(mediaDir, clip))) return { clip, made: true, plan };
    if (clip?.status === 'queued' || clip?.status === 'running') return { clip, made: false, plan };
    return null;
  };
  const existing = await touch(db, key);
  const shared = await shareable(existing);
  if (shared) return shared;
  const queued = await queueWithinCap(
    deps,
    { id: request.userId, max: deps.queuePerUser },
    (trx, requester) =>
      existing
        ? // Failed before, or its file is gone: make it again. Only the request that flips the status
          // queues the job, so concurrent requests still share one.
          trx
            .updateTable('clips')
            .set({ status: 'queued', progress: 0, error: null, file_path: null, size: null, ...requester })
            .where('id', '=', existing.id)
            .where('status', '=', existing.status)
            .returningAll()
            .executeTakeFirst()
        : trx
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
              ...requester,
            })
            .onConflict((oc) => oc.column('cache_key').doNothing())
            .returningAll()
            .executeTakeFirst(),
  );
  if (queued.kind === 'queued') return { clip: queued.clip, made: false, plan };
  // An identical request queued it meanwhile (the same user's double click at the cap included):
  // share its clip rather than refuse it.
  const now = await touch(db, key);
  const late = await shareable(now);
  if (late) return late;
  if (queued.kind === 'full') {
    throw new ClipRequestError(429, 'too_many_clips', `${queued.pending} clips queued or being made`, {
      max: deps.queuePerUser,
      retryAfterSeconds: QUEUE_FULL_RETRY_AFTER_SECONDS,
    });
  }
  if (!now) throw new Error(`clip ${key} vanished while being requested`);
  return { clip: now, made: false, plan };
}

/** The clip with this cache key, its last access now (the cache evicts the least recently used). */
async function touch(db: Db, key: string): Promise<Clip | undefined> {
  return db
    .updateTable('clips')
    .set({ last_access_at: sql`now()` })
    .where('cache_key', '=', key)
    .returningAll()
    .executeTakeFirst();
}

async function fileOf(mediaDir: string, clip: Clip): Promise<boolean> {
  return clip.file_path !== null && (await fileExists(join(mediaDir, clip.file_path)));
}

export async function getClip(db: Db, id: string): Promise<Clip | null> {
  return (await db.selectFrom('clips').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}
