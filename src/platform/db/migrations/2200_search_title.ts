import { type Kysely, sql } from 'kysely';

/**
 * Search at scale (issue 16): the title tier of relevance (src/search/search.ts `relevancePage`).
 * One GIN index per language over the A weight of `head` (`ts_filter(head, '{a}')`: a story's or
 * video's title, a photo's caption, an audio item's title), so that the items whose title matches are
 * found and ranked without reading every title-or-standfirst hit of a frequent word (about a quarter
 * of them). An expression over the existing vector: nothing is re-indexed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const run = (text: string) => sql.raw(text).execute(db);
  await run(
    `CREATE INDEX search_documents_title_fr ON search_documents USING gin (ts_filter(head, '{a}')) WHERE lang = 'fr'`,
  );
  await run(
    `CREATE INDEX search_documents_title_en ON search_documents USING gin (ts_filter(head, '{a}')) WHERE lang = 'en'`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP INDEX IF EXISTS search_documents_title_en').execute(db);
  await sql.raw('DROP INDEX IF EXISTS search_documents_title_fr').execute(db);
}
