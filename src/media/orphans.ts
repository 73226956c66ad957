/**
 * After `kill -9` of the portal, the ffmpeg it started keeps running (an orphan), still encoding into
 * the old partial directory. Before a new run takes the directory over, stop any process working in
 * it: on Linux, those whose current directory (/proc/<pid>/cwd) is that directory, which is how the
 * preview runs ffmpeg. Elsewhere this finds nothing.
 */
import { readdir, readlink } from 'node:fs/promises';
import { resolve } from 'node:path';

/** Whether a /proc cwd link points at `dir` (also once the directory was deleted). Pure. */
export function cwdMatches(link: string, dir: string): boolean {
  return link === dir || link === `${dir} (deleted)`;
}

/** Pids of processes (other than this one) whose working directory is `dir`. */
export async function processesWorkingIn(dir: string): Promise<number[]> {
  const target = resolve(dir);
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    const link = await readlink(`/proc/${entry}/cwd`).catch(() => null);
    if (link && cwdMatches(link, target)) found.push(pid);
  }
  return found;
}

/** SIGKILLs processes left working in `dir` by a killed run; returns their pids. */
export async function killOrphansIn(dir: string): Promise<number[]> {
  const pids = await processesWorkingIn(dir);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids;
}
