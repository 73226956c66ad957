import type { ColumnType, Generated, Selectable } from 'kysely';
import type { MediaInfo } from './types.ts';

export type VideoStatus = 'processing' | 'ready' | 'failed';

export interface VideosTable {
  id: string;
  title_fr: string;
  title_en: string;
  status: VideoStatus;
  /** 0..1 */
  progress: Generated<number>;
  error: string | null;
  /** Where the demo generator or ingest finds the source before it is stored (null once stored). */
  source_path: string | null;
  master_sha256: string | null;
  /** Path of the stored master relative to the media directory. */
  master_path: string | null;
  master_size: ColumnType<string | null, string | number | null, string | number | null>;
  /** Poster JPEG path relative to the media directory. */
  poster_path: string | null;
  fps_num: number | null;
  fps_den: number | null;
  duration_frames: number | null;
  start_timecode: string | null;
  /** MediaInfo from the counted probe of the stored master. */
  info: ColumnType<MediaInfo | null, string | null, string | null>;
  /** none: nothing playable yet; partial: first segments playable while encoding; complete. */
  preview_state: Generated<PreviewState>;
  /** File name the master arrived with (for the back office and download names). */
  source_name: string | null;
  /** The ingest step running or failed: store, probe, index, preview. */
  stage: string | null;
  /** Typed refusal code (not_media, truncated, no_video, unreadable) when ingest refused the file. */
  error_code: string | null;
  /** Shots of the video: half-open frame ranges with a description in each language. */
  shotlist: ColumnType<Shot[], string | undefined, string>;
  /** Descriptions (1300); '' for a language not written, as for titles (one title at least). */
  description_fr: Generated<string>;
  description_en: Generated<string>;
  /** Bumped by every metadata or shotlist save; clients send it back as If-Match (1300). */
  revision: Generated<number>;
  /** The frame an editor chose for the poster (1651); null: the ingest's choice. */
  poster_frame: Generated<number | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface Shot {
  inFrame: number;
  outFrame: number;
  fr: string;
  en: string;
}

export type PreviewState = 'none' | 'partial' | 'complete';

export interface MediaTables {
  videos: VideosTable;
}

export type Video = Selectable<VideosTable>;

declare module '../platform/db/schema.ts' {
  interface Database extends MediaTables {}
}
