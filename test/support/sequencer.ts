/**
 * The order files start in: the longest first (by the durations of a recent whole run, committed in
 * `file-durations.json`), so that the two workers finish together instead of one running a
 * three-minute file alone at the end. Vitest's own order needs its results cache, which a clean
 * clone (CI) does not have: it falls back to the largest file first. A file missing from the list
 * (a new one) starts among the long ones, as Vitest starts unknown files first. Refresh the list
 * with `node scripts/test-durations.mjs REPORT.json` after `vitest run --reporter=json --outputFile=REPORT.json`.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import durations from './file-durations.json' with { type: 'json' };

const KNOWN: Readonly<Record<string, number>> = durations;
/** Milliseconds assumed for a file not in the list: among the long ones. */
const UNKNOWN_MS = 60_000;

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const expected = (file: TestSpecification) => KNOWN[relative(root, file.moduleId)] ?? UNKNOWN_MS;
    return [...files].sort((a, b) => expected(b) - expected(a));
  }
}
