/**
 * The clip job: plan again from the stored index (instant), execute from the master into the clip
 * cache (temporary name, renamed when complete), verify the file against the plan and the master
 * (verify/make.ts: remade by the safe path when it fails, failed with a translated reason when that
 * fails too), then evict the least recently used clips beyond the cache's size cap. A killed job
 * leaves only temporaries, never a file marked ready; a wrong file is never marked ready.
 */
import { stat } from 'node:fs/promises';
import { type Kysely, sql } from 'kysely';
import type { AudioClipMaster } from '../audio/public.ts';
import { throttle } from '../media/public.ts';
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { ResidentEncoder } from '../platform/ffmpeg/resident-encoder.ts';
import type { JobContext } from '../platform/jobs/queue.ts';
import { clipKey, type MediaStorage } from '../platform/storage/index.ts';
import { makeAudioPart } from './audio/job.ts';
import { parseAudioColumn } from './audio-choice.ts';
import { clipExtension } from './engine.ts';
import type { MasterCache } from './execute/master-cache.ts';
import { verificationFailureCode } from './failure.ts';
import { ClipRequestError, loadMaster, planFor } from './service.ts';
import type { Clip, ClipsTables } from './tables.ts';
import { type ClipMakeHooks, ClipVerificationError, makeVerifiedClip } from './verify/make.ts';

export interface ClipJob {
  clipId: string;
}

export interface ClipJobDeps {
  db: Kysely<ClipsTables>;
  storage: MediaStorage;
  /** The clip cache's size cap in bytes. */
  cacheBytes: number;
  /** The worker's resident encoder for clip edges; null: ffmpeg processes. */
  residentEncoder?: ResidentEncoder | null;
  /** Facts of masters kept for the worker's next clips. */
  masterCache?: MasterCache;
  /** Test hooks (a deliberately corrupted output); none in production. */
  hooks?: ClipMakeHooks;
  /** An audio item's master facts (the audio feature's), for parts of audio items. */
  audioMaster: (id: string) => Promise<AudioClipMaster | null>;
}

export const CLIPS_DIR = 'clips';

/** Deletes the least recently used ready clips until the cache fits under its cap. */
export async function evictClips(
  portalDb: AnyDb,
  storage: MediaStorage,
  cacheBytes: number,
): Promise<string[]> {
  const db = featureDb<ClipsTables>(portalDb);
  const ready = await db
    .selectFrom('clips')
    .select(['id', 'file_path', 'size'])
    .where('status', '=', 'ready')
    .orderBy('last_access_at', 'desc')
    .execute();
  let total = 0;
  const evicted: string[] = [];
  for (const [rank, clip] of ready.entries()) {
    total += Number(clip.size ?? 0);
    // The most recently used clip always stays, even when it alone exceeds the cap.
    if (total <= cacheBytes || rank === 0) continue;
    const gone = await db
      .deleteFrom('clips')
      .where('id', '=', clip.id)
      .where('status', '=', 'ready')
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) > 0 && clip.file_path) await storage.remove(clip.file_path);
    evicted.push(clip.id);
  }
  return evicted;
}

/** A video's clip: planned again from the stored index, made by the smart cut and verified. */
async function makeVideoClip(
  deps: ClipJobDeps,
  clip: Clip,
  signal: AbortSignal,
  report: (fraction: number) => void,
): Promise<{ relative: string; method: string; reason: string; notes: string[] }> {
  const { db, storage } = deps;
  if (!clip.video_id) throw new ClipRequestError(404, 'video_not_found', `clip ${clip.id} has no video`);
  const master = await loadMaster(db, storage, clip.video_id);
  const { plan, index } = await planFor(
    storage,
    master,
    { inFrame: clip.in_frame, outFrame: clip.out_frame },
    clip.profile,
    parseAudioColumn(clip.audio_streams),
  );
  const relative = clipKey(clip.cache_key, clipExtension(plan.container));
  const made = await makeVerifiedClip({
    masterPath: master.masterPath,
    media: master.info,
    plan,
    index,
    outputPath: storage.path(relative),
    signal,
    onProgress: (p) => report(p.fraction),
    residentEncoder: deps.residentEncoder,
    masterCache: deps.masterCache,
    hooks: deps.hooks,
  });
  return { relative, method: made.plan.method, reason: made.plan.reason, notes: made.notes };
}

export function clipHandler(deps: ClipJobDeps) {
  const { db, storage } = deps;
  return async (job: ClipJob, context: JobContext): Promise<void> => {
    const clip = await db.selectFrom('clips').selectAll().where('id', '=', job.clipId).executeTakeFirst();
    if (!clip || clip.status === 'ready') return;
    await db.updateTable('clips').set({ status: 'running', progress: 0 }).where('id', '=', clip.id).execute();
    const report = throttle(async (fraction) => {
      await db
        .updateTable('clips')
        .set({ progress: Math.min(0.99, fraction) })
        .where('id', '=', clip.id)
        .where('status', '=', 'running')
        .execute();
    }, 500);
    try {
      const made = clip.audio_id
        ? await makeAudioPart(deps, clip, context.signal)
        : await makeVideoClip(deps, clip, context.signal, report);
      const outputPath = storage.path(made.relative);
      const { size } = await stat(outputPath);
      await db
        .updateTable('clips')
        .set({
          status: 'ready',
          progress: 1,
          file_path: made.relative,
          size,
          error: null,
          error_code: null,
          method: made.method,
          reason: made.reason,
          notes: made.notes.join('\n'),
          last_access_at: sql`now()`,
        })
        .where('id', '=', clip.id)
        .execute();
      await evictClips(db, storage, deps.cacheBytes);
    } catch (error) {
      const message = (error as Error).message.slice(0, 2000);
      // A request that can no longer be served (video gone, range invalid) and a clip that failed
      // verification on the safe path too fail at once; anything else is retried, and recorded as
      // failed on the last attempt.
      const verification = error instanceof ClipVerificationError ? error : null;
      const final = error instanceof ClipRequestError || verification !== null || context.isLastAttempt;
      await db
        .updateTable('clips')
        .set(
          final
            ? {
                status: 'failed',
                error: message,
                error_code: verification
                  ? verificationFailureCode(
                      verification.failures[0]?.code ?? 'edge_frame',
                      verification.remade,
                    )
                  : null,
                notes: verification
                  ? verification.remade
                    ? 'verification failed; the safe path (a full re-encode of the range) failed it too'
                    : 'verification failed; no safe path for this codec'
                  : null,
              }
            : { status: 'queued' },
        )
        .where('id', '=', clip.id)
        .execute();
      if (error instanceof ClipRequestError || verification) return;
      throw error;
    }
  };
}
