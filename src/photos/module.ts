/**
 * The photos feature assembled: the service, the JSON API, the back-office pages and the renditions
 * worker. The composition root creates one and hands it the catalogue's "published stories showing a
 * photo" (deletion refusal, public files).
 */

import type { FastifyPluginAsync } from 'fastify';
import type { WebAuth } from '../accounts/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import './messages.ts';
import { photosDb } from './db.ts';
import { seedDemoPhotos } from './demo.ts';
import type { MultipartLimits } from './multipart.ts';
import { renditionsHandler } from './renditions-job.ts';
import { photosApi } from './routes-api.ts';
import { photosPages } from './routes-pages.ts';
import { createPhotoService, type StoryUsingPhoto } from './service.ts';
import { sweepIncoming } from './store.ts';

export interface PhotosOptions {
  /** The portal's database (narrowed here to the photos table). */
  db: AnyDb;
  jobs: JobQueue;
  /** The media storage port: originals, renditions and uploads being received. */
  storage: MediaStorage;
  publishedStoriesShowing(photoId: string): Promise<StoryUsingPhoto[]>;
  /** Told after a caption or credit changed (the composition root re-indexes the photo for search). */
  onTextsChanged?(photoId: string): Promise<void>;
  limits?: Partial<MultipartLimits>;
  log?: { error(obj: object, msg: string): void };
}

export const DEFAULT_PHOTO_LIMITS: MultipartLimits = { maxBytes: 200 * 1000 * 1000, maxFiles: 50 };

export function createPhotos(portalOptions: PhotosOptions) {
  const options = { ...portalOptions, db: photosDb(portalOptions.db) };
  const photos = createPhotoService(options);
  const limits = { ...DEFAULT_PHOTO_LIMITS, ...options.limits };
  return {
    photos,
    api: photosApi({ photos, storage: options.storage, limits, db: options.db }) as FastifyPluginAsync,
    pages: (web: WebAuth): FastifyPluginAsync => photosPages({ db: options.db, photos, web, limits }),
    /** The demo's gallery, drawn into `cacheDir` once and uploaded through the service. */
    seedDemo: (cacheDir: string) => seedDemoPhotos({ photos, storage: options.storage, cacheDir }),
    async startWorker() {
      // Uploads a killed process was receiving (an hour old: no request takes that long).
      await sweepIncoming(options.storage, 60 * 60 * 1000);
      await options.jobs.work('photos.renditions', renditionsHandler(options));
    },
  };
}

export type Photos = ReturnType<typeof createPhotos>;
