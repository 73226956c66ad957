import type { Kysely } from 'kysely';

/**
 * Which process runs which job, for server mode: `job_workers` has one row per worker process with
 * the last time it said it was alive; `job_runs` the job each is running. A job whose process stopped
 * saying so (kill -9, power loss) is handed back to the queue by the other processes, or by the same
 * one after a restart, instead of waiting for its kind's expiry (an hour for a clip).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_workers')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('seen_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('job_runs')
    .addColumn('job_id', 'uuid', (c) => c.primaryKey())
    .addColumn('worker_id', 'uuid', (c) => c.notNull().references('job_workers.id').onDelete('cascade'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_runs').execute();
  await db.schema.dropTable('job_workers').execute();
}
