import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStaleIncoming, sha256File, storeMaster } from '../../src/media/store.ts';
import { createLocalStorage } from '../../src/platform/storage/index.ts';
import { smallH264Mp4Master, xdcamMxfMaster } from '../support/masters.ts';

const mediaDir = mkdtempSync(join(tmpdir(), 'media-store-'));
const storage = createLocalStorage(mediaDir);
afterAll(() => rmSync(mediaDir, { recursive: true, force: true }));

function incoming(): string[] {
  return readdirSync(join(mediaDir, 'masters', '.incoming'));
}

describe('storeMaster', () => {
  it('stores under the sha256, once, whatever the source name', async () => {
    const master = await xdcamMxfMaster();
    const expected = execFileSync('sha256sum', [master], { encoding: 'utf8' }).split(' ')[0]!;
    const progress: number[] = [];
    const first = await storeMaster(master, storage, { onProgress: (b) => progress.push(b) });
    expect(first).toMatchObject({
      sha256: expected,
      relativePath: `masters/${expected.slice(0, 2)}/${expected}/master.mxf`,
      created: true,
    });
    expect(first.path).toBe(join(mediaDir, first.relativePath));
    expect(await sha256File(first.path)).toBe(expected);
    expect(progress.at(-1)).toBe(first.size);

    const second = await storeMaster(createReadStream(master), storage, { name: 'upload.MXF' });
    expect(second).toEqual({ ...first, created: false });
    expect(readdirSync(join(mediaDir, 'masters', expected.slice(0, 2), expected))).toEqual(['master.mxf']);
    expect(incoming()).toEqual([]);
  });

  it('an interrupted store leaves no master and its temporary is cleared', async () => {
    const master = await smallH264Mp4Master({ seconds: 12 });
    const controller = new AbortController();
    let aborted = false;
    await expect(
      storeMaster(master, storage, {
        signal: controller.signal,
        onProgress: (bytes) => {
          if (bytes > 1_000_000 && !aborted) {
            aborted = true;
            controller.abort();
          }
        },
      }),
    ).rejects.toThrow();
    const shaDirs = readdirSync(join(mediaDir, 'masters')).filter((n) => n !== '.incoming');
    expect(shaDirs).toHaveLength(1); // only the XDCAM master of the previous test
    expect(incoming()).toEqual([]);

    // What kill -9 leaves behind: a temporary of a process that no longer runs.
    mkdirSync(join(mediaDir, 'masters', '.incoming'), { recursive: true });
    writeFileSync(join(mediaDir, 'masters', '.incoming', '999999-dead.part'), 'half');
    writeFileSync(join(mediaDir, 'masters', '.incoming', `${process.pid}-live.part`), 'in progress');
    expect(await removeStaleIncoming(storage)).toBe(1);
    expect(incoming()).toEqual([`${process.pid}-live.part`]);
  });

  it('stores a stream without a name as .bin', async () => {
    const stored = await storeMaster(Readable.from([Buffer.from('abc')]), storage);
    expect(stored.sha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(stored.relativePath.endsWith('/master.bin')).toBe(true);
    expect(existsSync(stored.path)).toBe(true);
  });
});
