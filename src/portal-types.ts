/** What `startPortal` takes and the handle it returns (the composition root is src/portal.ts). */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './platform/db/database.ts';
import type { JobQueue } from './platform/jobs/queue.ts';
import type { MediaStorage } from './platform/storage/index.ts';

export interface PortalOptions {
  config: Config;
  web: boolean;
  worker: boolean;
  logger?: Logger;
  /** Where demo masters are kept; defaults to $DATA_DIR/media/demo. Tests share one cache. */
  demoMasterDir?: string;
  /** The time as the portal sees it (code and session expiry); tests inject one. */
  clock?: () => Date;
}

export interface Portal {
  url: string | null;
  /** The public server's routes, as src/route-access.ts names them (empty without the web role). */
  routes: string[];
  app: FastifyInstance | null;
  database: DatabaseHandle;
  jobs: JobQueue;
  mediaDir: string;
  /** The media storage port over `mediaDir` (local disk). */
  storage: MediaStorage;
  logger: Logger;
  /** Seeds demo content and queues its jobs; returns the demo video ids. */
  seedDemo(): Promise<string[]>;
  /** Rebuilds the search index from the catalogue and media (`portal search reindex`). */
  reindexSearch(): Promise<{ documents: number }>;
  /** Queues the ingest of a master on this machine; returns the new video's id. */
  ingest(input: { path: string; title?: string; story?: string }): Promise<{ id: string; status: string }>;
  stop(): Promise<void>;
}
