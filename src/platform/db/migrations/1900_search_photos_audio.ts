import { type Kysely, sql } from 'kysely';

/**
 * Photos (captions) and audio items (titles, descriptions) in the one search (issue 16): two more
 * document kinds and an audio item's duration. The index is emptied so that the next start rebuilds
 * it with them (src/search/module.ts `ensureIndexed`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const run = (text: string) => sql.raw(text).execute(db);
  await run('ALTER TABLE search_documents DROP CONSTRAINT IF EXISTS search_documents_kind_check');
  await run(
    "ALTER TABLE search_documents ADD CONSTRAINT search_documents_kind_check CHECK (kind in ('story', 'video', 'shot', 'photo', 'audio'))",
  );
  await db.schema.alterTable('search_documents').addColumn('duration_ms', 'integer').execute();
  await run('DELETE FROM search_documents');
  await run('DELETE FROM search_vocabulary');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const run = (text: string) => sql.raw(text).execute(db);
  await run("DELETE FROM search_documents WHERE kind in ('photo', 'audio')");
  await db.schema.alterTable('search_documents').dropColumn('duration_ms').execute();
  await run('ALTER TABLE search_documents DROP CONSTRAINT IF EXISTS search_documents_kind_check');
  await run(
    "ALTER TABLE search_documents ADD CONSTRAINT search_documents_kind_check CHECK (kind in ('story', 'video', 'shot'))",
  );
}
