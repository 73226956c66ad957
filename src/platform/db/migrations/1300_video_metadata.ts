import { type Kysely, sql } from 'kysely';

/**
 * Video metadata the newsroom edits (issue 14): a description in each language and a revision
 * counter for If-Match. An empty title or description means "not written in that language" (search
 * already indexes only the languages a title has); the pages of the other language say so.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('videos')
    .addColumn('description_fr', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('videos')
    .addCheckConstraint('videos_some_title', sql`title_fr <> '' OR title_en <> ''`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('videos').dropConstraint('videos_some_title').execute();
  for (const column of ['description_fr', 'description_en', 'revision'])
    await db.schema.alterTable('videos').dropColumn(column).execute();
}
