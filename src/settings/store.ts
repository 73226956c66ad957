/**
 * The settings' row (SQL): read it, and write it only if its revision is still the one read
 * (optimistic concurrency: a write that lost the race updates nothing and says so).
 */
import type { Kysely } from 'kysely';
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { SettingsTables } from './tables.ts';
import { parseStored, type StoredSettings } from './values.ts';

export interface SettingsRow {
  values: StoredSettings;
  revision: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

function tables(db: AnyDb): Kysely<SettingsTables> {
  return featureDb<SettingsTables>(db);
}

export async function readSettings(db: AnyDb): Promise<SettingsRow> {
  const row = await tables(db)
    .selectFrom('portal_settings')
    .select(['body', 'revision', 'updated_at', 'updated_by'])
    .where('id', '=', 1)
    .executeTakeFirst();
  if (!row) return { values: {}, revision: 0, updatedAt: null, updatedBy: null };
  return {
    values: parseStored(row.body),
    revision: Number(row.revision),
    updatedAt: row.updated_at ? new Date(row.updated_at) : null,
    updatedBy: row.updated_by,
  };
}

/** The revision alone (a cheap check whether another process wrote). */
export async function readRevision(db: AnyDb): Promise<number> {
  const row = await tables(db)
    .selectFrom('portal_settings')
    .select('revision')
    .where('id', '=', 1)
    .executeTakeFirst();
  return Number(row?.revision ?? 0);
}

/** Writes `values` if the row is still at `revision`; the new revision, or null when it was not. */
export async function writeSettings(
  db: AnyDb,
  input: { values: StoredSettings; revision: number; at: Date; by: string },
): Promise<number | null> {
  const row = await tables(db)
    .updateTable('portal_settings')
    .set((eb) => ({
      body: JSON.stringify(input.values),
      revision: eb('revision', '+', 1),
      updated_at: input.at,
      updated_by: input.by,
    }))
    .where('id', '=', 1)
    .where('revision', '=', input.revision)
    .returning('revision')
    .executeTakeFirst();
  return row ? Number(row.revision) : null;
}
