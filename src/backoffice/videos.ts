/**
 * The back office's list of videos with their pipeline state (read through media/public.ts: the
 * videos table is media's), and media's retry of a failed ingest, re-exported for the pages.
 */
import { isRefused, latestVideos, redactDetail } from '../media/public.ts';
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
  const rows = await latestVideos(db, limit);
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
