import { type Kysely, sql } from 'kysely';

/**
 * Photos (src/photos): one row per uploaded image, its original stored under its sha256, the web
 * renditions the `photos.renditions` job makes; and the photos a story shows (catalog's
 * `story_photos`, positions shared with `story_videos` so that a story's media keep one order) with
 * the story's lead photo. A photo shown by a story cannot be deleted while that story is published
 * (the photos feature checks it); otherwise deleting it removes it from drafts (cascade).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('photos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('processing').check(sql`status in ('processing', 'ready', 'failed')`),
    )
    .addColumn('error', 'text')
    .addColumn('original_sha256', 'text', (c) => c.notNull())
    .addColumn('original_path', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('orientation', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('taken_at', 'timestamptz')
    .addColumn('caption_fr', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('caption_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('credit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('renditions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('photos_created_at').on('photos').column('created_at').execute();

  await db.schema
    .createTable('story_photos')
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('photo_id', 'text', (c) => c.notNull().references('photos.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('story_photos_pk', ['story_id', 'photo_id'])
    .execute();
  await db.schema.createIndex('story_photos_photo').on('story_photos').column('photo_id').execute();
  await db.schema
    .alterTable('stories')
    .addColumn('lead_photo_id', 'text', (c) => c.references('photos.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('stories').dropColumn('lead_photo_id').execute();
  await db.schema.dropTable('story_photos').execute();
  await db.schema.dropTable('photos').execute();
}
