/**
 * The local-disk storage port reads a file's modification time as nginx and HTTP do: truncated,
 * never rounded up into the next second (ETags and Last-Modified must agree with nginx's); its work
 * folder (a preview being encoded) is readable under its key as it fills and placed whole.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStorage } from '../../src/platform/storage/local-disk.ts';

const run = promisify(execFile);

describe('local-disk storage', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'storage-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('truncates the modification time to the millisecond, as stat(1) and nginx see it', async () => {
    const storage = createLocalStorage(root);
    await writeFile(join(root, 'late.bin'), 'x');
    // 0.9996 s past the second: rounding would make it the next second.
    await run('touch', ['-d', '2026-12-06 10:00:00.9996 UTC', join(root, 'late.bin')]);
    const { stdout } = await run('stat', ['-c', '%Y', join(root, 'late.bin')]);
    const info = await storage.stat('late.bin');
    expect(info?.size).toBe(1);
    expect(info?.modified.getTime()).toBe(Date.UTC(2026, 11, 6, 10, 0, 0, 999));
    expect(Math.floor(info!.modified.getTime() / 1000)).toBe(Number(stdout.trim()));
  });

  it('answers null for a missing key or a folder', async () => {
    const storage = createLocalStorage(root);
    expect(await storage.stat('missing.bin')).toBeNull();
    await storage.ensureDir('folder');
    expect(await storage.stat('folder')).toBeNull();
  });

  it('hands a writer a work folder readable as it fills, placed whole or discarded', async () => {
    const storage = createLocalStorage(root);
    const work = storage.workFolder('previews/v1');
    expect(work.key).toBe('previews/v1.partial');
    expect(work.path).toBe(join(root, 'previews', 'v1.partial'));
    await storage.ensureDir(`${work.key}/720p`);
    await writeFile(join(work.path, '720p', 'seg_00000.m4s'), 'segment');
    await work.publish(['720p/seg_00000.m4s']);
    // Readable under the work folder's key while written; the final key does not exist yet.
    expect((await storage.stat(`${work.key}/720p/seg_00000.m4s`))?.size).toBe(7);
    expect(await storage.list('previews/v1')).toEqual([]);
    await work.place();
    expect((await storage.stat('previews/v1/720p/seg_00000.m4s'))?.size).toBe(7);
    expect(await storage.list('previews')).toEqual(['v1']);
    const again = storage.workFolder('previews/v2');
    await storage.ensureDir(`${again.key}/360p`);
    await again.discard();
    expect(await storage.list('previews')).toEqual(['v1']);
  });
});
