/**
 * Clip requests: resolve the range (frames or the master's own timecodes), plan it from the stored
 * keyframe index (pure, instant), refuse at once a plan no encoder can make (plan/codec-support.ts),
 * and find or create the cache entry keyed by (master sha256, in, out, profile, audio streams). Identical concurrent requests share one entry and one job; a request that queues a new
 * job counts against the user's cap (clip-queue.ts).
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { type Insertable, type Kysely, sql } from 'kysely';
import { timecodeToFrame } from '../lib/timecode/timecode.ts';
import type { MediaInfo } from '../media/public.ts';
import { keyframeIndexKey, readKeyframeIndex, videoMaster } from '../media/public.ts';
import { acceptedDemuxer } from '../platform/ffmpeg/input.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { AudioChoiceError, audioColumn, chooseAudio, withAudio } from './audio-choice.ts';
import { type ClipPlan, type ClipProfile, clipCacheKey, planClip } from './engine.ts';
import { unsupportedCodec } from './plan/codec-support.ts';
import { queueWithinCap } from './queue.ts';
import { type RefusalReason, rangeReason, timecodeReason } from './request-reason.ts';
import type { Clip, ClipsTable, ClipsTables } from './tables.ts';

export type ClipRange = { inFrame: number; outFrame: number } | { in: string; out: string };

export interface ClipRequest {
  videoId: string;
  range: ClipRange;
  profile: ClipProfile;
  /** The master's audio stream indexes to keep; every stream when absent. */
  audio?: number[] | null;
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
      | 'master_refused'
      | 'unsupported_codec'
      | 'invalid_audio',
    message: string,
    /** Message parameters, and Retry-After for a 429. */
    readonly details: {
      max?: number;
      retryAfterSeconds?: number;
      codec?: string;
      /** Why, for the user (request-reason.ts); the engine's message stays in `message`. */
      reason?: RefusalReason;
    } = {},
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

type Db = Kysely<ClipsTables>;

export async function loadMaster(db: Db, storage: MediaStorage, videoId: string): Promise<MasterFacts> {
  const video = await videoMaster(db, videoId);
  if (!video) throw new ClipRequestError(404, 'video_not_found', `no video ${videoId}`);
  if (video.status !== 'ready' || !video.sha256 || !video.path || !video.info) {
    throw new ClipRequestError(409, 'video_not_ready', 'the video is still being prepared');
  }
  // A master stored before formats were checked at ingest: nothing reads one not on the list.
  if (!acceptedDemuxer(video.info.container)) {
    throw new ClipRequestError(422, 'master_refused', `container ${video.info.container} not accepted`);
  }
  return {
    videoId,
    sha256: video.sha256,
    masterPath: storage.path(video.path),
    info: video.info,
  };
}

/** Half-open frame range of a request, from frames or from timecodes in the master's own timecode. */
export function resolveRange(range: ClipRange, info: MediaInfo): { inFrame: number; outFrame: number } {
  if ('inFrame' in range) return range;
  const format = { rate: info.video.frameRate, dropFrame: info.dropFrame };
  const frameOf = (text: string) => {
    try {
      return timecodeToFrame(text, info.startTimecode, format);
    } catch (error) {
      const reason = timecodeReason((error as { code?: string }).code, text, format);
      throw new ClipRequestError(422, 'invalid_timecode', (error as Error).message, { reason });
    }
  };
  return { inFrame: frameOf(range.in), outFrame: frameOf(range.out) };
}

/**
 * Plans a request: the range resolved, the audio streams chosen, and the plan refused (422
 * unsupported_codec) when it would re-encode a codec that has no matched encoder.
 */
