#!/usr/bin/env node
/**
 * Writes test/support/file-durations.json (what test/support/sequencer.ts orders files by) from a
 * Vitest JSON report: `npx vitest run --reporter=default --reporter=json --outputFile=REPORT.json`,
 * then `node scripts/test-durations.mjs REPORT.json`. Milliseconds per file, rounded to the second.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const report = process.argv[2];
if (!report) {
  console.error('usage: node scripts/test-durations.mjs REPORT.json');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const { testResults } = JSON.parse(readFileSync(report, 'utf8'));
const durations = Object.fromEntries(
  testResults
    .map((file) => [relative(root, file.name), Math.round((file.endTime - file.startTime) / 1000) * 1000])
    .sort((a, b) => b[1] - a[1]),
);
writeFileSync(resolve(root, 'test/support/file-durations.json'), `${JSON.stringify(durations, null, 2)}\n`);
console.log(`${Object.keys(durations).length} files`);
