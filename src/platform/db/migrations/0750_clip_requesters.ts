import { type Kysely, sql } from 'kysely';

/**
 * Who queued a clip's job, for the per-user cap on clips queued or being made and the fair share of
 * the clip workers: `requested_by` the user whose request queued (or re-queued) the job, `requested_at`
 * when. A clip shared by later identical requests keeps its first requester. Rows of a deleted account
 * keep the clip (the cache serves everyone) and lose the reference.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('clips')
    .addColumn('requested_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('requested_at', 'timestamptz')
    .execute();
  // The cap counts a user's clips still queued or running.
  await db.schema
    .createIndex('clips_requested_pending')
    .on('clips')
    .columns(['requested_by', 'requested_at'])
    .where(sql<boolean>`status in ('queued', 'running')`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('clips_requested_pending').execute();
  await db.schema.alterTable('clips').dropColumn('requested_by').dropColumn('requested_at').execute();
}
