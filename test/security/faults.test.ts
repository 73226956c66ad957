/**
 * kill -9 in the middle of an upload and of a clip, then a restart of the same portal (a real
 * `portal start` process): the upload resumes from what reached the disk and is ingested once; the
 * clip job is finished once after the restart and its file is whole (frame count), with no temporary
 * files left. The clip runs in both database modes: in server mode the job of the dead process is
 * handed back by the liveness sweep (src/platform/jobs/liveness.ts). The upload runs on PGlite only:
 * the kill lands while tus writes the bytes to disk, before any job exists, so the queue's recovery
 * is not involved; the code under test is the same in both modes, and PGlite is the harsher case
 * (the database lives in the killed process). kill -9 during an ingest and during the first demo render is
 * covered by test/integration/cli.test.ts.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD } from '../support/accounts.ts';
import { databaseModes, freshDataDir, type TestDataDir } from '../support/databases.ts';
import { sha256Of } from '../support/downloads.ts';
import { xdcamMxfMaster } from '../support/masters.ts';
import { freePort } from '../support/nginx.ts';
import { runCommand } from '../support/run-command.ts';
import { StopWaiting, scaled, waitFor } from '../support/time-scale.ts';
import { createUpload, headUpload, patchFromFile } from '../support/tus.ts';

const BIN = resolve(import.meta.dirname, '../../bin/portal.js');

/** Every file under `dir`, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

describe.each(databaseModes())('kill -9 mid-job, then a restart (%s)', (mode) => {
  let data: TestDataDir | null = null;
  let dataDir = '';
  let base = '';
  let port = 0;
  let child: ChildProcess | null = null;
  let cookie = '';

  const start = async () => {
    child = spawn(process.execPath, [BIN, 'start'], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        DEMO: '0',
        LOG_LEVEL: 'warn',
        ...(data?.databaseUrl ? { DATABASE_URL: data.databaseUrl } : {}),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitFor(async () => (await fetch(`${base}/readyz`)).ok || null, 120_000, 'the portal to be ready');
  };
  const cliEnv = () => ({
    ...process.env,
    DATA_DIR: dataDir,
    ...(data?.databaseUrl ? { DATABASE_URL: data.databaseUrl } : {}),
  });
  const killHard = async () => {
    const exited = new Promise((r) => child?.once('exit', r));
    child?.kill('SIGKILL');
    await exited;
    child = null;
  };
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${base}/api/v1${path}`, { ...init, headers: { cookie, ...(init.headers ?? {}) } });

  const signIn = async () => {
    const response = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'editor@example.org', password: GOOD_PASSWORD }),
    });
    expect(response.status).toBe(200);
    cookie = response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
  };

  beforeAll(async () => {
    data = await freshDataDir(mode);
    dataDir = data.dataDir;
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    await start();
    // An editor (uploads, and sees videos that are in no story yet), made through the operator channel.
    const made = await runCommand(
      process.execPath,
      [BIN, 'users', 'create', '--email', 'editor@example.org', '--password', GOOD_PASSWORD].concat([
        '--role',
        'editor',
        '--verified',
      ]),
      { env: cliEnv(), timeoutMs: scaled(60_000) },
    );
    expect(made.status, made.stderr).toBe(0);
    await signIn();
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await data?.cleanup();
  });

  // On PGlite only (see the header).
  it('an upload cut by kill -9 resumes from what reached the disk and is ingested once', {
    timeout: scaled(300_000),
    skip: mode !== 'pglite',
  }, async () => {
    const master = await xdcamMxfMaster({ seconds: 8 });
    const size = (await stat(master)).size;
    const created = await createUpload(base, cookie, size, { filename: 'faults.mxf', title: 'Faults' });
    expect(created.status).toBe(201);
    const location = new URL(created.headers.get('location') ?? '', base).toString();

    // Kill the portal while the bytes are still arriving.
    let killed: Promise<void> | null = null;
    const patch = patchFromFile(location, cookie, master, 0, {
      onChunk: (sent) => {
        if (!killed && sent >= size / 3) killed = killHard();
      },
    }).catch(() => ({ status: null }));
    await waitFor(async () => killed !== null, 60_000, 'the kill', 100);
    await killed;
    expect((await patch).status).toBeNull();

    await start(); // sessions live in the database: the cookie still works
    const head = await headUpload(location, cookie);
    expect(head.status).toBe(200);
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(size);
    const finished = await patchFromFile(location, cookie, master, offset);
    expect(finished.status).toBe(204);

    // Handed to ingest once: one master stored, equal to the source byte for byte.
    const mastersDir = join(dataDir, 'media', 'masters');
    const stored = await waitFor(
      async () => {
        const files = (await filesUnder(mastersDir)).filter((f) => !f.startsWith('.'));
        return files.length > 0 ? files : null;
      },
      120_000,
      'the master to be stored',
    );
    expect(stored).toHaveLength(1);
    expect(await sha256Of(join(mastersDir, stored[0] ?? ''))).toBe(await sha256Of(master));
  });

  it('a clip cut by kill -9 is finished once after the restart, whole', {
    timeout: scaled(600_000),
  }, async () => {
    if (!child) await start();
    const master = await xdcamMxfMaster({ seconds: 10 });
    const queued = await runCommand(process.execPath, [BIN, 'ingest', master, '--json', '--wait'], {
      env: cliEnv(),
      timeoutMs: scaled(300_000),
    });
    expect(queued.status, queued.stderr).toBe(0);
    const { id: videoId } = JSON.parse(queued.stdout.trim()) as { id: string };

    // A whole-range web clip re-encodes every frame: long enough to be killed mid-way.
    const requested = await api(`/videos/${videoId}/clips`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inFrame: 3, outFrame: 247, profile: 'web' }),
    });
    expect(requested.status).toBe(202);
    const { id: clipId } = (await requested.json()) as { id: string };
    await waitFor(
      async () => {
        const clip = await (await api(`/clips/${clipId}`)).json();
        return clip.status === 'running' && clip.progress > 0.05 ? clip : null;
      },
      120_000,
      'the clip to be running',
    );
    await killHard();
    const clipsDir = join(dataDir, 'media', 'clips');

    await start();
    const ready = await waitFor(
      async () => {
        const clip = await (await api(`/clips/${clipId}`)).json();
        if (clip.status === 'failed') throw new StopWaiting(`clip failed: ${clip.error}`);
        return clip.status === 'ready' ? clip : null;
      },
      300_000,
      'the clip after the restart',
    );
    expect(ready.frames).toBe(244);
    // Asking again answers the same clip, made once.
    const again = await api(`/videos/${videoId}/clips`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inFrame: 3, outFrame: 247, profile: 'web' }),
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(clipId);

    const file = await api(`/clips/${clipId}/file`);
    expect(file.status).toBe(200);
    const delivered = join(dataDir, 'delivered-clip.mp4');
    await writeFile(delivered, Buffer.from(await file.arrayBuffer()));
    const probe = spawnSync(
      'ffprobe',
      ['-v', 'error', '-select_streams', 'v:0', '-count_frames'].concat([
        '-show_entries',
        'stream=nb_read_frames',
        '-of',
        'csv=p=0',
        delivered,
      ]),
      { encoding: 'utf8' },
    );
    expect(probe.stdout.trim()).toBe('244');
    const left = await filesUnder(clipsDir);
    expect(left.filter((f) => /\.tmp|\.part/.test(f))).toEqual([]);
    expect(left.filter((f) => f.endsWith('.mp4'))).toHaveLength(1);
  });
});
