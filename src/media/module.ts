/**
 * The media feature assembled: ingest requests (a video linked to a story through the catalogue's
 * functions, handed in by the composition root), the ingest and demo-master workers, the preview
 * files route, and the reads the portal's operator commands use. The composition root creates one.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AnyDb } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { demoMasterHandler } from './demo-jobs.ts';
import { ingestHandler } from './ingest-jobs.ts';
import { type IngestRequest, requestIngest, type StoryLinks } from './ingest-service.ts';
import { videosNotReady } from './reads.ts';
import { mediaFiles, type PreviewAccess } from './routes-files.ts';
import { ingestState } from './videos.ts';

export interface MediaOptions {
  /** The portal's database: the feature's SQL sees only its own tables (db.ts). */
  db: AnyDb;
  jobs: JobQueue;
  storage: MediaStorage;
  /** Where rendered demo masters are kept (reused across starts and tests). */
  demoMasterDir: string;
  /** The catalogue's story links (an ingest may file its video under a story). */
  stories: StoryLinks;
  log: { warn(obj: object, msg: string): void };
  /** Told when an ingest ends, ready or refused (the search index follows uploads this way). */
  onIngestEnded?: (videoId: string) => Promise<void>;
}

export function createMedia(options: MediaOptions) {
  const { db, jobs, storage } = options;
  return {
    /** Checks the file, creates the video (linked to a story when asked) and queues its ingest. */
    requestIngest: (request: IngestRequest) => requestIngest({ db, jobs, stories: options.stories }, request),
    /** A video's ingest state in one language (the operator's `portal ingest` waits on it). */
    videoStatus: (id: string, lang: 'fr' | 'en' = 'en') => ingestState(db, id, lang),
    /** Queues the render of the demo masters of the videos not ready yet (once per video). */
    async queueDemoMasters(videos: readonly { videoId: string; variant: number; seconds: number }[]) {
      const pending = await videosNotReady(
        db,
        videos.map((v) => v.videoId),
      );
      for (const video of videos.filter((v) => pending.has(v.videoId)))
        await jobs.send('media.demo-master', video, { singletonKey: video.videoId });
    },
    /** The preview files route; who may watch is the downloads feature's rule. */
    files: (previewAccess: PreviewAccess): FastifyPluginAsync => mediaFiles(storage, previewAccess),
    async startWorker() {
      await jobs.work(
        'media.demo-master',
        demoMasterHandler({ db, storage, demoMasterDir: options.demoMasterDir }),
      );
      await jobs.work(
        'media.ingest',
        ingestHandler({ db, storage, log: options.log, onIngestEnded: options.onIngestEnded }),
      );
    },
  };
}

export type Media = ReturnType<typeof createMedia>;
