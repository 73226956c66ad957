/**
 * The `portal` command as operators run it: configuration errors, kill -9 during the first demo render
 * (a short demo, DEMO_SECONDS) and during an ingest. Deadlines scale with the machine's load.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../support/run-command.ts';
import { StopWaiting, scaled, waitFor } from '../support/time-scale.ts';

const BIN = resolve(import.meta.dirname, '../../bin/portal.js');

function runPortal(env: Record<string, string>, args = ['start']) {
  return runCommand(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    timeoutMs: scaled(60_000),
  });
}

/** An editor created with `portal users create` (through the running portal), signed in: its cookie. */
async function editorCookie(dataDir: string, base: string): Promise<string> {
  const email = 'editor@example.org';
  const password = 'Quartz-Lantern-42!';
  const created = await runCommand(
    process.execPath,
    [BIN, 'users', 'create', '--email', email, '--password', password, '--role', 'editor', '--verified'],
    { env: { ...process.env, DATA_DIR: dataDir }, timeoutMs: scaled(60_000) },
  );
  expect(created.status, created.stderr).toBe(0);
  const session = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(session.status).toBe(200);
  return session.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
}

describe('portal command configuration errors', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://portal@127.0.0.1:1/nowhere' }, 'DATABASE_URL'],
    [{ SMTP_URL: 'mail.example' }, 'SMTP_URL'],
  ])('%o stops with one line naming %s', async (env, variable) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'portal-cli-'));
    const result = await runPortal({ DATA_DIR: dataDir, ...env });
    await rm(dataDir, { recursive: true, force: true });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(variable);
    expect(lines[0]).toMatch(/^portal: /);
  });

  it('prints usage for an unknown command', async () => {
    const result = await runPortal({}, ['frobnicate']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command');
  });
});

