import { type Kysely, sql } from 'kysely';

/**
 * The selection basket (src/basket/README.md): what a signed-in journalist has put aside to download
 * together. A whole video (one of its renditions) or a selection of it (a half-open frame range in a
 * clip profile), with an optional name. Deleted with the user or the video.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('basket_items')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('video_id', 'text', (c) => c.notNull().references('videos.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('video', 'clip')`))
    .addColumn('rendition', 'text', (c) => c.check(sql`rendition in ('master', 'web')`))
    .addColumn('in_frame', 'integer')
    .addColumn('out_frame', 'integer')
    .addColumn('profile', 'text', (c) => c.check(sql`profile in ('broadcast', 'web')`))
    .addColumn('name', 'text', (c) => c.notNull().defaultTo('').check(sql`length(name) <= 120`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'basket_items_shape',
      sql`(kind = 'video' and rendition is not null and in_frame is null and out_frame is null and profile is null)
       or (kind = 'clip' and rendition is null and in_frame >= 0 and out_frame > in_frame and profile is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('basket_items_user')
    .on('basket_items')
    .columns(['user_id', 'created_at'])
    .execute();
  // The same selection twice is one item (adding it again is harmless).
  await db.schema
    .createIndex('basket_items_unique')
    .on('basket_items')
    .unique()
    .expression(
      sql`user_id, video_id, kind, coalesce(rendition, ''), coalesce(in_frame, -1), coalesce(out_frame, -1), coalesce(profile, '')`,
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('basket_items').execute();
}
