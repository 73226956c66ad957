/**
 * The newsroom assembled (its public module): the story and topic services, the JSON API, the
 * back-office pages, and the worker that publishes scheduled stories. The composition root creates
 * one; the demo seeds its stories through `stories` and `topics` like an editor would.
 */
import type { FastifyPluginAsync } from 'fastify';
import './messages.ts';
import type { WebAuth } from '../accounts/public.ts';
import type { AuditRecord } from '../audit/public.ts';
import type { VideoAccessFn } from '../downloads/public.ts';
import { type AnyDb, tablelessDb } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { publishJobHandler } from './publish-job.ts';
import { newsroomApi } from './routes-api.ts';
import { newsroomPages } from './routes-pages.ts';
import { createStoryService, type StoryService } from './service.ts';
import { createTopicService } from './topics.ts';
import { videoApi } from './video-routes-api.ts';
import { videoPages } from './video-routes-pages.ts';
import { createVideoService } from './video-service.ts';
import './video-messages.ts';

export interface NewsroomOptions {
  /** The portal's database: the newsroom owns no table, it holds a handle that names none. */
  db: AnyDb;
  jobs: JobQueue;
  clock?: () => Date;
  defaultTimeZone: string;
  /** The one video access rule (the preview shows a story's videos as its readers will see them). */
  videoAccess: VideoAccessFn;
  /** Told after every write to a story (the search index follows publishing this way). */
  onStoryChanged?: (storyId: number) => Promise<void>;
  /** Told after every write to a video's metadata or shotlist, and after its deletion (search). */
  onVideoChanged?: (videoId: string) => Promise<void>;
  /** The media storage (deleting a video removes its files). */
  storage?: MediaStorage;
  /** The audit log's `record`: story and topic changes are recorded in their own transaction. */
  record?: AuditRecord;
}

export function createNewsroom(portalOptions: NewsroomOptions) {
  const options = { ...portalOptions, db: tablelessDb(portalOptions.db) };
  const stories = notifyingChanges(createStoryService(options), options.onStoryChanged);
  const topics = createTopicService(options.db, options.record);
  const videos = createVideoService(options);
  const storyApi = newsroomApi({ stories, topics }) as FastifyPluginAsync;
  return {
    stories,
    topics,
    videos,
    api: (async (app) => {
      await app.register(storyApi);
      await app.register(videoApi(options.db, videos));
    }) as FastifyPluginAsync,
    pages:
      (web: WebAuth): FastifyPluginAsync =>
      async (app) => {
        await app.register(
          newsroomPages({
            db: options.db,
            videoAccess: options.videoAccess,
            stories,
            topics,
            web,
            defaultTimeZone: options.defaultTimeZone,
          }),
        );
        await app.register(
          videoPages({
            db: options.db,
            videos,
            web,
            defaultTimeZone: options.defaultTimeZone,
            clock: options.clock,
          }),
        );
      },
    async startWorker() {
      await options.jobs.work(
        'newsroom.publish',
        publishJobHandler({ stories, jobs: options.jobs, clock: options.clock }),
      );
    },
  };
}

/**
 * The story service, telling `changed` (the search index) about every story a write touched: the
 * story in the result, or the story id the call named.
 */
function notifyingChanges(service: StoryService, changed?: (storyId: number) => Promise<void>): StoryService {
  if (!changed) return service;
  const wrapped = { ...service };
  const writes = [
    'create',
    'update',
    'publish',
    'unpublish',
    'publishScheduled',
    'remove',
    'restore',
  ] as const;
  for (const name of writes) {
    const call = service[name] as (...args: unknown[]) => Promise<unknown>;
    (wrapped as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      const result = await call(...args);
      const story = (result as { story?: { id?: unknown } } | null)?.story;
      const id = typeof story?.id === 'number' ? story.id : args.find((a) => typeof a === 'number');
      if (typeof id === 'number') await changed(id);
      return result;
    };
  }
  return wrapped;
}

export type Newsroom = ReturnType<typeof createNewsroom>;
export type { Actor } from './service.ts';
export type { StoryInput } from './story-input.ts';
