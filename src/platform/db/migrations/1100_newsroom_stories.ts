import { type Kysely, sql } from 'kysely';

/**
 * The newsroom's workflow on catalog's stories (additive): a status (draft, scheduled, published,
 * unpublished), the publication time asked for and its editor's time zone, a revision counter for
 * If-Match, the lead medium; `published_at` becomes nullable and means "publicly visible since" (null
 * for a story nobody may see, so every reader that filters on `published_at <= now` keeps only
 * published stories). Existing stories are published. Also: one row per save (story_revisions),
 * old slugs that redirect (story_slugs), topics and story_topics.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('stories')
    .alterColumn('published_at', (c) => c.dropNotNull())
    .execute();
  await db.schema
    .alterTable('stories')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('published')
        .check(sql`status in ('draft', 'scheduled', 'published', 'unpublished')`),
    )
    .addColumn('publish_at', 'timestamptz')
    .addColumn('publish_time_zone', 'text')
    .addColumn('first_published_at', 'timestamptz')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('lead_video_id', 'text', (c) => c.references('videos.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`UPDATE stories SET first_published_at = published_at`.execute(db);
  await db.schema.createIndex('stories_status').on('stories').column('status').execute();

  await db.schema
    .createTable('story_revisions')
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('story_revisions_pk', ['story_id', 'n'])
    .execute();

  await db.schema
    .createTable('story_slugs')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('topics')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique().check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`))
    .addColumn('name_fr', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('story_topics')
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('story_topics_pk', ['story_id', 'topic_id'])
    .execute();
  await db.schema.createIndex('story_topics_topic').on('story_topics').column('topic_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['story_topics', 'topics', 'story_slugs', 'story_revisions'])
    await db.schema.dropTable(table).execute();
  await db.schema.dropIndex('stories_status').execute();
  for (const column of [
    'status',
    'publish_at',
    'publish_time_zone',
    'first_published_at',
    'revision',
    'lead_video_id',
    'updated_at',
  ])
    await db.schema.alterTable('stories').dropColumn(column).execute();
}
