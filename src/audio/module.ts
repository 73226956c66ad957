/**
 * The audio feature assembled: the service, the JSON API, the back-office page and the derivatives
 * worker. The composition root creates one and hands it the media storage port, the catalogue's
 * "published stories showing an audio item" (deletion refusal, public files) and the downloads
 * feature's stored-file sender (Range, ETag, nginx offload).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { WebAuth } from '../accounts/public.ts';
import type { StoredFileSender } from '../downloads/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { audioClipAccess, audioForVideoApi } from './clip-source.ts';
import { seedDemoAudio } from './demo.ts';
import { derivativesHandler } from './derivatives-job.ts';
import './messages.ts';
import type { MultipartLimits } from './multipart.ts';
import { audioApi } from './routes-api.ts';
import { audioPages } from './routes-pages.ts';
import { createAudioService, type StoryUsingAudio } from './service.ts';
import { sweepIncoming } from './store.ts';

export interface AudioOptions {
  db: AnyDb;
  jobs: JobQueue;
  storage: MediaStorage;
  sendFile: StoredFileSender;
  publishedStoriesShowing(audioId: string): Promise<StoryUsingAudio[]>;
  /** Told after a title, description or credit changed (the composition root re-indexes it for search). */
  onTextsChanged?(audioId: string): Promise<void>;
  /** The files of an item's parts in the clip cache (the clips feature's), removed with the item. */
  partFilesOf?(audioId: string): Promise<string[]>;
  limits?: Partial<MultipartLimits>;
  log?: { error(obj: object, msg: string): void };
}

/** 2 GB a file (a 3-hour 24-bit 48 kHz stereo BWF is 3.1 GB: split longer recordings), 20 files. */
export const DEFAULT_AUDIO_LIMITS: MultipartLimits = { maxFileBytes: 2 * 1000 * 1000 * 1000, maxFiles: 20 };

export function createAudio(options: AudioOptions) {
  const audio = createAudioService(options);
  const limits = { ...DEFAULT_AUDIO_LIMITS, ...options.limits };
  return {
    audio,
    api: audioApi({ audio, storage: options.storage, sendFile: options.sendFile, limits, db: options.db }),
    /** Who may cut a part of an item, and its master's facts (the clips feature's `kind: "audio"`). */
    clipAccess: audioClipAccess(options.db, audio),
    /** An item as `GET /videos/{id}` answers it (`kind: "audio"`). */
    videoApiItem: audioForVideoApi(options.db, audio),
    pages: (web: WebAuth): FastifyPluginAsync => audioPages({ db: options.db, audio, web, limits }),
    /** The demo's sound, rendered into `cacheDir` once and uploaded through the service. */
    seedDemo: (cacheDir: string) => seedDemoAudio({ audio, storage: options.storage, cacheDir }),
    async startWorker() {
      // Uploads a killed process was receiving (a day old: a 2 GB upload on a slow line takes hours).
      await sweepIncoming(options.storage, 24 * 60 * 60 * 1000);
      await options.jobs.work('audio.derivatives', derivativesHandler(options));
    },
  };
}

export type Audio = ReturnType<typeof createAudio>;
