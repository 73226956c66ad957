import { type Kysely, sql } from 'kysely';

/**
 * Search at scale (issue 16, bench/search at 100,000 stories per language): a `head` tsvector (the
 * A and B weights: a story's title and standfirst, a video's title, a shot's description, a photo's
 * caption, an audio item's title and description) with one GIN index per language, so that the best
 * hits are ranked from a small vector instead of the whole text's; a narrow heap (long values stored
 * out of line, the head kept in line) so that counting matches reads few pages; and a GIN index over
 * the video and shot documents only, for the video rule's look-up. The index is emptied so that the
 * next start rebuilds it with heads (src/search/module.ts `ensureIndexed`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const run = (text: string) => sql.raw(text).execute(db);
  await run('DELETE FROM search_documents');
  await run('DELETE FROM search_vocabulary');
  await run("ALTER TABLE search_documents ADD COLUMN head tsvector NOT NULL DEFAULT ''");
  await run('ALTER TABLE search_documents ALTER COLUMN head DROP DEFAULT');
  await run('ALTER TABLE search_documents ALTER COLUMN head SET STORAGE MAIN');
  await run('ALTER TABLE search_documents SET (toast_tuple_target = 128)');
  await run(`CREATE INDEX search_documents_head_fr ON search_documents USING gin (head) WHERE lang = 'fr'`);
  await run(`CREATE INDEX search_documents_head_en ON search_documents USING gin (head) WHERE lang = 'en'`);
  await run(
    `CREATE INDEX search_documents_media ON search_documents USING gin (tsv) WHERE kind IN ('video', 'shot')`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const run = (text: string) => sql.raw(text).execute(db);
  await run('DROP INDEX IF EXISTS search_documents_media');
  await run('DROP INDEX IF EXISTS search_documents_head_en');
  await run('DROP INDEX IF EXISTS search_documents_head_fr');
  await run('ALTER TABLE search_documents RESET (toast_tuple_target)');
  await run('ALTER TABLE search_documents DROP COLUMN head');
}
