/**
 * The newsroom assembled (its public module): the story and topic services, the JSON API, the
 * back-office pages, and the worker that publishes scheduled stories. The composition root creates
 * one; the demo seeds its stories through `stories` and `topics` like an editor would.
 */
import type { FastifyPluginAsync } from 'fastify';
import './messages.ts';
import type { Kysely } from 'kysely';
import type { WebAuth } from '../accounts/public.ts';
import type { Database } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import { publishJobHandler } from './publish-job.ts';
import { newsroomApi } from './routes-api.ts';
import { newsroomPages } from './routes-pages.ts';
import { createStoryService } from './service.ts';
import { createTopicService } from './topics.ts';

export interface NewsroomOptions {
  db: Kysely<Database>;
  jobs: JobQueue;
  clock?: () => Date;
  defaultTimeZone: string;
}

export function createNewsroom(options: NewsroomOptions) {
  const stories = createStoryService(options);
  const topics = createTopicService(options.db);
  return {
    stories,
    topics,
    api: newsroomApi({ stories, topics }) as FastifyPluginAsync,
    pages: (web: WebAuth): FastifyPluginAsync =>
      newsroomPages({ db: options.db, stories, topics, web, defaultTimeZone: options.defaultTimeZone }),
    async startWorker() {
      await options.jobs.work(
        'newsroom.publish',
        publishJobHandler({ stories, jobs: options.jobs, clock: options.clock }),
      );
    },
  };
}

export type Newsroom = ReturnType<typeof createNewsroom>;
export type { Actor } from './service.ts';
export type { StoryInput } from './story-input.ts';
