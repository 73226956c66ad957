import type { Kysely } from 'kysely';

/**
 * Clip downloads in the history: a clip file is recorded as rendition `clip-broadcast` or `clip-web`
 * (the rendition column is plain text, no constraint to widen) with the clip's range in the master's
 * timecode: `clip_in` the first frame included, `clip_out` the first frame not included (the API's
 * half-open `in`/`out`). Both stay null for whole renditions. Clip rows leave the cache; the history
 * keeps the range, not a reference to them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('downloads')
    .addColumn('clip_in', 'text')
    .addColumn('clip_out', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('downloads').dropColumn('clip_in').dropColumn('clip_out').execute();
}
