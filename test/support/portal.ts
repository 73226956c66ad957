/** Starts a real portal (web + workers) on a free port for integration and end-to-end tests. */
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { type Portal, startPortal } from '../../src/portal.ts';
import { CACHE_DIR, type DbMode, freshDataDir } from './databases.ts';
import { StopWaiting, waitFor } from './time-scale.ts';

export interface TestPortal {
  portal: Portal;
  baseUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

export const DEMO_MASTER_CACHE = join(CACHE_DIR, 'demo-masters');

export async function startTestPortal(
  mode: DbMode,
  options: {
    env?: Record<string, string>;
    /** The demo content: false for none; 'short' for 4-s demo videos (pages and player, not durations). */
    demo?: boolean | 'short';
    clock?: () => Date;
  } = {},
): Promise<TestPortal> {
  const data = await freshDataDir(mode);
  const env: Record<string, string> = {
    PORT: '0',
    DATA_DIR: data.dataDir,
    DEMO: options.demo === false ? '0' : '1',
    // Six 20-s 1080p50 masters ingested in the background cost every test beside it minutes of CPU.
    ...(options.demo === 'short' ? { DEMO_SECONDS: '4' } : {}),
    ...(data.databaseUrl ? { DATABASE_URL: data.databaseUrl } : {}),
    ...options.env,
  };
  const config = loadConfig(env);
  const portal = await startPortal({
    config,
    web: true,
    worker: true,
    demoMasterDir: DEMO_MASTER_CACHE,
    clock: options.clock,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' }),
  });
  const baseUrl = portal.url ?? '';
  return {
    portal,
    baseUrl,
    dataDir: data.dataDir,
    async stop() {
      await portal.stop();
      await data.cleanup();
    },
  };
}

/**
 * Waits until `count` demo videos (in story order: the newest story's first) are ready. Masters are
 * rendered once into the shared cache and reused; ingest runs for real each time.
 */
export async function waitForDemoVideos(portal: Portal, count = 6, timeoutMs = 540_000): Promise<void> {
  await waitFor(
    async () => {
      const rows = await portal.database.db.selectFrom('videos').select(['id', 'status', 'error']).execute();
      const failed = rows.find((r) => r.status === 'failed');
      if (failed) throw new StopWaiting(`demo video ${failed.id} failed: ${failed.error}`);
      return rows.filter((r) => r.status === 'ready').length >= count;
    },
    timeoutMs,
    `${count} demo videos to be ready`,
    500,
  );
}
