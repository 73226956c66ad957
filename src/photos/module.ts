/**
 * The photos feature assembled: the service, the JSON API, the back-office pages and the renditions
 * worker. The composition root creates one and hands it the catalogue's "published stories showing a
 * photo" (deletion refusal, public files).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { WebAuth } from '../accounts/public.ts';
import type { Database } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import './messages.ts';
import type { MultipartLimits } from './multipart.ts';
import { renditionsHandler } from './renditions-job.ts';
import { photosApi } from './routes-api.ts';
import { photosPages } from './routes-pages.ts';
import { createPhotoService, type StoryUsingPhoto } from './service.ts';
import { sweepIncoming } from './store.ts';

export interface PhotosOptions {
  db: Kysely<Database>;
  jobs: JobQueue;
  mediaDir: string;
  publishedStoriesShowing(photoId: string): Promise<StoryUsingPhoto[]>;
  limits?: Partial<MultipartLimits>;
  log?: { error(obj: object, msg: string): void };
}

export const DEFAULT_PHOTO_LIMITS: MultipartLimits = { maxBytes: 200 * 1000 * 1000, maxFiles: 50 };

export function createPhotos(options: PhotosOptions) {
  const photos = createPhotoService(options);
  const limits = { ...DEFAULT_PHOTO_LIMITS, ...options.limits };
  return {
    photos,
    api: photosApi({ photos, mediaDir: options.mediaDir, limits, db: options.db }) as FastifyPluginAsync,
    pages: (web: WebAuth): FastifyPluginAsync =>
      photosPages({ db: options.db, photos, web, mediaDir: options.mediaDir, limits }),
    async startWorker() {
      // Uploads a killed process was receiving (an hour old: no request takes that long).
      await sweepIncoming(options.mediaDir, 60 * 60 * 1000);
      await options.jobs.work('photos.renditions', renditionsHandler(options));
    },
  };
}

export type Photos = ReturnType<typeof createPhotos>;
