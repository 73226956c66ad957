import { type Kysely, sql } from 'kysely';

/**
 * Saved searches (src/search/README.md): a signed-in user's named query, the alert they chose (emails
 * are not sent yet), the language its feed reads in, and the unguessable token of its private feed.
 * Deleted with their user.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('saved_searches')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('alert', 'text', (c) => c.notNull().check(sql`alert in ('none', 'hourly', 'daily')`))
    .addColumn('lang', 'text', (c) => c.notNull().check(sql`lang in ('fr', 'en')`))
    .addColumn('feed_token', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('saved_searches_user')
    .on('saved_searches')
    .columns(['user_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('saved_searches').execute();
}
