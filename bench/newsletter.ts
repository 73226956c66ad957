/**
 * Newsletter delivery: a special edition to N subscribers through a real portal process (`portal
 * start`, its database in each mode) to a local SMTP server (smtp-server) that counts what it
 * receives per address.
 *
 *   npx tsx bench/newsletter.ts [--subscribers 10000] [--modes pglite,postgres] [--rate 0] [--parallel 8] [--kills 3]
 *
 * Per mode, two runs on fresh data: a clean run (messages per second from the send request to the
 * last message received, the portal's peak resident memory) and, on the embedded database, a run
 * killed with SIGKILL --kills times (at even fractions of the edition: a quarter, half, three quarters
 * by default) and restarted each time, until every ledger row is
 * settled (on a server a dead process's claims wait for the 10-minute stale-claim delay). Both count duplicates
 * (an address that received the edition twice) and losses (an address that received nothing). The
 * reference, measured in the same run: the portal's own mail adapter alone (src/platform/mail, the
 * same pooled nodemailer transport) in a process of its own (bench/newsletter-reference.ts), sending
 * N messages of the portal's mean size one after another to the same server, as the delivery job does. NEWSLETTER_RATE is 0 (no pacing) unless --rate is given.
 * Both report CPU milliseconds a message (user + system), which a loaded machine disturbs less than
 * the rate. BENCH_CPU_PROFILE=DIR writes the portal's V8 CPU profiles there (`--cpu-prof`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { openPglite, openPostgres } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrator.ts';
import type { Database } from '../src/platform/db/schema.ts';
import { callOperator } from '../src/platform/operator-channel.ts';
import { freePort } from '../test/support/nginx.ts';
import { startPgServer } from '../test/support/pg-server.ts';

const { values: args } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '10000' },
    modes: { type: 'string', default: 'pglite,postgres' },
    rate: { type: 'string', default: '0' },
    parallel: { type: 'string', default: '8' },
    kills: { type: 'string', default: '3' },
  },
});
const N = Number(args.subscribers);
const KILLS = Number(args.kills);
const BIN = resolve(import.meta.dirname, '../bin/portal.js');
const STORIES = 5;
const PASSWORD = 'Quartz-Lantern-42!';

/** A signed-in API client: the session cookie kept, the Origin the CSRF check wants. */
function client(base: string) {
  const jar = new Map<string, string>();
  return {
    async api(method: string, path: string, body?: unknown): Promise<Response> {
      const response = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: {
          origin: base,
          'accept-language': 'en',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(jar.size ? { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const at = pair.indexOf('=');
        jar.set(pair.slice(0, at), pair.slice(at + 1));
      }
      return response;
    },
  };
}
type Client = ReturnType<typeof client>;

/** An SMTP server that keeps, per envelope recipient, how many messages arrived, and their bytes. */
async function startSink() {
  const perAddress = new Map<string, number>();
  let received = 0;
  let bytes = 0;
  let lastAt = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
      });
      stream.on('end', () => {
        for (const to of session.envelope.rcptTo) {
          const address = to.address.toLowerCase();
          perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
        }
        received += 1;
        bytes += size;
        lastAt = performance.now();
        callback();
      });
    },
  });
  // A portal killed mid-conversation resets its connections: expected, not a failure of the bench.
  server.on('error', () => undefined);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    get received() {
      return received;
    },
    get lastAt() {
      return lastAt;
    },
    get meanSize() {
      return received ? bytes / received : 0;
    },
    perAddress,
    reset() {
      perAddress.clear();
      received = 0;
      bytes = 0;
      lastAt = 0;
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
type Sink = Awaited<ReturnType<typeof startSink>>;

function subscriberRows(count: number) {
  const now = new Date();
  return Array.from({ length: count }, (_, i) => ({
    email: `reader${i}@example.org`,
    email_normalized: `reader${i}@example.org`,
    user_id: null,
    language: i % 2 === 0 ? ('fr' as const) : ('en' as const),
    frequency: 'weekly' as const,
    topics: '[]',
    status: 'active' as const,
    confirm_token_hash: null,
    confirm_expires_at: null,
    consent_text: 'bench',
    consent_requested_at: now,
    confirmed_at: now,
    cursor_at: now,
    last_digest_at: now,
  }));
}

interface Place {
  dataDir: string;
  databaseUrl: string | null;
  cleanup(): Promise<void>;
}

/** A fresh data dir (and database), migrated, with N confirmed subscribers. */
async function prepare(mode: string, adminUrl: string | null): Promise<Place> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-newsletter-'));
  let databaseUrl: string | null = null;
  let dropName: string | null = null;
  if (mode === 'postgres') {
    if (!adminUrl) throw new Error('no PostgreSQL server');
    dropName = `bench_newsletter_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dropName}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${dropName}`;
    databaseUrl = url.toString();
  }
  const handle = databaseUrl ? await openPostgres(databaseUrl) : await openPglite(join(dataDir, 'db'));
  await migrateToLatest(handle.db);
  const rows = subscriberRows(N);
  for (let i = 0; i < rows.length; i += 1000)
    await handle.db
      .insertInto('newsletter_subscribers' as keyof Database)
      .values(rows.slice(i, i + 1000) as never)
      .execute();
  await handle.close();
  return {
    dataDir,
    databaseUrl,
    async cleanup() {
      await rm(dataDir, { recursive: true, force: true });
      if (dropName && adminUrl) {
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${dropName} WITH (FORCE)`);
        await admin.end();
      }
    },
  };
}

async function until<T>(
  probe: () => Promise<T | null> | T | null,
  what: string,
  ms = 600_000,
  every = 20,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** The portal's API asked at most every half second while it sends: its answers cost the portal CPU. */
const SETTLED_POLL_MS = 500;

/** A `portal start` child process with its peak resident memory sampled. */
async function startPortal(place: Place, sink: Sink) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CPU_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
        : []),
      BIN,
      'start',
    ],
    {
      env: {
        ...process.env,
        DATA_DIR: place.dataDir,
        ...(place.databaseUrl ? { DATABASE_URL: place.databaseUrl } : {}),
        PORT: String(port),
        DEMO: '0',
        LOG_LEVEL: 'error',
        SMTP_URL: sink.url,
        NEWSLETTER_RATE: args.rate,
        NEWSLETTER_PARALLEL: args.parallel,
        PUBLIC_URL: 'http://portal.example',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  let peakRss = 0;
  const sampler = setInterval(async () => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    peakRss = Math.max(peakRss, kb * 1024);
  }, 200);
  await until(
    async () => (await fetch(`${base}/readyz`).catch(() => null))?.ok || null,
    'the portal',
    120_000,
  );
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  return {
    base,
    get peakRss() {
      return peakRss;
    },
    /** CPU seconds the portal has used (user + system, from /proc: 100 ticks a second). */
    async cpuSeconds() {
      const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    async stop(signal: NodeJS.Signals) {
      clearInterval(sampler);
      child.kill(signal);
      await exited;
    },
  };
}

async function signInEditor(place: Place, base: string) {
  await callOperator(place.dataDir, 'users/create', {
    email: 'editor@example.org',
    password: PASSWORD,
    role: 'editor',
    verified: true,
  }).catch(() => undefined); // already there after a restart
  const editor = client(base);
  const session = await editor.api('POST', '/session', {
    email: 'editor@example.org',
    password: PASSWORD,
  });
  if (session.status !== 200) throw new Error(`editor sign-in: ${session.status}`);
  return editor;
}

/** Five published stories in both languages, so that each message carries a real digest. */
async function publishStories(editor: Client) {
  const paragraph = (lang: string, i: number) =>
    `${lang === 'fr' ? 'Les ministres se sont réunis' : 'Ministers met'} (${i}). `.repeat(20);
  for (let i = 1; i <= STORIES; i += 1) {
    const created = await editor.api('POST', '/stories', {
      translations: {
        fr: {
          title: `Réunion des ministres n° ${i}`,
          standfirst: paragraph('fr', i).slice(0, 200),
          body: paragraph('fr', i),
        },
        en: {
          title: `Ministers' meeting no. ${i}`,
          standfirst: paragraph('en', i).slice(0, 200),
          body: paragraph('en', i),
        },
      },
    });
    if (created.status !== 201) throw new Error(`story: ${created.status} ${await created.text()}`);
    const { id } = (await created.json()) as { id: number };
    const published = await editor.api('POST', `/stories/${id}/publish`, {});
    if (published.status !== 200) throw new Error(`publish: ${published.status}`);
  }
}

