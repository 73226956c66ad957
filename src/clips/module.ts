/**
 * The clips feature as the composition root sees it: API routes, pages and the clip worker, with the
 * worker's resident encoder and master cache (created here, closed by `stop()`).
 */
import type { FastifyRequest } from 'fastify';
import type { WebAuth } from '../accounts/public.ts';
import { type AudioClipAccess, audioClipMaster } from '../audio/public.ts';
import type { DownloadAuthorisation, FileDelivery } from '../downloads/public.ts';
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import { createResidentEncoder } from '../platform/ffmpeg/resident-encoder.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { basketClip } from './basket-clips.ts';
import { removeClipLeftovers } from './engine.ts';
import { createMasterCache } from './execute/master-cache.ts';
import { CLIPS_DIR, clipHandler } from './jobs.ts';
import { clipPages } from './pages.ts';
import { clipRoutes } from './routes.ts';
import type { ClipsTables } from './tables.ts';
import './messages.ts';

export function createClips(options: {
  /** The portal's database: the feature sees only its own tables through it. */
  db: AnyDb;
  jobs: JobQueue;
  storage: MediaStorage;
  clock?: () => Date;
  cacheBytes: number;
  /** Only one process uses an embedded database: leftovers of killed jobs can be removed at start. */
  embedded: boolean;
  /** Clip files are sent and recorded in the history by the downloads feature. */
  deliverFile: FileDelivery;
  /** The downloads feature's rule: may this request download (and so cut) this video? */
  authoriseDownload: DownloadAuthorisation;
  /** Clips one user may have queued or being made at once. */
  queuePerUser: number;
  /** Whether clip edges may be re-encoded by the resident encoder (RESIDENT_ENCODER; default on, when built). */
  residentEncoder?: boolean;
  /** The audio feature's rule and facts for parts of audio items (`kind: "audio"`). */
  audioClipAccess: AudioClipAccess;
}) {
  const residentEncoder = createResidentEncoder({ enabled: options.residentEncoder ?? true });
  const masterCache = createMasterCache();
  const deps = {
    ...options,
    db: featureDb<ClipsTables>(options.db),
    clock: options.clock ?? (() => new Date()),
    residentEncoder,
    masterCache,
    audioMaster: (id: string) => audioClipMaster(options.db, id),
  };
  return {
    /** Routes need the accounts feature's form tokens and origin checks. */
    routes: (web: WebAuth) => ({ api: clipRoutes({ ...deps, web }), pages: clipPages({ ...deps, web }) }),
    /** A clip for the selection basket: asked for (queued when not made), then its file. */
    basketClip: (request: FastifyRequest, input: Parameters<typeof basketClip>[2]) =>
      basketClip(deps, request, input),
    async startWorker() {
      if (options.embedded) await removeClipLeftovers(options.storage.path(CLIPS_DIR));
      // Clip edges are re-encoded by the resident encoder: its libraries are loaded before the first clip.
      residentEncoder?.start();
      await options.jobs.work('clips.make', clipHandler(deps));
    },
    /** Ends the resident encoder's process (after the job queue has stopped). */
    async stop() {
      await residentEncoder?.close();
    },
  };
}
