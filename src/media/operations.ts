/**
 * What the back office does to videos, through media/public.ts: record where an uploaded master
 * waits, read the states that decide whether an upload is still needed, and queue a failed ingest
 * again (a refusal is about the bytes: retrying cannot help). The `videos` table stays the media
 * feature's; callers pass their own database handle, narrowed here to the media tables.
 */
import { stat } from 'node:fs/promises';
import { sql } from 'kysely';
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import type { MediaTables, Shot } from './tables.ts';

const media = (db: AnyDb) => featureDb<MediaTables>(db);

export const REFUSAL_CODES = ['not_media', 'truncated', 'no_video', 'unreadable'] as const;

export function isRefused(errorCode: string | null): boolean {
  return errorCode !== null && (REFUSAL_CODES as readonly string[]).includes(errorCode);
}

/** Records the uploaded file a video is ingested from (a failed ingest can be retried from it). */
export async function setUploadSource(
  db: AnyDb,
  videoId: string,
  sourcePath: string,
  sourceName: string | null,
): Promise<void> {
  await media(db)
    .updateTable('videos')
    .set({ source_path: sourcePath, source_name: sourceName, updated_at: sql`now()` })
    .where('id', '=', videoId)
    .execute();
}

/** Forgets the uploaded file of a video once it is removed (only if it is still that file). */
export async function clearUploadSource(db: AnyDb, videoId: string, sourcePath: string): Promise<void> {
  await media(db)
    .updateTable('videos')
    .set({ source_path: null })
    .where('id', '=', videoId)
    .where('source_path', '=', sourcePath)
    .execute();
}

/** Status and refusal code of the videos among `ids` that exist. */
export async function videoStates(
  db: AnyDb,
  ids: readonly string[],
): Promise<{ id: string; status: string; error_code: string | null }[]> {
  if (ids.length === 0) return [];
  return media(db)
    .selectFrom('videos')
    .select(['id', 'status', 'error_code'])
    .where('id', 'in', ids)
    .execute();
}

export type RetryResult =
  | { kind: 'queued'; title: string }
  | { kind: 'not_found' }
  | { kind: 'not_retriable' }
  | { kind: 'no_source' };

const exists = async (path: string) => (await stat(path).catch(() => null))?.isFile() === true;

/** The payload of the last job of this kind for this video (pg-boss keeps finished jobs a while). */
async function lastJobData(
  db: AnyDb,
  name: 'media.ingest' | 'media.demo-master',
  videoId: string,
): Promise<Record<string, unknown> | null> {
  for (const table of ['job', 'archive']) {
    try {
      const { rows } = await sql<{ data: Record<string, unknown> | string | null }>`
        SELECT data FROM ${sql.table(`pgboss.${table}`)}
        WHERE name = ${name} AND data->>'videoId' = ${videoId}
        ORDER BY created_on DESC LIMIT 1`.execute(db);
      const data = rows[0]?.data;
      if (data) return typeof data === 'string' ? (JSON.parse(data) as Record<string, unknown>) : data;
    } catch {
      // That pg-boss table may not exist in this version: try the next.
    }
  }
  return null;
}

/** Queues the ingest of a failed (not refused) video again, from the first source still on disk. */
export async function retryIngest(
  deps: { db: AnyDb; jobs: JobQueue; storage: MediaStorage },
  videoId: string,
  lang: 'fr' | 'en',
): Promise<RetryResult> {
  const db = media(deps.db);
  const video = await db
    .selectFrom('videos')
    .select(['id', 'title_fr', 'title_en', 'status', 'error_code', 'source_path', 'master_path'])
    .where('id', '=', videoId)
    .executeTakeFirst();
  if (!video) return { kind: 'not_found' };
  if (video.status !== 'failed' || isRefused(video.error_code)) return { kind: 'not_retriable' };
  const lastIngest = await lastJobData(deps.db, 'media.ingest', videoId);
  const candidates = [
    video.source_path,
    video.master_path ? deps.storage.path(video.master_path) : null,
    typeof lastIngest?.sourcePath === 'string' ? lastIngest.sourcePath : null,
  ];
  let sourcePath: string | null = null;
  for (const candidate of candidates) {
    if (candidate && (await exists(candidate))) {
      sourcePath = candidate;
      break;
    }
  }
  // A demo video that failed while its master was rendered: render it again.
  const demo = sourcePath ? null : await lastJobData(deps.db, 'media.demo-master', videoId);
  if (!sourcePath && !demo) return { kind: 'no_source' };
  const updated = await db
    .updateTable('videos')
    .set({ status: 'processing', progress: 0, error: null, error_code: null, updated_at: sql`now()` })
    .where('id', '=', videoId)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return { kind: 'not_retriable' };
  if (sourcePath) await deps.jobs.send('media.ingest', { videoId, sourcePath }, { singletonKey: videoId });
  else if (demo)
    await deps.jobs.send(
      'media.demo-master',
      { videoId, variant: Number(demo.variant), seconds: Number(demo.seconds) },
      { singletonKey: videoId },
    );
  return { kind: 'queued', title: (lang === 'fr' ? video.title_fr : video.title_en) || video.title_fr };
}

/** Creates a video awaiting its master unless one has this id (the demo's videos). */
export async function addVideoIfMissing(
  db: AnyDb,
  video: { id: string; titleFr: string; titleEn: string; shotlist: Shot[] },
): Promise<void> {
  await media(db)
    .insertInto('videos')
    .values({
      id: video.id,
      title_fr: video.titleFr,
      title_en: video.titleEn,
      status: 'processing',
      shotlist: JSON.stringify(video.shotlist),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