export async function planFor(
  storage: MediaStorage,
  master: MasterFacts,
  range: ClipRange,
  profile: ClipProfile,
  audio: readonly number[] | null = null,
) {
  const { inFrame, outFrame } = resolveRange(range, master.info);
  let chosen: number[] | null;
  try {
    chosen = chooseAudio(master.info.audio, audio);
  } catch (error) {
    if (error instanceof AudioChoiceError) throw new ClipRequestError(422, 'invalid_audio', error.message);
    throw error;
  }
  const index = await readKeyframeIndex(storage.path(keyframeIndexKey(master.sha256)));
  let plan: ClipPlan;
  try {
    plan = withAudio(planClip({ index, media: master.info, inFrame, outFrame, profile }), chosen);
  } catch (error) {
    if ((error as { code?: string }).code === 'CLIP_UNSUPPORTED') {
      const codec = `${master.info.video.codec} (${master.info.containerFamily})`;
      throw new ClipRequestError(422, 'unsupported_codec', (error as Error).message, { codec });
    }
    const code = (error as { code?: string }).code;
    if (code?.startsWith('CLIP_')) {
      const format = { rate: master.info.video.frameRate, dropFrame: master.info.dropFrame };
      const reason = rangeReason(code, index.totalFrames, master.info.startTimecode, format);
      throw new ClipRequestError(422, 'invalid_range', (error as Error).message, { reason });
    }
    throw error;
  }
  const codec = unsupportedCodec(plan);
  if (codec !== null) {
    throw new ClipRequestError(
      422,
      'unsupported_codec',
      `no matched ${codec} encoder: choose the web profile`,
      {
        codec,
      },
    );
  }
  return { plan, index, audio: chosen };
}

async function _fileExists(path: string): Promise<boolean> {
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
  deps: { db: Db; jobs: JobQueue; storage: MediaStorage; queuePerUser: number },
  request: ClipRequest,
): Promise<{ clip: Clip; made: boolean; plan: ClipPlan }> {
  const master = await loadMaster(deps.db, deps.storage, request.videoId);
  const { plan, audio } = await planFor(deps.storage, master, request.range, request.profile, request.audio);
  const key = clipCacheKey(master.sha256, plan.inFrame, plan.outFrame, plan.profile, audio);
  const found = await findOrQueueClip(deps, request.userId, key, {
    video_id: master.videoId,
    master_sha256: master.sha256,
    in_frame: plan.inFrame,
    out_frame: plan.outFrame,
    profile: plan.profile,
    method: plan.method,
    reason: plan.reason,
    start_timecode: plan.startTimecode,
    container: plan.container,
    audio_streams: audioColumn(audio),
  });
  return { ...found, plan };
}

/** A new clip row's columns, without those `findOrQueueClip` sets. */
export type NewClip = Omit<Insertable<ClipsTable>, 'id' | 'cache_key' | 'status'>;

/**
 * The clip of cache key `key`, served when made, shared when on its way, otherwise queued (a new row
 * of `values`, or the failed or evicted one again) within the user's cap. Videos' clips and audio
 * items' parts alike.
 */
export async function findOrQueueClip(
  deps: { db: Db; jobs: JobQueue; storage: MediaStorage; queuePerUser: number },
  userId: string,
  key: string,
  values: NewClip,
): Promise<{ clip: Clip; made: boolean }> {
  const { db, storage } = deps;
  /** A clip that can be served or shared as it is: made (its file is there), or on its way. */
  const shareable = async (clip: Clip | undefined) => {
    if (clip?.status === 'ready' && (await fileOf(storage, clip))) return { clip, made: true };
    if (clip?.status === 'queued' || clip?.status === 'running') return { clip, made: false };
    return null;
  };
  const existing = await touch(db, key);
  const shared = await shareable(existing);
  if (shared) return shared;
  const queued = await queueWithinCap(deps, { id: userId, max: deps.queuePerUser }, (trx, requester) =>
    existing
      ? // Failed before, or its file is gone: make it again. Only the request that flips the status
        // queues the job, so concurrent requests still share one.
        trx
          .updateTable('clips')
          .set({
            status: 'queued',
            progress: 0,
            error: null,
            error_code: null,
            notes: null,
            file_path: null,
            size: null,
            ...requester,
          })
          .where('id', '=', existing.id)
          .where('status', '=', existing.status)
          .returningAll()
          .executeTakeFirst()
      : trx
          .insertInto('clips')
          .values({ ...values, id: randomUUID(), cache_key: key, status: 'queued', ...requester })
          .onConflict((oc) => oc.column('cache_key').doNothing())
          .returningAll()
          .executeTakeFirst(),
  );
  if (queued.kind === 'queued') {
    // Committed: a free worker takes it now rather than at its next poll.
    deps.jobs.wake('clips.make');
    return { clip: queued.clip, made: false };
  }
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
  return { clip: now, made: false };
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

async function fileOf(storage: MediaStorage, clip: Clip): Promise<boolean> {
  return clip.file_path !== null && (await storage.stat(clip.file_path)) !== null;
}

export async function getClip(db: Db, id: string): Promise<Clip | null> {
  return (await db.selectFrom('clips').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}
