/** The audio feature's table (declaration merging of the platform's `Database`). */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { AudioFormat } from './formats.ts';

export type AudioStatus = 'processing' | 'ready' | 'failed';

/** A file the derivatives job made from the original. */
export interface StoredDerivative {
  name: 'preview' | 'waveform';
  size: number;
  /** Relative to the media directory. */
  path: string;
}

export interface AudioTable {
  id: string;
  status: Generated<AudioStatus>;
  error: string | null;
  original_sha256: string;
  /** The original, untouched, relative to the media directory (content-addressed). */
  original_path: string;
  original_name: string;
  format: AudioFormat;
  codec: string;
  size: ColumnType<string, string | number, string | number>;
  sample_rate: number;
  channels: number;
  duration_ms: number;
  title_fr: Generated<string>;
  title_en: Generated<string>;
  description_fr: Generated<string>;
  description_en: Generated<string>;
  credit: Generated<string>;
  derivatives: ColumnType<StoredDerivative[], string | undefined, string>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AudioTables {
  audio: AudioTable;
}

export type AudioRow = Selectable<AudioTable>;

declare module '../platform/db/schema.ts' {
  interface Database extends AudioTables {}
}
