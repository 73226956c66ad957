import { type Kysely, sql } from 'kysely';

/**
 * What an embargo hides: `available` (the video is listed with its date; verified journalists may
 * watch its preview; nobody downloads it before the date: what an embargo meant until now, so the
 * default) or `hidden` (only editors and admins see it at all until the date).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('video_usage')
    .addColumn('embargo_kind', 'text', (c) =>
      c.notNull().defaultTo('available').check(sql`embargo_kind in ('hidden', 'available')`),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('video_usage').dropColumn('embargo_kind').execute();
}
