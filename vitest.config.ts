/**
 * The suite in tiers, one Vitest project per folder of test/ (a new file is picked up by its folder):
 * - unit: pure logic and small in-process pieces; no PostgreSQL server, no portal.
 * - integration, security, e2e: real portals in both database modes; one throwaway PostgreSQL server
 *   shared by the three (test/support/global-setup.ts).
 * `vitest run` (npm test) runs every tier; `vitest run --project unit` (npm run test:unit) one.
 * Deadlines inside tests scale with the machine's load: test/support/time-scale.ts.
 */
import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/support/sequencer.ts';
import { scaled } from './test/support/time-scale.ts';

const TIERS = ['unit', 'integration', 'security', 'e2e'] as const;
const SERVER_SETUP = ['test/support/global-setup.ts'];

export default defineConfig({
  test: {
    // Scaled by the machine's load when the run starts (test/support/time-scale.ts).
    testTimeout: scaled(120_000),
    hookTimeout: scaled(600_000),
    // expect.poll: a poll that succeeds returns at once, so a generous default costs nothing.
    expect: { poll: { timeout: scaled(5_000) } },
    pool: 'forks',
    // One module graph per worker, across files (the unit tier's threads, and the forks of the
    // server-backed tiers): the portal's modules are loaded once per worker instead of once per
    // file. No module holds state (scripts/boundaries.ts); a file restores what it changes
    // (process.env), closes what it opens, and Vitest resets mocks and vi.setConfig between files.
    poolOptions: { threads: { isolate: false }, forks: { isolate: false } },
    // Integration tests share generated media through a cache; two cores.
    maxWorkers: 2,
    minWorkers: 1,
    reporters: ['default', './test/support/summary-reporter.ts'],
    // The longest files first, by a recent run's durations: the two workers end together.
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      ...TIERS.map((tier) => ({
        extends: true as const,
        test: {
          name: tier,
          include: [`test/${tier}/**/*.test.ts`],
          globalSetup: tier === 'unit' ? [] : SERVER_SETUP,
          // Unit files share one module graph per worker thread (no module holds state): a third of
          // the time. The pool's isolation is set once per pool, below.
          ...(tier === 'unit' ? { pool: 'threads' as const } : {}),
        },
      })),
      // A test file outside the four tiers still runs (with the server-backed set-up).
      {
        extends: true as const,
        test: {
          name: 'other',
          include: ['test/**/*.test.ts'],
          exclude: TIERS.map((tier) => `test/${tier}/**`),
          globalSetup: SERVER_SETUP,
        },
      },
    ],
  },
});
