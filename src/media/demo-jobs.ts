/**
 * The demo-master job: render a demo master once (kept in the demo directory and reused by later
 * starts and by tests), then ingest it like any other master.
 */
import { access, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AnyDb } from '../platform/db/schema.ts';
import type { JobContext } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { renderDemoMaster } from './demo-master.ts';
import { ingestHandler } from './ingest-jobs.ts';
import { markVideoFailed, setVideoProgress, throttle } from './videos.ts';

export interface DemoMasterJob {
  videoId: string;
  variant: number;
  seconds: number;
}

export interface DemoJobDeps {
  /** The portal's database (narrowed to the media tables). */
  db: AnyDb;
  /** Where rendered demo masters are kept (reused across starts and tests). */
  demoMasterDir: string;
  storage: MediaStorage;
}

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
  const ingest = ingestHandler(deps);
  const run = async (job: DemoMasterJob, context: JobContext): Promise<void> => {
    const masterPath = demoMasterPath(deps.demoMasterDir, job.variant, job.seconds);
    if (!(await exists(masterPath))) {
      await mkdir(dirname(masterPath), { recursive: true });
      const report = throttle((p) => setVideoProgress(deps.db, job.videoId, p * 0.15));
      await renderDemoMaster({
        outPath: masterPath,
        seconds: job.seconds,
        variant: job.variant,
        signal: context.signal,
        onProgress: report,
      });
    }
    // The demo master then goes through the same ingest pipeline as any master.
    await ingest({ videoId: job.videoId, sourcePath: masterPath }, context);
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
