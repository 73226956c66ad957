/**
 * Prints the plain closing line CI reads ("N passed, N failed") after Vitest's own summary, and
 * before it where the suite's time went: the slowest tests, and the files whose time outside their
 * tests (imports, portals started in hooks, media generated) is the largest. The suite must stay
 * inside CI's 30 minutes; these lines say what to make faster.
 */
import type { RunnerTask, RunnerTestFile } from 'vitest';
import type { Reporter } from 'vitest/reporters';

const SHOWN = 15;

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

function count(tasks: readonly RunnerTask[], totals: Totals): void {
  for (const task of tasks) {
    if (task.type === 'suite') count(task.tasks, totals);
    else if (task.result?.state === 'pass') totals.passed += 1;
    else if (task.result?.state === 'fail') totals.failed += 1;
    else totals.skipped += 1;
  }
}

/** Every test of a tree of tasks with its duration and the names of the suites around it. */
function testsOf(tasks: readonly RunnerTask[], path: string[] = []): { name: string; ms: number }[] {
  return tasks.flatMap((task) =>
    task.type === 'suite'
      ? testsOf(task.tasks, [...path, task.name])
      : [{ name: [...path, task.name].join(' › '), ms: task.result?.duration ?? 0 }],
  );
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1).padStart(6)} s`;

function timeReport(files: readonly RunnerTestFile[]): string {
  const tests = files.flatMap((file) =>
    testsOf(file.tasks).map((test) => ({ ...test, name: `${file.name} › ${test.name}` })),
  );
  const slowest = tests.sort((a, b) => b.ms - a.ms).slice(0, SHOWN);
  const outside = files
    .map((file) => {
      const inTests = testsOf(file.tasks).reduce((sum, test) => sum + test.ms, 0);
      const whole = (file.collectDuration ?? 0) + (file.setupDuration ?? 0) + (file.result?.duration ?? 0);
      return { name: file.name, ms: whole - inTests };
    })
    .sort((a, b) => b.ms - a.ms)
    .slice(0, SHOWN);
  return [
    '\nslowest tests:',
    ...slowest.map((test) => `${seconds(test.ms)}  ${test.name}`),
    'time in files outside their tests (imports, hooks):',
    ...outside.map((file) => `${seconds(file.ms)}  ${file.name}`),
  ].join('\n');
}

export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []): void {
    const totals = { passed: 0, failed: 0, skipped: 0 };
    count(files, totals);
    // A file that failed to load counts as a failure too.
    totals.failed +=
      files.filter((f) => f.result?.state === 'fail' && f.tasks.length === 0).length + errors.length;
    process.stdout.write(`${timeReport(files)}\n`);
    process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
  }
}
