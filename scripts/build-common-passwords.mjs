#!/usr/bin/env node
// Builds src/accounts/data/common-passwords.txt: the 10,000 most common passwords, lowercased,
// one per line, most common first.
//
// Source: the npm package @zxcvbn-ts/language-common (MIT; Copyright (c) 2012-2016 Dan Wheeler and
// Dropbox, Inc., (c) 2021 @zxcvbn-ts), file src/passwords.json: zxcvbn's password dictionary,
// ranked by frequency in leaked-password corpora. We keep its first entries, lowercased and
// de-duplicated, until we have 10,000.
//
// The package is fetched with `npm pack` into a temporary folder (it is not a dependency of the
// portal), so the list can be rebuilt and audited at any time:
//   node scripts/build-common-passwords.mjs [version]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = '@zxcvbn-ts/language-common';
const VERSION = process.argv[2] ?? '4.1.3';
const COUNT = 10_000;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'src/accounts/data/common-passwords.txt');
const work = mkdtempSync(join(tmpdir(), 'common-passwords-'));
try {
  const tarball = execFileSync('npm', ['pack', `${PACKAGE}@${VERSION}`, '--silent'], {
    cwd: work,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop();
  execFileSync('tar', ['xzf', tarball, 'package/src/passwords.json'], { cwd: work });
  const ranked = JSON.parse(readFileSync(join(work, 'package/src/passwords.json'), 'utf8'));
  if (!Array.isArray(ranked)) throw new Error('passwords.json is not an array');
  const seen = new Set();
  for (const entry of ranked) {
    const word = String(entry).toLowerCase();
    if (word.length === 0 || /[\r\n]/.test(word)) continue;
    seen.add(word);
    if (seen.size === COUNT) break;
  }
  if (seen.size !== COUNT) throw new Error(`only ${seen.size} entries`);
  writeFileSync(out, `${[...seen].join('\n')}\n`);
  console.log(`wrote ${seen.size} passwords from ${PACKAGE}@${VERSION} to ${out}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
