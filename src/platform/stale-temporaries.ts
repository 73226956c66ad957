/**
 * Temporaries of files written under a temporary name, then renamed into place: `<final>.tmp-<pid>…`.
 * A process killed mid-write leaves its temporary behind; the next writer of the same file removes
 * those whose process no longer runs (a live writer's, another process of the same cache, is kept).
 */
import { readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Removes the `<finalPath>.tmp-<pid>…` files of processes that no longer run. */
export async function removeStaleTemporaries(finalPath: string): Promise<void> {
  const dir = dirname(finalPath);
  const prefix = `${basename(finalPath)}.tmp-`;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^\d+/.exec(name.slice(prefix.length))?.[0]);
    if (pid === process.pid) continue;
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
    await unlink(join(dir, name)).catch(() => {});
  }
}

/** Whether a process with this id runs (one of another user's counts). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
