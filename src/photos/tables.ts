/** The photos feature's tables (declaration merging of the platform's `Database`). */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { ImageFormat } from './image-type.ts';

export type PhotoStatus = 'processing' | 'ready' | 'failed';

/** A web rendition made by the renditions job (JPEG, metadata stripped). */
export interface StoredRendition {
  name: 'large' | 'medium' | 'thumb';
  width: number;
  height: number;
  size: number;
  /** Relative to the media directory. */
  path: string;
}

export interface PhotosTable {
  id: string;
  status: Generated<PhotoStatus>;
  error: string | null;
  original_sha256: string;
  /** The original, untouched, relative to the media directory (content-addressed). */
  original_path: string;
  original_name: string;
  format: ImageFormat;
  size: ColumnType<string, string | number, string | number>;
  /** As displayed (EXIF orientation applied). */
  width: number;
  height: number;
  /** EXIF orientation of the original (1..8). */
  orientation: Generated<number>;
  taken_at: Date | null;
  caption_fr: Generated<string>;
  caption_en: Generated<string>;
  credit: Generated<string>;
  renditions: ColumnType<StoredRendition[], string | undefined, string>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PhotosTables {
  photos: PhotosTable;
}

export type PhotoRow = Selectable<PhotosTable>;

declare module '../platform/db/schema.ts' {
  interface Database extends PhotosTables {}
}
