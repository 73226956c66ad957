/**
 * Uploads stream to disk: a 512 MB upload through the tus endpoint (one PATCH, the portal in this
 * process) must not grow the process's resident memory by anything near the file size. Prints the
 * throughput and the peak RSS growth.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { client, GOOD_PASSWORD } from '../support/accounts.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { createUpload, headUpload, patchFromFile } from '../support/tus.ts';

const SIZE = 512 * 1024 * 1024;
let t: TestPortal;
let work: string;
let file: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'backoffice-memory-'));
  file = join(work, 'big.bin');
  const handle = await open(file, 'w');
  const block = randomBytes(4 * 1024 * 1024);
  for (let written = 0; written < SIZE; written += block.length) await handle.write(block);
  await handle.close();
  t = await startTestPortal('pglite', { demo: false });
});

afterAll(async () => {
  await t?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('upload memory', () => {
  it('streams a 512 MB upload to disk without holding it in memory', async () => {
    await callOperator(t.dataDir, 'users/create', {
      email: 'big@example.org',
      password: GOOD_PASSWORD,
      role: 'admin',
      verified: true,
    });
    const c = client(t.baseUrl);
    expect(
      (await c.api('POST', '/session', { email: 'big@example.org', password: GOOD_PASSWORD })).status,
    ).toBe(200);
    const cookie = c.jar.header();
    const created = await createUpload(t.baseUrl, cookie, SIZE, { filename: 'big.mxf' });
    expect(created.status).toBe(201);
    const url = new URL(created.headers.get('location') ?? '', t.baseUrl).href;

    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const started = performance.now();
    const result = await patchFromFile(url, cookie, file, 0);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);

    expect(result.status).toBe(204);
    const head = await headUpload(url, cookie);
    expect(head.headers.get('upload-offset')).toBe(String(SIZE));
    const id = url.split('/').pop() ?? '';
    expect((await stat(join(t.dataDir, 'uploads', id))).size).toBe(SIZE);
    const growthMb = (peak - baseline) / 1024 / 1024;
    console.log(
      `upload 512 MB in ${seconds.toFixed(2)} s (${(SIZE / 1024 / 1024 / seconds).toFixed(0)} MB/s), peak RSS growth ${growthMb.toFixed(1)} MB`,
    );
    expect(growthMb).toBeLessThan(160);
  });
});
