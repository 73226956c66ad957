import { type Kysely, sql } from 'kysely';

/**
 * The search feature's index (src/search/README.md): the `unaccent` and `pg_trgm` extensions (PGlite
 * loads them in its constructor, a server has them from contrib; both are trusted extensions, so the
 * database owner may create them), French and English text search configurations that fold accents
 * before stemming, the document table with one GIN index per language, and the vocabulary that
 * "did you mean" draws from (trigram index).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const run = (text: string) => sql.raw(text).execute(db);
  await run('CREATE EXTENSION IF NOT EXISTS unaccent');
  await run('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  for (const [name, base] of [
    ['portal_fr', 'french'],
    ['portal_en', 'english'],
  ] as const) {
    await run(`CREATE TEXT SEARCH CONFIGURATION ${name} (COPY = pg_catalog.${base})`);
    await run(
      `ALTER TEXT SEARCH CONFIGURATION ${name} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, ${base}_stem`,
    );
  }
  await db.schema
    .createTable('search_documents')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('story', 'video', 'shot')`))
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull().check(sql`lang in ('fr', 'en')`))
    .addColumn('sole', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('story_id', 'integer')
    .addColumn('slug', 'text')
    .addColumn('video_id', 'text')
    .addColumn('in_frame', 'integer')
    .addColumn('out_frame', 'integer')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('topics', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('tsv', sql`tsvector`, (c) => c.notNull())
    .addUniqueConstraint('search_documents_item_lang', ['item_key', 'lang'])
    .execute();
  await run(`CREATE INDEX search_documents_fr ON search_documents USING gin (tsv) WHERE lang = 'fr'`);
  await run(`CREATE INDEX search_documents_en ON search_documents USING gin (tsv) WHERE lang = 'en'`);
  await run('CREATE INDEX search_documents_date ON search_documents (published_at DESC, id DESC)');
  await run('CREATE INDEX search_documents_video ON search_documents (video_id)');
  await run('CREATE INDEX search_documents_story ON search_documents (story_id)');
  await db.schema
    .createTable('search_vocabulary')
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('folded', 'text', (c) => c.notNull())
    .addColumn('word', 'text', (c) => c.notNull())
    .addColumn('ndoc', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_vocabulary_pk', ['lang', 'folded'])
    .execute();
  await run('CREATE INDEX search_vocabulary_trgm ON search_vocabulary USING gin (folded gin_trgm_ops)');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('search_vocabulary').execute();
  await db.schema.dropTable('search_documents').execute();
  await sql.raw('DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_fr').execute(db);
  await sql.raw('DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_en').execute(db);
}
