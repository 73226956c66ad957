import { type Kysely, sql } from 'kysely';

/**
 * Parts of audio items (issue 14, `kind: "audio"` in the clip API): a clip row is of a video or of
 * an audio item, never both (`clips_one_item`); deleting the audio item deletes its clips. The
 * download history records a download of an audio part against the audio item (`downloads.audio_id`,
 * the same rule: one of the two), so it shows in the user's history like a video clip.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('clips')
    .addColumn('audio_id', 'text', (c) => c.references('audio.id').onDelete('cascade'))
    .execute();
  await db.schema
    .alterTable('clips')
    .alterColumn('video_id', (c) => c.dropNotNull())
    .execute();
  await db.schema
    .alterTable('clips')
    .addCheckConstraint('clips_one_item', sql`(video_id is null) <> (audio_id is null)`)
    .execute();
  await db.schema
    .alterTable('downloads')
    .addColumn('audio_id', 'text', (c) => c.references('audio.id').onDelete('cascade'))
    .execute();
  await db.schema
    .alterTable('downloads')
    .alterColumn('video_id', (c) => c.dropNotNull())
    .execute();
  await db.schema
    .alterTable('downloads')
    .addCheckConstraint('downloads_one_item', sql`(video_id is null) <> (audio_id is null)`)
    .execute();
  await db.schema.createIndex('downloads_audio_at').on('downloads').columns(['audio_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('downloads_audio_at').execute();
  await sql`delete from downloads where video_id is null`.execute(db);
  await db.schema.alterTable('downloads').dropConstraint('downloads_one_item').execute();
  await db.schema
    .alterTable('downloads')
    .alterColumn('video_id', (c) => c.setNotNull())
    .execute();
  await db.schema.alterTable('downloads').dropColumn('audio_id').execute();
  await sql`delete from clips where video_id is null`.execute(db);
  await db.schema.alterTable('clips').dropConstraint('clips_one_item').execute();
  await db.schema
    .alterTable('clips')
    .alterColumn('video_id', (c) => c.setNotNull())
    .execute();
  await db.schema.alterTable('clips').dropColumn('audio_id').execute();
}
