/**
 * The back office's view of the videos table: every video with its pipeline state, and a retry that
 * queues the durable ingest job again for a failed video that was not refused (a refusal is about
 * the bytes: retrying cannot help).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { redactDetail } from '../media/public.ts';
import type { Database } from '../platform/db/schema.ts';
import type { JobQueue } from '../platform/jobs/queue.ts';

export const REFUSAL_CODES = ['not_media', 'truncated', 'no_video', 'unreadable'] as const;

export interface BackofficeVideo {
  id: string;
  title: string;
  status: 'processing' | 'ready' | 'failed';
  stage: string | null;
  progress: number;
  previewState: 'none' | 'partial' | 'complete';
  errorCode: string | null;
  /** The failure's technical detail without server paths or ids (the whole of it is in the log). */
  errorDetail: string | null;
  sourceName: string | null;
  createdAt: Date;
  /** Failed and not refused: the ingest may be queued again. */
  retriable: boolean;
}

export function isRefused(errorCode: string | null): boolean {
  return errorCode !== null && (REFUSAL_CODES as readonly string[]).includes(errorCode);
}

export async function listBackofficeVideos(
  db: Kysely<Database>,
  lang: 'fr' | 'en',
  limit = 500,
): Promise<BackofficeVideo[]> {
  const rows = await db
    .selectFrom('videos')
    .select([
      'id',
      'title_fr',
      'title_en',
      'status',
      'stage',
      'progress',
      'preview_state',
      'error',
      'error_code',
      'source_name',
      'created_at',
    ])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: (lang === 'fr' ? r.title_fr : r.title_en) || r.title_fr || r.title_en,
    status: r.status,
    stage: r.stage,
    progress: Number(r.progress),
    previewState: r.preview_state,
    errorCode: r.error_code,
    errorDetail: redactDetail(r.error),
    sourceName: r.source_name,
    createdAt: new Date(r.created_at),
    retriable: r.status === 'failed' && !isRefused(r.error_code),
  }));
}

export type RetryResult =
  | { kind: 'queued'; title: string }
  | { kind: 'not_found' }
  | { kind: 'not_retriable' }
  | { kind: 'no_source' };

const exists = async (path: string) => (await stat(path).catch(() => null))?.isFile() === true;

/** The payload of the last job of this kind for this video (pg-boss keeps finished jobs a while). */
async function lastJobData(
  db: Kysely<Database>,
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

export async function retryIngest(
  deps: { db: Kysely<Database>; jobs: JobQueue; mediaDir: string },
  videoId: string,
  lang: 'fr' | 'en',
): Promise<RetryResult> {
  const video = await deps.db
    .selectFrom('videos')
    .select(['id', 'title_fr', 'title_en', 'status', 'error_code', 'source_path', 'master_path'])
    .where('id', '=', videoId)
    .executeTakeFirst();
  if (!video) return { kind: 'not_found' };
  if (video.status !== 'failed' || isRefused(video.error_code)) return { kind: 'not_retriable' };
  const lastIngest = await lastJobData(deps.db, 'media.ingest', videoId);
  const candidates = [
    video.source_path,
    video.master_path ? join(deps.mediaDir, video.master_path) : null,
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
  const updated = await deps.db
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
