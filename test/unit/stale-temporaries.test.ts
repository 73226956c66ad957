/** Temporaries left by killed writers are removed; those of running processes are kept. */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { removeStaleTemporaries } from '../../src/platform/stale-temporaries.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

it("removes a dead process's temporaries of the file, keeps a live one's and other files", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'stale-'));
  dirs.push(dir);
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  }).stdout;
  const names = [
    `sound.wav.tmp-${dead}.wav`, // a render killed with its process: removed
    `sound.wav.tmp-${dead}-1a2b`, // the same, with a random suffix: removed
    `sound.wav.tmp-${process.ppid}.wav`, // a running process's: kept
    `sound.wav.tmp-${process.pid}`, // this process's own: kept
    'sound.wav', // the file itself: kept
    `other.wav.tmp-${dead}`, // another file's: not this call's business
  ];
  for (const name of names) await writeFile(join(dir, name), 'x');
  await removeStaleTemporaries(join(dir, 'sound.wav'));
  expect((await readdir(dir)).sort()).toEqual(
    [
      `other.wav.tmp-${dead}`,
      'sound.wav',
      `sound.wav.tmp-${process.pid}`,
      `sound.wav.tmp-${process.ppid}.wav`,
    ].sort(),
  );
});
