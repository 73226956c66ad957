/**
 * Asking for an ingest: check the file, create the video (linked to a story when asked) and queue its
 * durable ingest job, in one transaction so a failure leaves no video without a job.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MediaTables } from './tables.ts';

export interface IngestRequest {
  sourcePath: string;
  title?: string;
  /** The language the title is written in: the other language gets none (its pages say so). */
  titleLanguage?: 'fr' | 'en';
  storySlug?: string;
}

/**
 * Stories are the catalogue's: it links a video to one (given by the composition root, since the
 * catalogue imports media). Both take the ingest's transaction.
 */
export interface StoryLinks {
  storyIdOfSlug(db: AnyDb, slug: string): Promise<number | null>;
  appendStoryVideo(db: AnyDb, storyId: number, videoId: string): Promise<void>;
}

export type IngestRequestErrorCode = 'file_not_found' | 'not_a_file' | 'empty_file' | 'story_not_found';

export class IngestRequestError extends Error {
  constructor(
    readonly code: IngestRequestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IngestRequestError';
  }
}

export async function requestIngest(
  deps: { db: AnyDb; jobs: JobQueue; stories: StoryLinks },
  request: IngestRequest,
): Promise<{ id: string; status: 'processing' }> {
  const sourcePath = resolve(request.sourcePath);
  const info = await stat(sourcePath).catch(() => null);
  if (!info) throw new IngestRequestError('file_not_found', `no such file: ${sourcePath}`);
  if (!info.isFile()) throw new IngestRequestError('not_a_file', `not a regular file: ${sourcePath}`);
  if (info.size === 0) throw new IngestRequestError('empty_file', `the file is empty: ${sourcePath}`);
  const title = request.title?.trim() || basename(sourcePath).replace(/\.[^.]+$/, '');
  const id = randomUUID();
  await featureDb<MediaTables>(deps.db)
    .transaction()
    .execute(async (trx) => {
      let storyId: number | null = null;
      if (request.storySlug) {
        storyId = await deps.stories.storyIdOfSlug(trx, request.storySlug);
        if (storyId === null)
          throw new IngestRequestError('story_not_found', `no story with the slug "${request.storySlug}"`);
      }
      await trx
        .insertInto('videos')
        .values({
          id,
          title_fr: request.titleLanguage === 'en' ? '' : title,
          title_en: request.titleLanguage === 'fr' ? '' : title,
          status: 'processing',
          source_name: basename(sourcePath),
        })
        .execute();
      if (storyId !== null) await deps.stories.appendStoryVideo(trx, storyId, id);
    });
  await deps.jobs.send('media.ingest', { videoId: id, sourcePath }, { singletonKey: id });
  return { id, status: 'processing' };
}
