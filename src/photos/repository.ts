/** The photos table: rows in and out, as plain data (the feature's only SQL). */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AnyDb } from '../platform/db/schema.ts';
import { type PhotosDb, photosDb } from './db.ts';
import type { InspectedImage } from './inspect.ts';
import type { PhotoRow, StoredRendition } from './tables.ts';

type Db = PhotosDb;

export interface Photo {
  id: string;
  status: PhotoRow['status'];
  error: string | null;
  sha256: string;
  originalPath: string;
  originalName: string;
  format: PhotoRow['format'];
  size: number;
  width: number;
  height: number;
  orientation: number;
  takenAt: Date | null;
  caption: { fr: string; en: string };
  credit: string;
  renditions: StoredRendition[];
  createdAt: Date;
  updatedAt: Date;
}

export function toPhoto(row: PhotoRow): Photo {
  return {
    id: row.id,
    status: row.status,
    error: row.error,
    sha256: row.original_sha256,
    originalPath: row.original_path,
    originalName: row.original_name,
    format: row.format,
    size: Number(row.size),
    width: row.width,
    height: row.height,
    orientation: row.orientation,
    takenAt: row.taken_at && new Date(row.taken_at),
    caption: { fr: row.caption_fr, en: row.caption_en },
    credit: row.credit,
    renditions: row.renditions ?? [],
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export async function findPhoto(db: Db, id: string): Promise<Photo | null> {
  const row = await db.selectFrom('photos').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toPhoto(row) : null;
}

export async function findPhotoBySha(db: Db, sha256: string): Promise<Photo | null> {
  const row = await db
    .selectFrom('photos')
    .selectAll()
    .where('original_sha256', '=', sha256)
    .executeTakeFirst();
  return row ? toPhoto(row) : null;
}

export async function findPhotos(db: AnyDb, ids: readonly string[]): Promise<Photo[]> {
  if (ids.length === 0) return [];
  const rows = await photosDb(db)
    .selectFrom('photos')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(toPhoto);
}

export async function listPhotos(db: Db, limit = 200): Promise<Photo[]> {
  const rows = await db
    .selectFrom('photos')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toPhoto);
}

export async function insertPhoto(
  db: Db,
  input: {
    image: InspectedImage;
    sha256: string;
    originalPath: string;
    originalName: string;
    size: number;
    createdBy: string | null;
  },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('photos')
    .values({
      id,
      original_sha256: input.sha256,
      original_path: input.originalPath,
      original_name: input.originalName,
      format: input.image.format,
      size: input.size,
      width: input.image.width,
      height: input.image.height,
      orientation: input.image.orientation,
      taken_at: input.image.takenAt,
      caption_fr: input.image.caption,
      caption_en: input.image.caption,
      credit: input.image.credit,
      error: null,
      created_by: input.createdBy,
    })
    .execute();
  return id;
}

export async function updateTexts(
  db: Db,
  id: string,
  texts: { captionFr?: string; captionEn?: string; credit?: string },
): Promise<boolean> {
  const result = await db
    .updateTable('photos')
    .set({
      ...(texts.captionFr !== undefined ? { caption_fr: texts.captionFr } : {}),
      ...(texts.captionEn !== undefined ? { caption_en: texts.captionEn } : {}),
      ...(texts.credit !== undefined ? { credit: texts.credit } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markReady(db: Db, id: string, renditions: StoredRendition[]): Promise<void> {
  await db
    .updateTable('photos')
    .set({ status: 'ready', error: null, renditions: JSON.stringify(renditions), updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: Db, id: string, error: string): Promise<void> {
  await db
    .updateTable('photos')
    .set({ status: 'failed', error: error.slice(0, 500), updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function deletePhotoRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('photos').where('id', '=', id).execute();
}
