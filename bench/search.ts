/**
 * Search benchmark: N generated stories per language (bench/search-corpus.ts: Zipf word frequencies,
 * realistic lengths, not copied text), indexed by the real indexer, then 1,000 queries of 1–4 words
 * drawn the same way through the search service (count, facets, page, highlights, suggestion when
 * nothing matches) against the catalogue's ILIKE search (count + page) measured in the same run on
 * the same database, in each database mode. Prints p50/p95/p99 and the ratios.
 * The generated database is kept under .cache/bench-search/ (bench/search-database.ts), keyed by its
 * parameters and the code that shapes it.
 * Run: npx tsx bench/search.ts [--stories 10000] [--queries 1000] [--reference-queries 200]
 *      [--modes pglite,postgres] [--fresh] [--no-cache] [--slowest 10]
 *      (postgres: a local server started on the cached data directory)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { listStories } from '../src/catalog/stories.ts';
import type { DatabaseHandle } from '../src/platform/db/database.ts';
import { searchDb } from '../src/search/db.ts';
import { runSearch } from '../src/search/service.ts';
import { type Lang, queryText, random, type Vocabulary, vocabulary } from './search-corpus.ts';
import { benchDatabase } from './search-database.ts';

const { values } = parseArgs({
  options: {
    stories: { type: 'string', default: '10000' },
    queries: { type: 'string', default: '1000' },
    'reference-queries': { type: 'string', default: '200' },
    modes: { type: 'string', default: 'pglite,postgres' },
    fresh: { type: 'boolean', default: false },
    'no-cache': { type: 'boolean', default: false },
    slowest: { type: 'string', default: '0' },
  },
});
const STORIES = Number(values.stories);
const QUERIES = Number(values.queries);
const SLOWEST = Number(values.slowest);
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

/** Seconds of CPU (user + system) used by a process, and its parent's pid, from /proc (Linux). */
function procStat(pid: number): { cpu: number; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { cpu: (Number(fields[11]) + Number(fields[12])) / 100, ppid: Number(fields[1]) };
  } catch {
    return null;
  }
}

/** CPU seconds of a local PostgreSQL server: its postmaster and every process it started. */
function serverCpu(postmaster: number | null): number {
  if (postmaster === null) return 0;
  let total = procStat(postmaster)?.cpu ?? 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = procStat(Number(entry));
    if (s?.ppid === postmaster) total += s.cpu;
  }
  return total;
}

function clientCpu(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

async function measure(label: string, database: DatabaseHandle, built: string): Promise<string> {
  const db = database.db;
  console.log(`${label}: ${STORIES} stories per language, ${built}`);
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
  // PostgreSQL: the server's processes, whose CPU is counted with the bench's (PGlite runs in it).
  const postmaster =
    label === 'postgres'
      ? (procStat(
          Number((await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db)).rows[0]?.pid),
        )?.ppid ?? null)
      : null;
  const cpuBefore = clientCpu() + serverCpu(postmaster);
  const wallBefore = performance.now();
  const fullText: number[] = [];
  const timed: { ms: number; lang: Lang; q: string; total: number }[] = [];
  let matched = 0;
  let suggested = 0;
  for (const { lang, q } of queries) {
    const started = performance.now();
    const outcome = await runSearch(searchDb(db), { q }, lang, access);
    const elapsed = performance.now() - started;
    fullText.push(elapsed);
    timed.push({ ms: elapsed, lang, q, total: outcome.ok ? outcome.answer.total : -1 });
    if (outcome.ok && outcome.answer.total > 0) matched += 1;
    if (outcome.ok && outcome.answer.suggestion) suggested += 1;
  }
  const cpu = clientCpu() + serverCpu(postmaster) - cpuBefore;
  const wall = (performance.now() - wallBefore) / 1000;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const cpuLine = `${QUERIES} queries in ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU (bench${postmaster ? ' + server' : ''}): ${((cpu / QUERIES) * 1000).toFixed(1)} ms CPU a query; load average ${load}`;
  console.log(`  ${cpuLine}`);
  for (const t of timed.sort((a, b) => b.ms - a.ms).slice(0, SLOWEST))
    console.log(`  slow: ${ms(t.ms)} [${t.lang}] ${JSON.stringify(t.q)} total ${t.total}`);
  const ilike: number[] = [];
  for (const { lang, q } of queries.slice(0, REFERENCE_QUERIES)) {
    const started = performance.now();
    await listStories(db, lang, { query: q });
    ilike.push(performance.now() - started);
  }
  const s = summary(fullText);
  const r = summary(ilike);
  const line = `${label}: full text p50 ${ms(s.p50)} p95 ${ms(s.p95)} p99 ${ms(s.p99)} (${QUERIES} queries, ${matched} with hits, ${suggested} with a suggestion); ILIKE p50 ${ms(r.p50)} p95 ${ms(r.p95)} p99 ${ms(r.p99)} (${REFERENCE_QUERIES} queries); p95 ratio full text / ILIKE ${(s.p95 / r.p95).toFixed(3)}; goal p95 ≤ 20 ms: ${s.p95 <= 20 ? 'met' : 'not met'}; ${cpuLine}`;
  console.log(line);
  return line;
}

const results: string[] = [];
for (const mode of (values.modes ?? '').split(',').filter(Boolean)) {
  if (mode !== 'pglite' && mode !== 'postgres') throw new Error(`unknown mode ${mode}`);
  const bench = await benchDatabase(mode, STORIES, vocabularies, {
    fresh: values.fresh === true,
    keep: values['no-cache'] !== true,
    vocabularySize: VOCABULARY_SIZE,
  });
  const { fillSeconds, indexSeconds, documents } = bench.recorded;
  const built = `${bench.built ? 'built now' : 'from the cache'}: written in ${fillSeconds.toFixed(0)} s, ${documents} documents indexed in ${indexSeconds.toFixed(0)} s`;
  try {
    results.push(await measure(mode, bench.database, built));
  } finally {
    await bench.close();
  }
}
console.log(`\n${results.join('\n')}`);
