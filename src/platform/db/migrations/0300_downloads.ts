import { type Kysely, sql } from 'kysely';

/**
 * Downloads: each video's usage terms, credit, restrictions and embargo (a table of its own, owned by
 * the downloads feature, one row per video that has terms); the derived renditions (web MP4, audio
 * WAV) made by jobs; the download history. A deleted account keeps its downloads as anonymous rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('video_usage')
    .addColumn('video_id', 'text', (c) => c.primaryKey().references('videos.id').onDelete('cascade'))
    .addColumn('credit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('usage_terms_fr', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('usage_terms_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('restrictions_fr', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('restrictions_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('embargo_until', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('video_renditions')
    .addColumn('video_id', 'text', (c) => c.notNull().references('videos.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`name in ('web', 'audio')`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('queued', 'running', 'ready', 'failed')`),
    )
    .addColumn('progress', 'real', (c) => c.notNull().defaultTo(0))
    /** Relative to the media directory. */
    .addColumn('path', 'text')
    .addColumn('size', 'bigint')
    .addColumn('sha256', 'text')
    /** The master this rendition was made from: a new master makes it stale. */
    .addColumn('master_sha256', 'text')
    .addColumn('error', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('video_renditions_pk', ['video_id', 'name'])
    .execute();

  await db.schema
    .createTable('downloads')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('video_id', 'text', (c) => c.notNull().references('videos.id').onDelete('cascade'))
    .addColumn('rendition', 'text', (c) => c.notNull())
    /** Bytes sent so far for this download, resumed ranges included. */
    .addColumn('bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    /** Size of the file when the download started. */
    .addColumn('file_size', 'bigint', (c) => c.notNull())
    /** Null for a full download; the first range asked otherwise, e.g. "0-99". */
    .addColumn('range', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('downloads_user_at').on('downloads').columns(['user_id', 'at']).execute();
  await db.schema.createIndex('downloads_video_at').on('downloads').columns(['video_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['downloads', 'video_renditions', 'video_usage']) {
    await db.schema.dropTable(table).execute();
  }
}
