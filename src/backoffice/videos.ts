/**
 * The back office's list of videos with their pipeline state (read through media/public.ts: the
 * videos table is media's), and media's retry of a failed ingest, re-exported for the pages.
 */
import { isRefused, recentVideos, redactDetail } from '../media/public.ts';
import type { TablelessDb } from '../platform/db/schema.ts';

export { isRefused, type RetryResult, retryIngest } from '../media/public.ts';

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

export async function listBackofficeVideos(
  db: TablelessDb,
  lang: 'fr' | 'en',
  limit = 500,
): Promise<BackofficeVideo[]> {
  const rows = await recentVideos(db, { limit });
  return rows.map((r) => ({
    id: r.id,
    title: (lang === 'fr' ? r.titleFr : r.titleEn) || r.titleFr || r.titleEn,
    status: r.status,
    stage: r.stage,
    progress: r.progress,
    previewState: r.previewState,
    errorCode: r.errorCode,
    errorDetail: redactDetail(r.error),
    sourceName: r.sourceName,
    createdAt: r.createdAt,
    retriable: r.status === 'failed' && !isRefused(r.errorCode),
  }));
}
