/**
 * The back office assembled: resumable uploads of masters (tus) handed to ingest, the videos list
 * with failure reasons and retry, the "Back office" header link for editors and admins, and the
 * sweep of uploads that are no longer needed. The composition root creates one.
 */
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { WebAuth } from '../accounts/public.ts';
import type { IngestRequest } from '../media/public.ts';
import { type AnyDb, tablelessDb } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { backofficeAccess } from './access.ts';
import { uploadsApi } from './routes-api.ts';
import { backofficePages } from './routes-pages.ts';
import { type BackofficeStories, createUploads } from './uploads.ts';
import './messages.ts';

export interface BackofficeOptions {
  /** Handed to the media feature's functions (the back office has no table of its own). */
  db: AnyDb;
  jobs: JobQueue;
  dataDir: string;
  storage: MediaStorage;
  /** Media's ingest request (linked to stories by the composition root). */
  requestIngest: (request: IngestRequest) => Promise<{ id: string }>;
  /** The catalogue's stories, as the upload form and the hand-over need them. */
  stories: BackofficeStories;
  publicUrl: string;
  /** The accounts feature's CSRF and origin checks (same secret, so tokens match its forms). */
  web: WebAuth;
  /** Largest master accepted (bytes). */
  maxUploadBytes: number;
  logger: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** How often finished and expired uploads are swept; 0 disables the timer. */
  sweepEveryMs?: number;
  /** The audit log's `record` (uploads and retries are recorded); its type is audit's AuditRecord. */
  record?: BackofficeRecord;
}

/** Structurally the audit feature's `record` (the back office may not import audit: audit uses it). */
export type BackofficeRecord = (entry: {
  actor: { id: string | null; name: string };
  action: string;
  target: { kind: string; id: string | number; label?: string };
}) => Promise<void>;

export const DEFAULT_MAX_UPLOAD_BYTES = 200 * 1000 ** 3;
const SWEEP_EVERY_MS = 10 * 60 * 1000;

export function createBackoffice(options: BackofficeOptions) {
  // The back office owns no table: its handle names none (the owners' read functions take it).
  const db = tablelessDb(options.db);
  const uploads = createUploads({
    db,
    requestIngest: options.requestIngest,
    stories: options.stories,
    directory: join(options.dataDir, 'uploads'),
    path: '/api/v1/uploads',
    maxBytes: options.maxUploadBytes,
    allowedOrigins: [new URL(options.publicUrl).origin],
    log: options.logger,
    onIngested: async (event) => {
      await options.record?.({
        actor: { id: event.userId || null, name: event.actorName || event.userId },
        action: 'video.upload',
        target: { kind: 'video', id: event.videoId, label: event.filename },
      });
    },
  });
  const sweep = async () => {
    try {
      return await uploads.sweep();
    } catch (error) {
      options.logger.error({ err: error }, 'sweeping uploads failed');
      return 0;
    }
  };

  /** App-wide: marks pages of editors and admins so the header shows the back office link. */
  const globalPlugin: FastifyPluginAsync = async (app) => {
    app.addHook('onRequest', async (request) => {
      const access = backofficeAccess(request.auth);
      if (access.kind === 'ok')
        request.pageExtras = { ...request.pageExtras, backOffice: true, admin: access.admin };
    });
  };

  const api: FastifyPluginAsync = async (app) => {
    await app.register(uploadsApi({ uploads, web: options.web }));
    const every = options.sweepEveryMs ?? SWEEP_EVERY_MS;
    if (every > 0) {
      let timer: NodeJS.Timeout | null = null;
      app.addHook('onReady', async () => {
        void sweep();
        timer = setInterval(() => void sweep(), every);
        timer.unref();
      });
      app.addHook('onClose', async () => {
        if (timer) clearInterval(timer);
      });
    }
  };

  return {
    globalPlugin,
    api,
    pages: backofficePages({
      db,
      jobs: options.jobs,
      storage: options.storage,
      stories: options.stories,
      web: options.web,
      maxUploadBytes: options.maxUploadBytes,
      record: options.record,
    }),
    uploads,
    sweep,
  };
}

export type Backoffice = ReturnType<typeof createBackoffice>;
