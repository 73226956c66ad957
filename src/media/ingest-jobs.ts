/**
 * The ingest job: one durable pg-boss job per video that runs the media core's idempotent steps
 * (store → probe → keyframe index, with the preview alongside) and records each step's progress on
 * the video. A killed process retries the job; every step reuses what a previous try completed
 * (same content → same stored master; an existing index or complete preview is reused; partial
 * files live under temporary names), so a retry never serves a half file or duplicates the asset.
 */
import { sql } from 'kysely';
import type { AnyDb } from '../platform/db/schema.ts';
import type { JobContext } from '../platform/jobs/queue.ts';
import { type MediaStorage, previewDirKey } from '../platform/storage/index.ts';
import { mediaDb } from './db.ts';
import { redactDetail } from './failure-detail.ts';
import { type IngestStage, ingestMaster } from './ingest.ts';
import { isMediaError } from './probe-errors.ts';
import { markVideoFailed, throttle } from './videos.ts';

export interface IngestJob {
  videoId: string;
  /** Absolute path of the file to ingest (kept: the store copies it). */
  sourcePath: string;
}

export interface IngestJobDeps {
  /** The portal's database (narrowed to the media tables). */
  db: AnyDb;
  storage: MediaStorage;
  /** Where the whole technical detail of a failure goes (the video keeps a redacted one). */
  log?: { warn(obj: object, msg: string): void };
  /**
   * Called once the ingest has ended (ready, or refused), after the video row says so: the
   * composition root hands search's `reindexVideos` here. A failing listener is logged, never fails
   * the ingest.
   */
  onIngestEnded?: (videoId: string) => Promise<void> | void;
}

/** Where a video's preview lives, relative to the media directory (its storage key). */
export function previewRelativeDir(videoId: string): string {
  return previewDirKey(videoId);
}

/** Overall progress from a stage's own progress: the preview dominates the time. */
const STAGE_WEIGHTS: Record<IngestStage, [number, number]> = {
  store: [0, 0.05],
  probe: [0.05, 0.1],
  index: [0.1, 0.15],
  preview: [0.15, 1],
};

export function ingestHandler(deps: IngestJobDeps) {
  const ended = async (videoId: string) => {
    try {
      await deps.onIngestEnded?.(videoId);
    } catch (error) {
      deps.log?.warn({ videoId, err: error }, 'ingest-ended listener failed');
    }
  };
  return async (job: IngestJob, context: JobContext): Promise<void> => {
    const db = mediaDb(deps.db);
    let previewFraction = 0;
    let stage: IngestStage = 'store';
    const report = throttle(async () => {
      const [from, to] = STAGE_WEIGHTS.preview;
      await db
        .updateTable('videos')
        .set({
          progress: Math.min(0.99, from + (to - from) * previewFraction),
          stage,
          updated_at: sql`now()`,
        })
        .where('id', '=', job.videoId)
        .where('status', '=', 'processing')
        .execute();
    });
    await db
      .updateTable('videos')
      .set({ status: 'processing', error: null, error_code: null, stage: 'store', updated_at: sql`now()` })
      .where('id', '=', job.videoId)
      .execute();
    try {
      const result = await ingestMaster({
        sourcePath: job.sourcePath,
        storage: deps.storage,
        previewKey: previewRelativeDir(job.videoId),
        signal: context.signal,
        onStage: (name, fraction) => {
          if (name === 'preview') previewFraction = fraction;
          else if (fraction >= 1) stage = name;
          report(fraction >= 1 && name === 'preview' ? 1 : previewFraction);
        },
        onPreviewable: () => {
          void db
            .updateTable('videos')
            .set({ preview_state: 'partial', updated_at: sql`now()` })
            .where('id', '=', job.videoId)
            .where('preview_state', '=', 'none')
            .execute();
        },
      });
      const { info, stored } = result;
      await db
        .updateTable('videos')
        .set({
          status: 'ready',
          progress: 1,
          stage: null,
          error: null,
          preview_state: 'complete',
          poster_path: `${previewRelativeDir(job.videoId)}/poster.jpg`,
          master_sha256: stored.sha256,
          master_path: stored.relativePath,
          master_size: stored.size,
          info: JSON.stringify(info),
          fps_num: info.video.frameRate.num,
          fps_den: info.video.frameRate.den,
          duration_frames: info.durationFrames,
          start_timecode: info.startTimecode,
          updated_at: sql`now()`,
        })
        .where('id', '=', job.videoId)
        .execute();
      await ended(job.videoId);
    } catch (error) {
      if (isMediaError(error)) {
        // A refusal is final: retrying the same bytes cannot help.
        deps.log?.warn({ videoId: job.videoId, code: error.code, detail: error.detail }, 'ingest refused');
        await db
          .updateTable('videos')
          .set({
            status: 'failed',
            error: redactDetail(error.detail),
            error_code: error.code,
            updated_at: sql`now()`,
          })
          .where('id', '=', job.videoId)
          .execute();
        await ended(job.videoId);
        return;
      }
      deps.log?.warn({ videoId: job.videoId, stage, err: error }, 'ingest failed');
      if (context.isLastAttempt)
        await markVideoFailed(db, job.videoId, `${stage}: ${redactDetail((error as Error).message) ?? ''}`);
      throw error;
    }
  };
}
