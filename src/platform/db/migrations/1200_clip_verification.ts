import type { Kysely } from 'kysely';

/**
 * Clip verification and audio choice: `notes` what the job did (verified, remade by the safe path),
 * one a line; `error_code` why a clip failed, as a message key shown in the reader's language (the
 * technical detail stays in `error`); `audio_streams` the master's audio stream indexes the clip
 * keeps, comma-separated, null for all of them (part of the cache key).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('clips')
    .addColumn('notes', 'text')
    .addColumn('error_code', 'text')
    .addColumn('audio_streams', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('clips')
    .dropColumn('notes')
    .dropColumn('error_code')
    .dropColumn('audio_streams')
    .execute();
}
