#!/usr/bin/env node
/**
 * `npm run typecheck`: the four TypeScript programs (tests, end-to-end tests, server, browser code;
 * see test/README.md), two at a time on the two cores CI has, the largest first. Exits non-zero when any fails.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const PROJECTS = ['test', 'test/e2e', 'tsconfig.json', 'src/web/client'];
const slots = Math.max(1, Math.min(2, availableParallelism()));

function check(project) {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsc', '--noEmit', '-p', project], { stdio: 'inherit' });
    child.on('close', (code) => resolve(code === 0));
  });
}

const queue = [...PROJECTS];
const failed = [];
await Promise.all(
  Array.from({ length: slots }, async () => {
    for (let project = queue.shift(); project; project = queue.shift()) {
      if (!(await check(project))) failed.push(project);
    }
  }),
);
if (failed.length > 0) {
  console.error(`typecheck failed: ${failed.join(', ')}`);
  process.exit(1);
}
