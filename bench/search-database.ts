/**
 * The search benchmark's database, per mode: N generated stories per language written in batches and
 * indexed by the portal's own indexer (`reindexAll`), then kept under `.cache/bench-search/` (a PGlite
 * data directory, or a PostgreSQL server's data directory) so that later runs measure queries without
 * regenerating. A cache is keyed by its parameters and by the code that shapes its content (the corpus
 * generator, the indexer and document builder): any change there builds a new one. Migrations added
 * since are applied when a cached database is opened, as an upgrade applies them to a running portal,
 * so that a migration of another feature does not cost a 10–20 minute rebuild.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { type DatabaseHandle, openPglite, openPostgres } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrator.ts';
import type { Database } from '../src/platform/db/schema.ts';
import { searchDb } from '../src/search/db.ts';
import { reindexAll } from '../src/search/indexer.ts';
import { startPgServer } from '../test/support/pg-server.ts';
import { type Lang, random, storyText, type Vocabulary } from './search-corpus.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CACHE = join(ROOT, '.cache', 'bench-search');
const LANGS: Lang[] = ['fr', 'en'];

export interface BenchDatabase {
  database: DatabaseHandle;
  /** Seconds spent writing and indexing, when this run built the corpus (null: from the cache). */
  built: { fillSeconds: number; indexSeconds: number; documents: number } | null;
  /** What the cache recorded when it was built. */
  recorded: { fillSeconds: number; indexSeconds: number; documents: number };
  close(): Promise<void>;
}

/** Hash of the parameters and of every file that decides what the database holds. */
export function cacheKey(stories: number, vocabularySize: number): string {
  const hash = createHash('sha256');
  hash.update(`stories=${stories} vocabulary=${vocabularySize}\n`);
  const files = [
    'bench/search-corpus.ts',
    'bench/search-database.ts',
    'src/search/indexer.ts',
    'src/search/documents.ts',
    'src/search/query-text.ts',
  ];
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(ROOT, file)));
  return hash.digest('hex').slice(0, 16);
}

/** N stories in both languages, one in ten only in one of them, published over three years. */
async function fill(db: Kysely<Database>, stories: number, vocabularies: Record<Lang, Vocabulary>) {
  const next = random(42);
  const batch = 1000;
  const start = Date.now() - 3 * 365 * 86_400_000;
  for (let done = 0; done < stories; done += batch) {
    const count = Math.min(batch, stories - done);
    const rows = await db
      .insertInto('stories')
      .values(
        Array.from({ length: count }, (_, i) => ({
          slug: `bench-${done + i}`,
          published_at: new Date(start + next() * 3 * 365 * 86_400_000),
        })),
      )
      .returning('id')
      .execute();
    const translations = rows.flatMap(({ id }) => {
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

async function build(
  database: DatabaseHandle,
  stories: number,
  vocabularies: Record<Lang, Vocabulary>,
): Promise<BenchDatabase['recorded']> {
  const db = database.db;
  await migrateToLatest(db);
  let t0 = Date.now();
  await fill(db, stories, vocabularies);
  const fillSeconds = (Date.now() - t0) / 1000;
  t0 = Date.now();
  const { documents } = await reindexAll(searchDb(db));
  const indexSeconds = (Date.now() - t0) / 1000;
  await database.executeSql('VACUUM ANALYZE');
  return { fillSeconds, indexSeconds, documents };
}

/**
 * The database of `mode` holding `stories` stories per language: from the cache when one with the
 * same key is complete (unless `fresh`), else built (and kept when `keep`).
 */
export async function benchDatabase(
  mode: 'pglite' | 'postgres',
  stories: number,
  vocabularies: Record<Lang, Vocabulary>,
  options: { fresh: boolean; keep: boolean; vocabularySize: number },
): Promise<BenchDatabase> {
  const dir = join(CACHE, `${mode}-${stories}-${cacheKey(stories, options.vocabularySize)}`);
  const marker = join(dir, 'complete.json');
  const cached = !options.fresh && existsSync(marker);
  if (!cached) await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const open = async (): Promise<{ database: DatabaseHandle; stop(): Promise<void> }> => {
    if (mode === 'pglite') {
      const database = await openPglite(join(dir, 'pglite'));
      return { database, stop: async () => {} };
    }
    const server = await startPgServer(dir);
    if (!server) throw new Error('postgres: no server (install postgresql)');
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'bench_search'");
    if (exists.rowCount === 0) await admin.query('CREATE DATABASE bench_search');
    await admin.end();
    const url = new URL(server.adminUrl);
    url.pathname = '/bench_search';
    return { database: await openPostgres(url.toString()), stop: async () => server.stop() };
  };
  const { database, stop } = await open();
  const close = async () => {
    await database.close();
    await stop();
    if (!options.keep) await rm(dir, { recursive: true, force: true });
  };
  try {
    if (cached) {
      const recorded = JSON.parse(await readFile(marker, 'utf8')) as BenchDatabase['recorded'];
      const applied = await migrateToLatest(database.db);
      if (applied.length > 0) {
        console.error(`cached database upgraded: ${applied.join(', ')}`);
        await database.executeSql('ANALYZE');
      }
      return { database, built: null, recorded, close };
    }
    const recorded = await build(database, stories, vocabularies);
    await writeFile(marker, JSON.stringify(recorded));
    return { database, built: recorded, recorded, close };
  } catch (error) {
    await close();
    throw error;
  }
}
