import type { ColumnType, Generated } from 'kysely';

/**
 * The downloads tables as Kysely sees them (src/platform/db/migrations/0300_downloads.ts,
 * 0500_clip_downloads.ts, 0700_embargo_kind.ts).
 */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type BigInt = ColumnType<string, string | number, string | number>;

export type DerivedRendition = 'web' | 'audio';
export type EmbargoKind = 'hidden' | 'available';
export type RenditionName = 'master' | DerivedRendition;
export type RenditionStatus = 'queued' | 'running' | 'ready' | 'failed';
/** What the history records: a whole rendition, or a clip file in the clip's profile. */
export type ClipRendition = 'clip-broadcast' | 'clip-web';
export type HistoryRendition = RenditionName | ClipRendition;

export interface VideoUsageTable {
  video_id: string;
  credit: Generated<string>;
  usage_terms_fr: Generated<string>;
  usage_terms_en: Generated<string>;
  restrictions_fr: Generated<string>;
  restrictions_en: Generated<string>;
  embargo_until: Timestamp | null;
  /** What the embargo hides (0700): `available` lists the video, `hidden` hides it from all but staff. */
  embargo_kind: Generated<EmbargoKind>;
  updated_at: Generated<Date>;
}

export interface VideoRenditionsTable {
  video_id: string;
  name: DerivedRendition;
  status: RenditionStatus;
  progress: Generated<number>;
  path: string | null;
  size: ColumnType<string | null, string | number | null, string | number | null>;
  sha256: string | null;
  master_sha256: string | null;
  error: string | null;
  updated_at: Generated<Date>;
}

export interface DownloadsTable {
  id: Generated<string>;
  user_id: string | null;
  /** The video downloaded, or null for a part of an audio item (2050: exactly one of the two). */
  video_id: string | null;
  audio_id: ColumnType<string | null, string | null | undefined, string | null>;
  rendition: HistoryRendition;
  bytes: ColumnType<string, string | number | undefined, string | number>;
  file_size: BigInt;
  range: string | null;
  /** A clip's range in the master's timecode (0500): first frame included, first frame not included. */
  clip_in: ColumnType<string | null, string | null | undefined, string | null>;
  clip_out: ColumnType<string | null, string | null | undefined, string | null>;
  at: Generated<Date>;
  last_at: Generated<Date>;
}

export interface DownloadsTables {
  video_usage: VideoUsageTable;
  video_renditions: VideoRenditionsTable;
  downloads: DownloadsTable;
}

declare module '../platform/db/schema.ts' {
  interface Database extends DownloadsTables {}
}
