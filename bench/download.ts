/**
 * Download benchmark: 16 concurrent full downloads of the same master from the portal (signed in,
 * through the real route: session, authorisation, history, ranges logic) against nginx serving the
 * same file with sendfile, in the same run, on loopback. Clients are curl processes writing to
 * /dev/null. Rounds alternate nginx and portal; the median round of each is reported.
 * Run: npx tsx bench/download.ts [--rounds 3] [--clients 16] [--seconds 2]
 * (--seconds: length of the generated 1080p50 master, ~105 MB per second; cached in .cache).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { callOperator } from '../src/platform/operator-channel.ts';
import { startPortal } from '../src/portal.ts';
import { freePort } from '../test/support/nginx.ts';
import { noiseMaster, publishedStory } from './fixtures.ts';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    clients: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '2' },
  },
});
const ROUNDS = Number(values.rounds);
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);
const ROUND_TIMEOUT_S = 120;
const CACHE = resolve(import.meta.dirname, '../.cache/bench-download');
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
if (!NGINX) {
  console.error('nginx is missing: apt-get install -y nginx-light');
  process.exit(2);
}

async function startNginx(
  dir: string,
  file: string,
  portal: { port: number; mediaDir: string },
): Promise<{ url: string; base: string; child: ChildProcess }> {
  const port = await freePort();
  // The portal keeps $DATA_DIR and its media 0750 (readable by nginx's group in production); here
  // nginx's workers run as root, as in the offload tests (test/support/nginx.ts).
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  const config = `${user}
worker_processes auto;
daemon off;
master_process on;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location = /master.mp4 { alias ${file}; default_type video/mp4; }
    # The portal behind nginx: it authorises, nginx sends the bytes (DOWNLOAD_ACCEL_REDIRECT=/_media/).
    location /api/ { proxy_pass http://127.0.0.1:${portal.port}; proxy_buffering on; }
    location /_media/ { internal; alias ${portal.mediaDir}/; }
  }
}
`;
  await writeFile(join(dir, 'nginx.conf'), config);
  const child = spawn(NGINX!, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}/master.mp4`;
  for (let i = 0; i < 100; i += 1) {
    const ok = await fetch(url, { method: 'HEAD' }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, base: `http://127.0.0.1:${port}`, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error(`nginx did not start; see ${dir}/error.log`);
}

interface Round {
  seconds: number;
  bytes: number;
  mbPerSecond: number;
}

/** CLIENTS curl processes at once, each one full download; wall time from start to the last byte. */
async function round(url: string, headers: string[], expectedBytes: number): Promise<Round> {
  const started = process.hrtime.bigint();
  const results = await Promise.all(
    Array.from({ length: CLIENTS }, () =>
      run('curl', [
        ...['-sS', '-f', '-o', '/dev/null', '--max-time', String(ROUND_TIMEOUT_S)],
        ...headers.flatMap((h) => ['-H', h]),
        ...['-w', '%{size_download}', url],
      ]),
    ),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const bytes = results.reduce((sum, r) => sum + Number(r.stdout), 0);
  if (bytes !== expectedBytes * CLIENTS)
    throw new Error(`short downloads: ${bytes} of ${expectedBytes * CLIENTS}`);
  return { seconds, bytes, mbPerSecond: bytes / 1e6 / seconds };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const work = await mkdtemp(join(tmpdir(), 'bench-download-'));
// nginx's workers run as an unprivileged user: let them read the stored master.
await chmod(work, 0o755);
const dataDir = join(work, 'data');
const port = await freePort();
const portalConfig = (accel: boolean) =>
  loadConfig({
    PORT: String(port),
    DATA_DIR: dataDir,
    DEMO: '0',
    LOG_LEVEL: 'warn',
    ...(accel ? { DOWNLOAD_ACCEL_REDIRECT: '/_media/' } : {}),
  });
let nginx: ChildProcess | null = null;
let portal = await startPortal({
  config: portalConfig(false),
  web: true,
  worker: true,
  logger: pino({ level: 'warn' }),
});

async function compare(label: string, reference: string, candidate: string, cookie: string, size: number) {
  await round(reference, [], size);
  await round(candidate, [`Cookie: ${cookie}`], size);
  const n: Round[] = [];
  const p: Round[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    n.push(await round(reference, [], size));
    p.push(await round(candidate, [`Cookie: ${cookie}`], size));
    console.log(
      `  round ${i + 1}: nginx ${n[i]!.mbPerSecond.toFixed(0)} MB/s (${n[i]!.seconds.toFixed(2)} s), ${label} ${p[i]!.mbPerSecond.toFixed(0)} MB/s (${p[i]!.seconds.toFixed(2)} s)`,
    );
  }
  const nginxMb = median(n.map((r) => r.mbPerSecond));
  const portalMb = median(p.map((r) => r.mbPerSecond));
  const ratio = portalMb / nginxMb;
  console.log(
    `${label}: ${portalMb.toFixed(0)} MB/s vs nginx sendfile ${nginxMb.toFixed(0)} MB/s = ${ratio.toFixed(2)}x (goal >= 0.8: ${ratio >= 0.8 ? 'met' : 'not met'})`,
  );
}

try {
  const source = await noiseMaster(CACHE, { height: 1080, seconds: SECONDS });
  await publishedStory(portal.database.db, 'bench');
  const { id } = await portal.ingest({ path: source, title: 'Bench', story: 'bench' });
  let row: { status: string; master_path: string | null; master_size: string | null; error: string | null };
  for (;;) {
    row = await portal.database.db
      .selectFrom('videos')
      .select(['status', 'master_path', 'master_size', 'error'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (row.status === 'failed') throw new Error(`ingest failed: ${row.error}`);
    if (row.status === 'ready') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const file = join(portal.mediaDir, row.master_path!);
  const size = Number(row.master_size);
  const email = 'bench@example.org';
  const password = 'Quartz-Lantern-42!';
  await callOperator(dataDir, 'users/create', { email, password, verified: true });
  const session = await fetch(`${portal.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = session.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const started = await startNginx(work, file, { port, mediaDir: portal.mediaDir });
  nginx = started.child;
  const path = `/api/v1/videos/${id}/renditions/master/file`;
  console.log(
    `master ${(size / 1e6).toFixed(1)} MB, ${CLIENTS} concurrent full downloads, ${ROUNDS} rounds each, loopback, ${cpus().length} cores`,
  );
  await compare('portal (Node streams the file)', started.url, `${portal.url}${path}`, cookie, size);

  // The same portal behind nginx, which sends the bytes once the portal has authorised.
  await portal.stop();
  portal = await startPortal({
    config: portalConfig(true),
    web: true,
    worker: false,
    logger: pino({ level: 'warn' }),
  });
  const viaNginx = `${started.base}${path}`;
  const probe = await fetch(viaNginx, { method: 'HEAD', headers: { cookie } });
  console.log(
    `  offload headers: ${probe.status} etag ${probe.headers.get('etag')} disposition ${probe.headers.get('content-disposition')}`,
  );
  await compare('portal behind nginx (X-Accel-Redirect)', started.url, viaNginx, cookie, size);
} finally {
  if (nginx) nginx.kill('SIGQUIT');
  await portal.stop();
  await rm(work, { recursive: true, force: true });
}