async function sendEdition(editor: Client): Promise<string> {
  const created = await editor.api('POST', '/newsletter/editions', {
    intro: { fr: 'Les nouvelles de la semaine.', en: 'This week’s news.' },
  });
  if (created.status !== 201) throw new Error(`edition: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const sent = await editor.api('POST', `/newsletter/editions/${id}/send`, {});
  if (sent.status !== 202) throw new Error(`send: ${sent.status}`);
  return id;
}

async function settled(editor: Client, editionId: string) {
  const response = await editor.api('GET', '/newsletter/editions');
  if (!response.ok) return null;
  const list = (await response.json()) as {
    items: { id: string; recipients: number; sent: number; failed: number }[];
  };
  const item = list.items.find((e) => e.id === editionId);
  return item && item.sent + item.failed === N ? item : null;
}

function tally(sink: Sink) {
  const counts = [...sink.perAddress.values()];
  return { duplicates: counts.filter((n) => n > 1).length, losses: N - sink.perAddress.size };
}

async function cleanRun(mode: string, adminUrl: string | null, sink: Sink) {
  const place = await prepare(mode, adminUrl);
  sink.reset();
  const portal = await startPortal(place, sink);
  try {
    const editor = await signInEditor(place, portal.base);
    await publishStories(editor);
    const started = performance.now();
    const cpuBefore = await portal.cpuSeconds();
    const editionId = await sendEdition(editor);
    const done = await until(
      () => settled(editor, editionId),
      'the edition to be sent',
      600_000,
      SETTLED_POLL_MS,
    );
    await until(() => sink.received >= done.sent || null, 'the last messages');
    const seconds = (sink.lastAt - started) / 1000;
    return {
      seconds,
      cpuMsPerMessage: (((await portal.cpuSeconds()) - cpuBefore) * 1000) / sink.received,
      rate: sink.received / seconds,
      peakRss: portal.peakRss,
      size: sink.meanSize,
      ...tally(sink),
      ledger: done,
    };
  } finally {
    await portal.stop('SIGTERM');
    await place.cleanup();
  }
}

async function killedRun(mode: string, adminUrl: string | null, sink: Sink) {
  const place = await prepare(mode, adminUrl);
  sink.reset();
  let portal = await startPortal(place, sink);
  try {
    let editor = await signInEditor(place, portal.base);
    await publishStories(editor);
    const editionId = await sendEdition(editor);
    // Killed KILLS times, at even fractions of the edition, and restarted each time.
    const atKill: number[] = [];
    for (let k = 1; k <= KILLS; k += 1) {
      await until(() => sink.received >= (N * k) / (KILLS + 1) || null, `${k}/${KILLS + 1} of the edition`);
      await portal.stop('SIGKILL');
      atKill.push(sink.received);
      portal = await startPortal(place, sink);
      editor = await signInEditor(place, portal.base);
    }
    const done = await until(
      () => settled(editor, editionId),
      'every message settled after the restart',
      600_000,
      SETTLED_POLL_MS,
    );
    await new Promise((r) => setTimeout(r, 500));
    return { atKill, ...tally(sink), ledger: done };
  } finally {
    await portal.stop('SIGTERM');
    await place.cleanup();
  }
}

/** The mail adapter alone, in its own process: N messages of the portal's mean size, one after another. */
async function reference(sink: Sink, size: number) {
  sink.reset();
  const script = resolve(import.meta.dirname, 'newsletter-reference.ts');
  const output = await new Promise<string>((ok, fail) => {
    let out = '';
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', script, sink.url, String(N), String(Math.round(size))],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`reference exited ${code}`))));
  });
  const [seconds = 0, cpu = 0] = output.trim().split(' ').map(Number);
  return { seconds, cpuMsPerMessage: (cpu * 1000) / N, rate: N / seconds, size: sink.meanSize };
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const sink = await startSink();
let pgServer: Awaited<ReturnType<typeof startPgServer>> = null;
try {
  console.log(
    `newsletter: ${N} subscribers, NEWSLETTER_RATE=${args.rate}, NEWSLETTER_PARALLEL=${args.parallel}, load ${(await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ')}`,
  );
  for (const mode of (args.modes ?? '').split(',').filter(Boolean)) {
    let adminUrl: string | null = null;
    if (mode === 'postgres') {
      adminUrl = process.env.DATABASE_URL ?? null;
      if (!adminUrl) {
        pgServer = await startPgServer();
        adminUrl = pgServer?.adminUrl ?? null;
      }
      if (!adminUrl) {
        console.log('postgres: no server (set DATABASE_URL or install postgresql)');
        continue;
      }
    }
    const clean = await cleanRun(mode, adminUrl, sink);
    const floor = await reference(sink, clean.size);
    console.log(
      `${mode} clean: ${clean.seconds.toFixed(1)} s, ${clean.rate.toFixed(0)} messages/s, CPU ${clean.cpuMsPerMessage.toFixed(2)} ms a message (mean ${Math.round(clean.size / 1024)} kB), peak RSS ${mb(clean.peakRss)}, duplicates ${clean.duplicates}, losses ${clean.losses}, ledger sent ${clean.ledger.sent} failed ${clean.ledger.failed}`,
    );
    console.log(
      `${mode} reference (mail adapter alone, same size): ${floor.seconds.toFixed(1)} s, ${floor.rate.toFixed(0)} messages/s, CPU ${floor.cpuMsPerMessage.toFixed(2)} ms a message; portal / reference ${(clean.rate / floor.rate).toFixed(2)}`,
    );
    if (mode !== 'pglite') {
      // On a server, a dead process's claims are settled only after the stale-claim delay (10 min).
      console.log(`${mode} kill -9: not run (a dead process's claims wait 10 minutes on a server)`);
      continue;
    }
    const killed = await killedRun(mode, adminUrl, sink);
    console.log(
      `${mode} kill -9 after ${killed.atKill.join(', ')} messages: duplicates ${killed.duplicates}, losses ${killed.losses}, ledger sent ${killed.ledger.sent} failed (uncertain) ${killed.ledger.failed}`,
    );
  }
} finally {
  await sink.close();
  pgServer?.stop();
}
