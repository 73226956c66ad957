/** The audio table: rows in and out, as plain data (the feature's only SQL). */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { AudioFacts } from './formats.ts';
import type { AudioRow, AudioTables, StoredDerivative } from './tables.ts';

type Db = Kysely<AudioTables>;
const own = (db: AnyDb): Db => featureDb<AudioTables>(db);

export interface AudioItem {
  id: string;
  status: AudioRow['status'];
  error: string | null;
  sha256: string;
  originalPath: string;
  originalName: string;
  format: AudioRow['format'];
  codec: string;
  size: number;
  sampleRate: number;
  channels: number;
  durationMs: number;
  title: { fr: string; en: string };
  description: { fr: string; en: string };
  credit: string;
  derivatives: StoredDerivative[];
  createdAt: Date;
  updatedAt: Date;
}

export function toAudio(row: AudioRow): AudioItem {
  return {
    id: row.id,
    status: row.status,
    error: row.error,
    sha256: row.original_sha256,
    originalPath: row.original_path,
    originalName: row.original_name,
    format: row.format,
    codec: row.codec,
    size: Number(row.size),
    sampleRate: row.sample_rate,
    channels: row.channels,
    durationMs: row.duration_ms,
    title: { fr: row.title_fr, en: row.title_en },
    description: { fr: row.description_fr, en: row.description_en },
    credit: row.credit,
    derivatives: row.derivatives ?? [],
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export async function findAudio(db: AnyDb, id: string): Promise<AudioItem | null> {
  const row = await own(db).selectFrom('audio').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAudio(row) : null;
}

export async function findAudioBySha(db: AnyDb, sha256: string): Promise<AudioItem | null> {
  const row = await own(db)
    .selectFrom('audio')
    .selectAll()
    .where('original_sha256', '=', sha256)
    .executeTakeFirst();
  return row ? toAudio(row) : null;
}

export async function findAudioItems(db: AnyDb, ids: readonly string[]): Promise<AudioItem[]> {
  if (ids.length === 0) return [];
  const rows = await own(db)
    .selectFrom('audio')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(toAudio);
}

export async function listAudio(db: AnyDb, limit = 200): Promise<AudioItem[]> {
  const rows = await own(db)
    .selectFrom('audio')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toAudio);
}

/** A new item titled after its file name in both languages (editors then write the titles). */
export async function insertAudio(
  db: AnyDb,
  input: {
    facts: AudioFacts;
    sha256: string;
    originalPath: string;
    originalName: string;
    size: number;
    createdBy: string | null;
  },
): Promise<string> {
  const id = randomUUID();
  const title = input.originalName.replace(/\.[^.]*$/, '').slice(0, 300);
  await own(db)
    .insertInto('audio')
    .values({
      id,
      original_sha256: input.sha256,
      original_path: input.originalPath,
      original_name: input.originalName,
      format: input.facts.format,
      codec: input.facts.codec,
      size: input.size,
      sample_rate: input.facts.sampleRate,
      channels: input.facts.channels,
      duration_ms: input.facts.durationMs,
      title_fr: title,
      title_en: title,
      error: null,
      created_by: input.createdBy,
    })
    .execute();
  return id;
}

export interface AudioTextsUpdate {
  titleFr?: string;
  titleEn?: string;
  descriptionFr?: string;
  descriptionEn?: string;
  credit?: string;
}

export async function updateTexts(db: AnyDb, id: string, texts: AudioTextsUpdate): Promise<boolean> {
  const set = {
    ...(texts.titleFr !== undefined ? { title_fr: texts.titleFr } : {}),
    ...(texts.titleEn !== undefined ? { title_en: texts.titleEn } : {}),
    ...(texts.descriptionFr !== undefined ? { description_fr: texts.descriptionFr } : {}),
    ...(texts.descriptionEn !== undefined ? { description_en: texts.descriptionEn } : {}),
    ...(texts.credit !== undefined ? { credit: texts.credit } : {}),
  };
  const result = await own(db)
    .updateTable('audio')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markReady(db: AnyDb, id: string, derivatives: StoredDerivative[]): Promise<void> {
  await own(db)
    .updateTable('audio')
    .set({ status: 'ready', error: null, derivatives: JSON.stringify(derivatives), updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: AnyDb, id: string, error: string): Promise<void> {
  await own(db)
    .updateTable('audio')
    .set({ status: 'failed', error: error.slice(0, 500), updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function deleteAudioRow(db: AnyDb, id: string): Promise<void> {
  await own(db).deleteFrom('audio').where('id', '=', id).execute();
}
