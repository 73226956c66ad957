/**
 * Asking for an ingest: check the file, create the video (linked to a story when asked) and queue its
 * durable ingest job, in one transaction so a failure leaves no video without a job.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';

export interface IngestRequest {
  sourcePath: string;
  title?: string;
  /** The language the title is written in: the other language gets none (its pages say so). */
  titleLanguage?: 'fr' | 'en';
  storySlug?: string;
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
  deps: { db: Kysely<Database>; jobs: JobQueue },
  request: IngestRequest,
): Promise<{ id: string; status: 'processing' }> {
  const sourcePath = resolve(request.sourcePath);
  const info = await stat(sourcePath).catch(() => null);
  if (!info) throw new IngestRequestError('file_not_found', `no such file: ${sourcePath}`);
  if (!info.isFile()) throw new IngestRequestError('not_a_file', `not a regular file: ${sourcePath}`);
  if (info.size === 0) throw new IngestRequestError('empty_file', `the file is empty: ${sourcePath}`);
  const title = request.title?.trim() || basename(sourcePath).replace(/\.[^.]+$/, '');
  const id = randomUUID();
  await deps.db.transaction().execute(async (trx) => {
    let storyId: number | null = null;
    if (request.storySlug) {
      const story = await trx
        .selectFrom('stories')
        .select('id')
        .where('slug', '=', request.storySlug)
        .executeTakeFirst();
      if (!story)
        throw new IngestRequestError('story_not_found', `no story with the slug "${request.storySlug}"`);
      storyId = story.id;
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
    if (storyId !== null) {
      const last = await trx
        .selectFrom('story_videos')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('story_id', '=', storyId)
        .executeTakeFirst();
      await trx
        .insertInto('story_videos')
        .values({ story_id: storyId, video_id: id, position: Number(last?.max ?? -1) + 1 })
        .execute();
    }
  });
  await deps.jobs.send('media.ingest', { videoId: id, sourcePath }, { singletonKey: id });
  return { id, status: 'processing' };
}
