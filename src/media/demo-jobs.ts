/**
 * The demo-master job: render a demo master once (kept in the demo directory and reused by later
 * starts and by tests), then make its poster and mark the video ready.
 */
import { access, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { JobContext } from '../platform/jobs/queue.ts';
import { DEMO_START_TIMECODE, renderDemoMaster } from './demo-master.ts';
import { renderPoster } from './poster.ts';
import { markVideoFailed, markVideoReady, setVideoProgress, throttle } from './videos.ts';

export interface DemoMasterJob {
  videoId: string;
  variant: number;
  seconds: number;
}

export interface DemoJobDeps {
  db: Kysely<Database>;
  /** Where rendered demo masters are kept (reused across starts and tests). */
  demoMasterDir: string;
  mediaDir: string;
}

export const DEMO_FPS = { num: 50, den: 1 };

export function demoMasterPath(dir: string, variant: number, seconds: number): string {
  return join(dir, `demo-master-v${variant}-${seconds}s-1080p50.mp4`);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

export function demoMasterHandler(deps: DemoJobDeps) {
  const run = async (job: DemoMasterJob, context: JobContext): Promise<void> => {
    const masterPath = demoMasterPath(deps.demoMasterDir, job.variant, job.seconds);
    if (!(await exists(masterPath))) {
      await mkdir(dirname(masterPath), { recursive: true });
      const report = throttle((p) => setVideoProgress(deps.db, job.videoId, p * 0.9));
      await renderDemoMaster({
        outPath: masterPath,
        seconds: job.seconds,
        variant: job.variant,
        signal: context.signal,
        onProgress: report,
      });
    }
    const posterRelative = join('posters', `${job.videoId}.jpg`);
    await renderPoster(
      masterPath,
      join(deps.mediaDir, posterRelative),
      Math.min(2, job.seconds / 2),
      context.signal,
    );
    await markVideoReady(deps.db, job.videoId, {
      poster_path: posterRelative,
      fps_num: DEMO_FPS.num,
      fps_den: DEMO_FPS.den,
      duration_frames: job.seconds * DEMO_FPS.num,
      start_timecode: DEMO_START_TIMECODE,
      master_path: null,
      master_sha256: null,
      master_size: null,
    });
  };
  return async (job: DemoMasterJob, context: JobContext): Promise<void> => {
    try {
      await run(job, context);
    } catch (error) {
      if (context.isLastAttempt) await markVideoFailed(deps.db, job.videoId, (error as Error).message);
      throw error;
    }
  };
}
