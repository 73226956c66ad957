/**
 * The resident encoder's sources (native/resident-encoder/*.c) compile against this machine's FFmpeg
 * with -Wall -Wextra and no warning (scripts/build-native.mjs --check, the flags of every build), and
 * the check does fail on a warning. Skipped, saying why, without gcc or FFmpeg's development files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = join(REPO_ROOT, 'scripts', 'build-native.mjs');
const source = join(REPO_ROOT, 'native', 'resident-encoder', 'main.c');
const tools =
  spawnSync('gcc', ['--version']).status === 0 &&
  spawnSync('pkg-config', ['--exists', 'libavcodec', 'libavformat', 'libavutil']).status === 0;
const skipped = tools ? '' : ' (skipped: no gcc or no FFmpeg development files)';
if (!tools) console.warn(`resident encoder build test${skipped}`);

/** Checks `file`, or every source of the encoder. */
function check(file?: string) {
  const only = file ? ['--source', file] : [];
  return spawnSync(process.execPath, [script, '--check', ...only], { encoding: 'utf8' });
}

describe.skipIf(!tools)(`resident encoder build${skipped}`, () => {
  it('compiles with -Wall -Wextra and no warning', () => {
    const result = check();
    expect(result.stderr).not.toMatch(/warning/);
    expect(result.stdout).toMatch(/compiles with -Wall -Wextra and no warning/);
    expect(result.status).toBe(0);
  });

  it('fails on a warning (an unused variable added to a copy of the source)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'resident-build-'));
    try {
      const copy = join(dir, 'main.c');
      await writeFile(copy, `${await readFile(source, 'utf8')}\nstatic int unused_for_the_test;\n`);
      const result = check(copy);
      expect(result.stderr).toMatch(/warning: .*unused_for_the_test/);
      expect(result.status).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
