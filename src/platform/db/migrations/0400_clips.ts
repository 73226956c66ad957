import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('clips')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cache_key', 'text', (c) => c.notNull().unique())
    .addColumn('video_id', 'text', (c) => c.notNull().references('videos.id').onDelete('cascade'))
    .addColumn('master_sha256', 'text', (c) => c.notNull())
    .addColumn('in_frame', 'integer', (c) => c.notNull())
    .addColumn('out_frame', 'integer', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull().check(sql`profile in ('broadcast', 'web')`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('queued', 'running', 'ready', 'failed')`),
    )
    .addColumn('progress', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('start_timecode', 'text', (c) => c.notNull())
    .addColumn('container', 'text', (c) => c.notNull())
    .addColumn('file_path', 'text')
    .addColumn('size', 'bigint')
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_access_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('clips_range', sql`out_frame > in_frame and in_frame >= 0`)
    .execute();
  await db.schema.createIndex('clips_lru').on('clips').columns(['status', 'last_access_at']).execute();
  await db.schema
    .alterTable('videos')
    .addColumn('shotlist', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('videos').dropColumn('shotlist').execute();
  await db.schema.dropTable('clips').execute();
}
