import type { ColumnType, Generated, Selectable } from 'kysely';

export type ClipStatus = 'queued' | 'running' | 'ready' | 'failed';

/** One clip file of the cache: shared by every request for the same master bytes, range and profile. */
export interface ClipsTable {
  id: string;
  cache_key: string;
  /** The video cut, or null for a part of an audio item (migration 2050: exactly one of the two). */
  video_id: string | null;
  /** The audio item cut (its master in its own format, clips/audio/), or null for a video's clip. */
  audio_id: ColumnType<string | null, string | null | undefined, string | null>;
  master_sha256: string;
  in_frame: number;
  out_frame: number;
  profile: 'broadcast' | 'web';
  status: ClipStatus;
  progress: Generated<number>;
  /** copy | smart | reencode, and why (shown with the clip). */
  method: string;
  reason: string;
  start_timecode: string;
  container: string;
  /** Relative to the media directory; set once the file is complete. */
  file_path: string | null;
  size: ColumnType<string | null, string | number | null, string | number | null>;
  error: string | null;
  created_at: Generated<Date>;
  /** Least recently used clips are evicted first when the cache exceeds its size cap. */
  last_access_at: Generated<Date>;
  /** The user whose request queued the current job (per-user cap, fair share); when it was queued. */
  requested_by: string | null;
  requested_at: Date | null;
  /** What the job did (verified, remade by the safe path), one note a line; null before it ran. */
  notes: ColumnType<string | null, string | null | undefined, string | null>;
  /** Why the clip failed, as a message key (clips.verify.*), shown in the reader's language. */
  error_code: ColumnType<string | null, string | null | undefined, string | null>;
  /** The master's audio stream indexes kept, comma-separated; null keeps them all. */
  audio_streams: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ClipsTables {
  clips: ClipsTable;
}

export type Clip = Selectable<ClipsTable>;

declare module '../platform/db/schema.ts' {
  interface Database extends ClipsTables {}
}
