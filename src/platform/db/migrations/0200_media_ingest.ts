import { type Kysely, sql } from 'kysely';

/** Ingest: what the probe found, the preview's state, the source's name and the failing step. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('videos')
    .addColumn('info', 'jsonb')
    .addColumn('preview_state', 'text', (c) =>
      c.notNull().defaultTo('none').check(sql`preview_state in ('none', 'partial', 'complete')`),
    )
    .addColumn('source_name', 'text')
    .addColumn('stage', 'text')
    .addColumn('error_code', 'text')
    .execute();
  await db.schema.createIndex('videos_master_sha256').on('videos').column('master_sha256').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('videos_master_sha256').execute();
  await db.schema
    .alterTable('videos')
    .dropColumn('info')
    .dropColumn('preview_state')
    .dropColumn('source_name')
    .dropColumn('stage')
    .dropColumn('error_code')
    .execute();
}
