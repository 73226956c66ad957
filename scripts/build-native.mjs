#!/usr/bin/env node
// Builds the resident clip encoder (native/resident-encoder.c) into build/native/ against the system's
// FFmpeg libraries, when its source or those libraries changed. Missing development files are installed
// by ensure-system.mjs where it can. Without --required a failure only warns: the portal then runs an
// ffmpeg process for each re-encoded clip edge (slower, same output). With --required (npm test) it fails.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'native', 'resident-encoder.c');
const outDir = join(root, 'build', 'native');
const binary = join(outDir, 'resident-encoder');
const stampPath = `${binary}.stamp`;
const required = process.argv.includes('--required');
const libraries = ['libavformat', 'libavcodec', 'libavutil'];

function give(message) {
  if (required) {
    console.error(`build-native: ${message}`);
    process.exit(1);
  }
  console.warn(`build-native: ${message}; clip edges will be encoded by ffmpeg processes instead.`);
  process.exit(0);
}

const ensure = spawnSync(process.execPath, [join(root, 'scripts', 'ensure-system.mjs'), 'ffmpeg-dev'], {
  stdio: 'inherit',
});
if (ensure.status !== 0) give("FFmpeg's development files or gcc are missing (see above)");

const flags = spawnSync('pkg-config', ['--cflags', '--libs', ...libraries], { encoding: 'utf8' });
const versions = spawnSync('pkg-config', ['--modversion', ...libraries], { encoding: 'utf8' });
if (flags.status !== 0 || versions.status !== 0) give(`pkg-config cannot find ${libraries.join(', ')}`);

const stamp = createHash('sha256')
  .update(readFileSync(source))
  .update(flags.stdout)
  .update(versions.stdout)
  .digest('hex');
if (existsSync(binary) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) process.exit(0);

mkdirSync(outDir, { recursive: true });
const temporary = `${binary}.tmp-${process.pid}`;
const args = ['-O2', '-Wall', '-Wextra', '-Werror', '-std=gnu11', '-o', temporary, source];
const compile = spawnSync('gcc', [...args, ...flags.stdout.trim().split(/\s+/), '-lpthread', '-lm'], {
  stdio: 'inherit',
});
if (compile.status !== 0) {
  rmSync(temporary, { force: true });
  give('compiling native/resident-encoder.c failed');
}
renameSync(temporary, binary);
writeFileSync(stampPath, stamp);
console.log('build-native: built build/native/resident-encoder');
