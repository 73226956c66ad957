/**
 * Search benchmark: N generated stories per language (bench/search-corpus.ts: Zipf word frequencies,
 * realistic lengths, not copied text), indexed by the real indexer, then 1,000 queries of 1–4 words
 * drawn the same way through the search service (count, facets, page, highlights, suggestion when
 * nothing matches) against the catalogue's ILIKE search (count + page) measured in the same run on
 * the same database, in each database mode. Prints p50/p95/p99 and the ratios.
 * Run: npx tsx bench/search.ts [--stories 10000] [--queries 1000] [--reference-queries 200]
 *      [--modes pglite,postgres]   (postgres: $DATABASE_URL's server, else a throwaway local one)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { listStories } from '../src/catalog/stories.ts';
import { type DatabaseHandle, openPglite, openPostgres } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrator.ts';
import type { Database } from '../src/platform/db/schema.ts';
import { searchDb } from '../src/search/db.ts';
import { reindexAll } from '../src/search/indexer.ts';
import { runSearch } from '../src/search/service.ts';
import { startPgServer } from '../test/support/pg-server.ts';
import { type Lang, queryText, random, storyText, type Vocabulary, vocabulary } from './search-corpus.ts';

const { values } = parseArgs({
  options: {
    stories: { type: 'string', default: '10000' },
    queries: { type: 'string', default: '1000' },
    'reference-queries': { type: 'string', default: '200' },
    modes: { type: 'string', default: 'pglite,postgres' },
  },
});
const STORIES = Number(values.stories);
const QUERIES = Number(values.queries);
const REFERENCE_QUERIES = Math.min(QUERIES, Number(values['reference-queries']));
const VOCABULARY_SIZE = 40_000;
const LANGS: Lang[] = ['fr', 'en'];
const vocabularies: Record<Lang, Vocabulary> = {
  fr: vocabulary('fr', VOCABULARY_SIZE, 11),
  en: vocabulary('en', VOCABULARY_SIZE, 12),
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

/** N stories in both languages, one in ten only in one of them, published over three years. */
async function fill(db: Kysely<Database>): Promise<void> {
  const next = random(42);
  const batch = 500;
  const start = Date.now() - 3 * 365 * 86_400_000;
  for (let done = 0; done < STORIES; done += batch) {
    const count = Math.min(batch, STORIES - done);
    const stories = await db
      .insertInto('stories')
      .values(
        Array.from({ length: count }, (_, i) => ({
          slug: `bench-${done + i}`,
          published_at: new Date(start + next() * 3 * 365 * 86_400_000),
        })),
      )
      .returning('id')
      .execute();
    const translations = stories.flatMap(({ id }) => {
      const only = next() < 0.1 ? (next() < 0.5 ? 'fr' : 'en') : null;
      return LANGS.filter((lang) => only === null || only === lang).map((language) => ({
        story_id: id,
        language,
        ...storyText(vocabularies[language], next),
      }));
    });
    await db.insertInto('story_translations').values(translations).execute();
  }
}

async function measure(label: string, database: DatabaseHandle): Promise<string> {
  const db = database.db;
  await migrateToLatest(db);
  let t0 = Date.now();
  await fill(db);
  const fillSeconds = (Date.now() - t0) / 1000;
  t0 = Date.now();
  const { documents } = await reindexAll(searchDb(db));
  const indexSeconds = (Date.now() - t0) / 1000;
  await database.executeSql('ANALYZE');
  console.log(
    `${label}: ${STORIES} stories per language written in ${fillSeconds.toFixed(0)} s, ${documents} documents indexed in ${indexSeconds.toFixed(0)} s`,
  );
  const next = random(7);
  const queries = Array.from({ length: QUERIES }, (_, i) => {
    const lang = LANGS[i % 2] as Lang;
    return { lang, q: queryText(vocabularies[lang], next) };
  });
  const access = async () => new Map<string, { see: boolean; watch: boolean }>();
  // Warm-up: a few of each, not counted.
  for (const { lang, q } of queries.slice(0, 20)) {
    await runSearch(searchDb(db), { q }, lang, access);
    await listStories(db, lang, { query: q });
  }
  const fullText: number[] = [];
  let matched = 0;
  let suggested = 0;
  for (const { lang, q } of queries) {
    const started = performance.now();
    const outcome = await runSearch(searchDb(db), { q }, lang, access);
    fullText.push(performance.now() - started);
    if (outcome.ok && outcome.answer.total > 0) matched += 1;
    if (outcome.ok && outcome.answer.suggestion) suggested += 1;
  }
  const ilike: number[] = [];
  for (const { lang, q } of queries.slice(0, REFERENCE_QUERIES)) {
    const started = performance.now();
    await listStories(db, lang, { query: q });
    ilike.push(performance.now() - started);
  }
  const s = summary(fullText);
  const r = summary(ilike);
  const line = `${label}: full text p50 ${ms(s.p50)} p95 ${ms(s.p95)} p99 ${ms(s.p99)} (${QUERIES} queries, ${matched} with hits, ${suggested} with a suggestion); ILIKE p50 ${ms(r.p50)} p95 ${ms(r.p95)} p99 ${ms(r.p99)} (${REFERENCE_QUERIES} queries); p95 ratio full text / ILIKE ${(s.p95 / r.p95).toFixed(3)}; goal p95 ≤ 20 ms: ${s.p95 <= 20 ? 'met' : 'not met'}`;
  console.log(line);
  return line;
}

const results: string[] = [];
for (const mode of (values.modes ?? '').split(',').filter(Boolean)) {
  if (mode === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'bench-search-'));
    const database = await openPglite(join(dir, 'db'));
    try {
      results.push(await measure('pglite', database));
    } finally {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    }
  } else if (mode === 'postgres') {
    const server = process.env.DATABASE_URL ? null : await startPgServer();
    const adminUrl = process.env.DATABASE_URL ?? server?.adminUrl;
    if (!adminUrl) {
      console.log('postgres: no server (set DATABASE_URL or install postgresql)');
      continue;
    }
    const name = `bench_search_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const database = await openPostgres(url.toString());
    try {
      results.push(await measure('postgres', database));
    } finally {
      await database.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      server?.stop();
    }
  }
}
console.log(`\n${results.join('\n')}`);
