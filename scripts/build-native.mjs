#!/usr/bin/env node
// Builds the resident clip encoder (every .c file of native/resident-encoder/, one binary) into
// build/native/ against the system's FFmpeg libraries, when its sources or those libraries changed. Missing development files are installed
// by ensure-system.mjs where it can. It compiles with -Wall -Wextra (not -Werror: a deprecation in a
// newer FFmpeg must not stop a user's build; the source has version guards for the ones known).
//   (no option)  a failure only warns: the portal then runs an ffmpeg process for each re-encoded clip
//                edge (slower, same output); warnings are shown and the binary is used.
//   --required   (npm test) a failure or any compiler warning fails, unless RESIDENT_ENCODER=off.
//   --check [--source FILE]  compiles FILE (default: each of the encoder's sources; the encoder's
//                header is found from anywhere) without linking or writing anything; fails on any
//                warning (test/integration/resident-encoder-build.test.ts).
// RESIDENT_ENCODER=off (docs/configuration.md): nothing is built and the portal runs ffmpeg processes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const sourceAt = argv.indexOf('--source');
const check = argv.includes('--check');
const sourceDir = join(root, 'native', 'resident-encoder');
/** The encoder's files: its C sources (compiled together) and, for the stamp, its headers. */
const files = readdirSync(sourceDir)
  .filter((name) => /\.[ch]$/.test(name))
  .sort()
  .map((name) => join(sourceDir, name));
const sources = files.filter((file) => file.endsWith('.c'));
// Another source only for --check: the binary is always built from the encoder's own.
const outDir = join(root, 'build', 'native');
const binary = join(outDir, 'resident-encoder');
const stampPath = `${binary}.stamp`;
const required = argv.includes('--required');
const libraries = ['libavformat', 'libavcodec', 'libavutil'];
/** The warnings the source must build without (and nothing turns them into errors). */
const WARNINGS = ['-Wall', '-Wextra'];

function give(message) {
  if (required || check) {
    console.error(`build-native: ${message}`);
    if (required)
      console.error('build-native: to test without the resident encoder, set RESIDENT_ENCODER=off');
    process.exit(1);
  }
  console.warn(`build-native: ${message}; clip edges will be encoded by ffmpeg processes instead.`);
  process.exit(0);
}

if (/^(0|off|false|no)$/i.test(process.env.RESIDENT_ENCODER?.trim() ?? '') && !check) {
  console.log('build-native: RESIDENT_ENCODER=off: not built; clip edges are encoded by ffmpeg processes.');
  process.exit(0);
}

const ensure = spawnSync(process.execPath, [join(root, 'scripts', 'ensure-system.mjs'), 'ffmpeg-dev'], {
  stdio: 'inherit',
});
if (ensure.status !== 0) give("FFmpeg's development files or gcc are missing (see above)");

const flags = spawnSync('pkg-config', ['--cflags', '--libs', ...libraries], { encoding: 'utf8' });
const versions = spawnSync('pkg-config', ['--modversion', ...libraries], { encoding: 'utf8' });
if (flags.status !== 0 || versions.status !== 0) give(`pkg-config cannot find ${libraries.join(', ')}`);
const libraryFlags = flags.stdout.trim().split(/\s+/);

/** Runs gcc; its diagnostics are printed, and returned. */
function gcc(args) {
  const result = spawnSync('gcc', [...args, ...libraryFlags, '-lpthread', '-lm'], { encoding: 'utf8' });
  if (result.stderr) process.stderr.write(result.stderr);
  return { ok: result.status === 0, warned: /\bwarning:/.test(result.stderr ?? '') };
}

if (check) {
  const checked = sourceAt >= 0 ? [argv[sourceAt + 1]] : sources;
  for (const source of checked) {
    const compiled = gcc([
      '-c',
      '-o',
      '/dev/null',
      '-O2',
      ...WARNINGS,
      '-std=gnu11',
      `-I${sourceDir}`,
      source,
    ]);
    if (!compiled.ok) give(`compiling ${source} failed`);
    if (compiled.warned) give(`compiling ${source} gave warnings (see above)`);
  }
  console.log(`build-native: ${checked.join(', ')} compiles with ${WARNINGS.join(' ')} and no warning`);
  process.exit(0);
}

const args = ['-O2', ...WARNINGS, '-std=gnu11'];
const hash = createHash('sha256');
for (const file of files) hash.update(file.slice(sourceDir.length)).update(readFileSync(file));
const stamp = hash.update(args.join(' ')).update(flags.stdout).update(versions.stdout).digest('hex');
if (existsSync(binary) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) process.exit(0);

mkdirSync(outDir, { recursive: true });
const temporary = `${binary}.tmp-${process.pid}`;
const compiled = gcc([...args, '-o', temporary, ...sources]);
if (!compiled.ok || (required && compiled.warned)) {
  rmSync(temporary, { force: true });
  give(`compiling native/resident-encoder/ ${compiled.ok ? 'gave warnings' : 'failed'} (see above)`);
}
renameSync(temporary, binary);
writeFileSync(stampPath, stamp);
console.log('build-native: built build/native/resident-encoder');
