import { type Kysely, sql } from 'kysely';

/**
 * The portal's settings (src/settings, issue 14): one row holding the values an admin stored (JSON
 * text, validated by the feature; absent values fall back to the configuration) and a revision that
 * every write increments, so that concurrent writes are merged or refused, never lost.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('portal_settings')
    .addColumn('id', 'smallint', (c) => c.primaryKey().defaultTo(1).check(sql`id = 1`))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz')
    .addColumn('updated_by', 'text')
    .execute();
  await sql`insert into portal_settings (id) values (1)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('portal_settings').execute();
}
