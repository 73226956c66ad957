/**
 * The media feature's read of the latest videos with where their processing stands (through
 * media/public.ts): the editors' dashboard (the newest, and the failed ones with their typed reason)
 * and the back office's list of videos.
 */
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { MediaTables, PreviewState, VideoStatus } from './tables.ts';

export interface RecentVideo {
  id: string;
  titleFr: string;
  titleEn: string;
  status: VideoStatus;
  stage: string | null;
  progress: number;
  previewState: PreviewState;
  /** The refusal code (not_media, truncated, no_video, unreadable) or null for another failure. */
  errorCode: string | null;
  /** The failure's technical detail as stored (redact it before showing it: redactDetail). */
  error: string | null;
  sourceName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The newest videos (by arrival), or only the failed ones (most recently failed first). */
export async function recentVideos(
  db: AnyDb,
  options: { limit: number; status?: VideoStatus },
): Promise<RecentVideo[]> {
  let query = featureDb<MediaTables>(db)
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
      'updated_at',
    ])
    .orderBy(options.status === 'failed' ? 'updated_at' : 'created_at', 'desc')
    .orderBy('id')
    .limit(options.limit);
  if (options.status) query = query.where('status', '=', options.status);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    titleFr: r.title_fr,
    titleEn: r.title_en,
    status: r.status,
    stage: r.stage,
    progress: Number(r.progress),
    previewState: r.preview_state,
    errorCode: r.error_code,
    error: r.error,
    sourceName: r.source_name,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  }));
}
