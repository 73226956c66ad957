import type { Kysely } from 'kysely';

/**
 * The frame an editor chose for a video's poster (`PATCH /videos/{id}` `posterFrame`, issue 14),
 * counted from the master's first frame; null: the ingest's own choice (a tenth of the way in).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('videos').addColumn('poster_frame', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('videos').dropColumn('poster_frame').execute();
}
