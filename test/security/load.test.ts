/**
 * A bounded load on loopback (bench/load.ts, shortened): concurrent full downloads by signed-in
 * journalists plus page loads against one portal: no error of any kind, and the portal's memory stays
 * bounded (RSS peak within a fixed margin of the idle process: bodies are streamed, never buffered).
 * The full run (200 downloads for 60 s) and its figures: docs/security.md.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scaled } from '../support/time-scale.ts';

const run = promisify(execFile);
const BENCH = resolve(import.meta.dirname, '../../bench/load.ts');

describe('load', () => {
  it('serves 100 concurrent downloads and page loads with no error and bounded memory', {
    timeout: scaled(600_000),
  }, async () => {
    const args = ['--import', 'tsx', BENCH, '--json', '--seconds', '5', '--downloads', '100'].concat([
      '--pages',
      '10',
      '--users',
      '10',
      '--master-seconds',
      '0.2',
    ]);
    const { stdout } = await run(process.execPath, args, { maxBuffer: 1 << 20, timeout: scaled(600_000) });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(result.errorSamples).toEqual([]);
    expect(result.errors).toBe(0);
    expect(result.downloads).toBeGreaterThanOrEqual(100);
    expect(result.pages).toBeGreaterThan(0);
    // 100 streams of 1 MiB read buffers fit in ~100 MiB; 400 MiB over idle means bodies are buffered.
    expect(result.rssMiB.peak - result.rssMiB.idle).toBeLessThan(400);
  });
});
