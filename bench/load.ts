/**
 * Load benchmark, bounded and on loopback: N concurrent full downloads of a master (signed-in
 * journalists, the real route) plus page loads (home, story, video page, search, API) for S seconds,
 * against one portal process on the embedded database. The load comes from another process
 * (bench/load-client.mjs), so the portal's memory is its own: its RSS is sampled every 250 ms.
 * Reports errors (any status other than 200, short bodies, resets), throughput, page latency
 * percentiles and RSS (idle, peak, after). The reference measured in the same run is the page
 * latency of the idle portal (the loaded p50 is printed as a ratio of it).
 * Run: npx tsx bench/load.ts [--seconds 60] [--downloads 200] [--pages 20] [--users 20]
 *   [--master-seconds 2] [--json]   (the master: 720p50 with noise, about 38 MB a second; cached)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { callOperator } from '../src/platform/operator-channel.ts';
import { startPortal } from '../src/portal.ts';
import { freePort } from '../test/support/nginx.ts';
import { noiseMaster, publishedStory } from './fixtures.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    downloads: { type: 'string', default: '200' },
    pages: { type: 'string', default: '20' },
    users: { type: 'string', default: '20' },
    'master-seconds': { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const DOWNLOADS = Number(values.downloads);
const PAGES = Number(values.pages);
const USERS = Number(values.users);
const MASTER_SECONDS = Number(values['master-seconds']);
const CACHE = resolve(import.meta.dirname, '../.cache/bench-load');
const PASSWORD = 'Quartz-Lantern-42!';
const log = values.json ? () => {} : (line: string) => console.log(line);

interface LoadReport {
  seconds: number;
  downloads: number;
  downloadBytes: number;
  pages: number;
  errors: number;
  errorSamples: string[];
  pageLatencyMs: { p50: number; p99: number; max: number };
}

function runClient(config: object): Promise<LoadReport> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, 'load-client.mjs'), JSON.stringify(config)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolvePromise(JSON.parse(out) as LoadReport)
        : reject(new Error(`load client ended ${code}`)),
    );
  });
}

const work = await mkdtemp(join(tmpdir(), 'bench-load-'));
const dataDir = join(work, 'data');
const port = await freePort();
const portal = await startPortal({
  config: loadConfig({ PORT: String(port), DATA_DIR: dataDir, DEMO: '0', LOG_LEVEL: 'warn' }),
  web: true,
  worker: true,
  logger: pino({ level: 'warn' }),
});
const base = portal.url ?? '';
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

try {
  const db = portal.database.db;
  await publishedStory(db, 'load');
  const { id } = await portal.ingest({
    path: await noiseMaster(CACHE, { height: 720, seconds: MASTER_SECONDS }),
    title: 'Load',
    story: 'load',
  });
  for (;;) {
    const row = await db
      .selectFrom('videos')
      .select(['status', 'error'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (row.status === 'failed') throw new Error(`ingest failed: ${row.error}`);
    if (row.status === 'ready') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const head = await fetch(`${base}/api/v1/videos/${id}`);
  const video = (await head.json()) as { renditions: { name: string; size: number }[] };
  const size = video.renditions.find((r) => r.name === 'master')?.size ?? 0;

  const cookies: string[] = [];
  for (let i = 0; i < USERS; i += 1) {
    const email = `load-${i}@example.org`;
    await callOperator(dataDir, 'users/create', { email, password: PASSWORD, verified: true });
    const session = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    if (session.status !== 200) throw new Error(`sign-in answered ${session.status}`);
    cookies.push(
      session.headers
        .getSetCookie()
        .map((line) => line.split(';')[0])
        .join('; '),
    );
  }
  const pagePaths = ['/en/', '/fr/', '/en/stories/load', '/fr/stories/load', `/en/videos/${id}`].concat([
    `/api/v1/videos/${id}`,
    '/api/v1/stories?lang=fr',
    '/en/search?q=load',
  ]);
  const download = `/api/v1/videos/${id}/renditions/master/file`;

  // The reference: the same pages, one at a time, on the idle portal.
  const idle = await runClient({
    base,
    seconds: 3,
    downloads: 0,
    pages: 1,
    cookies,
    pagePaths,
    download,
    size,
  });
  const idleRss = process.memoryUsage().rss;
  let peakRss = idleRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 250);
  log(
    `loading: ${DOWNLOADS} downloads of ${mb(size)} MiB and ${PAGES} page loaders at once for ${SECONDS} s…`,
  );
  const loaded = await runClient({
    base,
    seconds: SECONDS,
    downloads: DOWNLOADS,
    pages: PAGES,
    cookies,
    pagePaths,
    download,
    size,
  });
  clearInterval(sampler);
  const afterRss = process.memoryUsage().rss;
  const result = {
    ...loaded,
    idlePageLatencyMs: idle.pageLatencyMs,
    pageP50Ratio: loaded.pageLatencyMs.p50 / Math.max(idle.pageLatencyMs.p50, 0.01),
    rssMiB: { idle: mb(idleRss), peak: mb(peakRss), after: mb(afterRss) },
    masterMiB: mb(size),
  };
  if (values.json) console.log(JSON.stringify(result));
  else {
    log(
      `${loaded.downloads} full downloads (${(loaded.downloadBytes / 1e9).toFixed(1)} GB, ${(loaded.downloadBytes / 1e6 / loaded.seconds).toFixed(0)} MB/s) and ${loaded.pages} pages in ${loaded.seconds.toFixed(1)} s; errors: ${loaded.errors}`,
    );
    log(
      `page latency loaded p50 ${loaded.pageLatencyMs.p50.toFixed(1)} ms, p99 ${loaded.pageLatencyMs.p99.toFixed(1)} ms; idle p50 ${idle.pageLatencyMs.p50.toFixed(1)} ms = ${result.pageP50Ratio.toFixed(1)}x`,
    );
    log(
      `portal RSS: idle ${result.rssMiB.idle} MiB, peak ${result.rssMiB.peak} MiB, after ${result.rssMiB.after} MiB`,
    );
    for (const sample of loaded.errorSamples) log(`  error: ${sample}`);
  }
} finally {
  await portal.stop();
  await rm(work, { recursive: true, force: true });
}
