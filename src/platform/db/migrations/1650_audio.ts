import { type Kysely, sql } from 'kysely';

/**
 * Audio (src/audio, issue 14): one row per uploaded sound (WAV/BWF, MP3, AAC/M4A, FLAC, ALAC, Ogg
 * Vorbis/Opus), its original stored under its sha256, the web preview (AAC 128k in MP4) and the
 * waveform PNG the `audio.derivatives` job makes; titles and descriptions FR/EN and a credit. Stories
 * show audio through catalog's `story_audio` (positions share the one media order with
 * `story_videos` and `story_photos`) and `stories.lead_audio_id`. Deleting an audio item a published
 * story shows is refused by the feature; otherwise drafts lose it by cascade.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audio')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('processing').check(sql`status in ('processing', 'ready', 'failed')`),
    )
    .addColumn('error', 'text')
    .addColumn('original_sha256', 'text', (c) => c.notNull().unique())
    .addColumn('original_path', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('codec', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sample_rate', 'integer', (c) => c.notNull())
    .addColumn('channels', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('title_fr', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('title_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description_fr', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('credit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('derivatives', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('audio_created_at').on('audio').column('created_at').execute();

  await db.schema
    .createTable('story_audio')
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('audio_id', 'text', (c) => c.notNull().references('audio.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('story_audio_pk', ['story_id', 'audio_id'])
    .execute();
  await db.schema.createIndex('story_audio_audio').on('story_audio').column('audio_id').execute();
  await db.schema
    .alterTable('stories')
    .addColumn('lead_audio_id', 'text', (c) => c.references('audio.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('stories').dropColumn('lead_audio_id').execute();
  await db.schema.dropTable('story_audio').execute();
  await db.schema.dropTable('audio').execute();
}
