/**
 * Page benchmark: the story page of a running portal (embedded PGlite, demo content) against a bare
 * Fastify route, measured in the same run with autocannon in a separate process on loopback.
 * Run: npx tsx bench/pages.ts [seconds=10] [connections=10]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { startPortal } from '../src/portal.ts';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 10);
const AUTOCANNON = resolve(import.meta.dirname, '../node_modules/autocannon/autocannon.js');

interface Result {
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
}

// Async, so the servers in this process keep answering while autocannon runs in its own process.
async function load(url: string): Promise<Result> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [AUTOCANNON, '-j', '-c', String(connections), '-d', String(seconds), url],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const json = JSON.parse(stdout);
  return { rps: json.requests.average, p99: json.latency.p99, errors: json.errors, non2xx: json.non2xx };
}

const dataDir = await mkdtemp(join(tmpdir(), 'portal-bench-'));
const portal = await startPortal({
  config: loadConfig({ PORT: '0', DATA_DIR: dataDir, DEMO: '1', LOG_LEVEL: 'warn' }),
  web: true,
  worker: false, // content only: the videos' renders are not part of this measurement
  logger: pino({ level: 'warn' }),
});
const bare = Fastify();
bare.get('/hello', async () => 'hello');
await bare.listen({ port: 0, host: '127.0.0.1' });
const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/hello`;

const stories = (await (await fetch(`${portal.url}/api/v1/stories?lang=fr`)).json()) as {
  items: { slug: string }[];
};
const storyUrl = `${portal.url}/fr/stories/${stories.items[0]?.slug}`;

// Warm up both, then measure.
await load(storyUrl);
const story = await load(storyUrl);
const reference = await load(bareUrl);

const ratio = story.rps / reference.rps;
console.log(
  `story page   ${story.rps.toFixed(0)} req/s  p99 ${story.p99} ms  errors ${story.errors} non-2xx ${story.non2xx}`,
);
console.log(`bare Fastify ${reference.rps.toFixed(0)} req/s  p99 ${reference.p99} ms`);
console.log(`ratio story/bare = ${ratio.toFixed(3)} (goal >= 0.25) ${ratio >= 0.25 ? 'MET' : 'NOT MET'}`);

await bare.close();
await portal.stop();
await rm(dataDir, { recursive: true, force: true });