function startProcess(dataDir: string, port: number, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, 'start'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Demo videos of 2 s (100 frames, the shortest DEMO_SECONDS allows) instead of 20: the same render,
 * restart and ingest (one preview segment each), a tenth of the work. A render still writes its
 * first 100 kB within a few hundredths of a second, so the kill below lands in one.
 */
const DEMO_SECONDS = 2;

describe('kill -9 during the first demo render', () => {
  let dataDir = '';
  let child: ChildProcess | null = null;
  afterAll(async () => {
    child?.kill('SIGKILL');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('ends with complete demo videos and no half files after a restart', {
    timeout: scaled(600_000),
  }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'portal-kill-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const demoDir = join(dataDir, 'media', 'demo');
    child = startProcess(dataDir, port, { DEMO_SECONDS: String(DEMO_SECONDS) });
    // Once a render has written a little (whichever is under way: a short one may finish meanwhile),
    // kill it hard.
    await waitFor(
      async () => {
        for (const name of await readdir(demoDir)) {
          if (!name.includes('.tmp-')) continue;
          const size = await stat(join(demoDir, name)).then(
            (s) => s.size,
            () => 0,
          );
          if (size > 100_000) return true;
        }
        return null;
      },
      180_000,
      'a demo render under way',
      100,
    );
    child.kill('SIGKILL');
    await new Promise((r) => child?.once('exit', r));

    child = startProcess(dataDir, port, { DEMO_SECONDS: String(DEMO_SECONDS) });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/readyz`)).ok || null, 60_000, 'the portal to be ready');
    const stories = await (await fetch(`${base}/api/v1/stories?lang=en`)).json();
    const videoIds = (stories.items as { videoIds: string[] }[]).flatMap((s) => s.videoIds);
    expect(videoIds).toHaveLength(6);
    await waitFor(
      async () => {
        const statuses = await Promise.all(
          videoIds.map(
            async (id) => (await (await fetch(`${base}/api/v1/videos/${id}`)).json()).status as string,
          ),
        );
        if (statuses.includes('failed')) throw new StopWaiting(`a demo video failed: ${statuses}`);
        return statuses.every((s) => s === 'ready') || null;
      },
      400_000,
      'every demo video to be ready',
    );
    const files = await readdir(demoDir);
    expect(files.filter((name) => name.includes('.tmp'))).toEqual([]);
    const masters = files.filter((name) => name.endsWith('.mp4'));
    expect(masters).toHaveLength(6);
    for (const name of masters) {
      const probe = spawnSync(
        'ffprobe',
        [
          '-v',
          'error',
          '-select_streams',
          'v:0',
          '-count_packets',
          '-show_entries',
          'stream=nb_read_packets',
          '-of',
          'csv=p=0',
          join(demoDir, name),
        ],
        { encoding: 'utf8' },
      );
      expect(Number(probe.stdout.trim()), name).toBe(DEMO_SECONDS * 50);
    }

    // Graceful shutdown on SIGTERM: exit 0, lock and operator endpoint released.
    const exited = new Promise<number | null>((r) => child?.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = null;
    const left = await readdir(dataDir);
    expect(left).not.toContain('portal.lock');
    expect(left).not.toContain('operator.json');
  });
});

describe('kill -9 during an ingest', () => {
  let dataDir = '';
  let child: ChildProcess | null = null;
  afterAll(async () => {
    child?.kill('SIGKILL');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('finishes the ingest after a restart with one complete asset and no half files', {
    timeout: scaled(600_000),
  }, async () => {
    const { xdcamMxfMaster } = await import('../support/masters.ts');
    // 10 s (the fault tests' master, cached once): the kill still lands between the first preview
    // segments (2 s each) and the end of the ingest.
    const master = await xdcamMxfMaster({ seconds: 10 });
    dataDir = await mkdtemp(join(tmpdir(), 'portal-kill-ingest-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const base = `http://127.0.0.1:${port}`;
    const env = { DEMO: '0' };
    child = startProcess(dataDir, port, env);
    await waitFor(async () => (await fetch(`${base}/readyz`)).ok || null, 60_000, 'the portal to be ready');
    // The video is in no published story: only editors see it (downloads/video-access.ts).
    const editor = { headers: { cookie: await editorCookie(dataDir, base) } };
    const queued = await runCommand(process.execPath, [BIN, 'ingest', master, '--json'], {
      env: { ...process.env, DATA_DIR: dataDir },
      timeoutMs: scaled(60_000),
    });
    const { id } = JSON.parse(queued.stdout.trim());
    // Kill it once the first preview segments play, while the rest is still encoding.
    await waitFor(
      async () => {
        const video = await (await fetch(`${base}/api/v1/videos/${id}`, editor)).json();
        return video.previewUrl && video.status === 'processing' ? true : null;
      },
      120_000,
      'an early preview',
    );
    child.kill('SIGKILL');
    await new Promise((r) => child?.once('exit', r));

    child = startProcess(dataDir, port, env);
    const video = await waitFor(
      async () => {
        const body = await (await fetch(`${base}/api/v1/videos/${id}`, editor)).json();
        if (body.status === 'failed') throw new StopWaiting(`ingest failed: ${body.error}`);
        return body.status === 'ready' ? body : null;
      },
      300_000,
      'the ingest to finish',
    );
    expect(video.renditions[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const mastersDir = join(dataDir, 'media', 'masters');
    const shards = (await readdir(mastersDir)).filter((name) => !name.startsWith('.'));
    expect(shards).toHaveLength(1);
    const incoming = await readdir(join(mastersDir, '.incoming')).catch(() => []);
    expect(incoming).toEqual([]);
    const previews = await readdir(join(dataDir, 'media', 'previews'));
    expect(previews).toEqual([id]);
    const playlist = await (await fetch(`${base}${video.previewUrl}`, editor)).text();
    expect(playlist).toMatch(/^#EXTM3U/);
    const rung = await (await fetch(`${base}/media/previews/${id}/360p/index.m3u8`, editor)).text();
    expect(rung).toContain('#EXT-X-ENDLIST');
    child.kill('SIGTERM');
    await new Promise((r) => child?.once('exit', r));
    child = null;
  });
});
