/**
 * Only one process may open an embedded (PGlite) database. The lock file holds the owner's pid; a lock
 * left by a dead process is taken over.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class DatabaseBusyError extends Error {
  constructor(readonly pid: number) {
    super(`the embedded database is open in another portal process (pid ${pid})`);
    this.name = 'DatabaseBusyError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function lockOwner(dataDir: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(join(dataDir, 'portal.lock'), 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

export async function acquireLock(dataDir: string): Promise<() => Promise<void>> {
  const file = join(dataDir, 'portal.lock');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return async () => {
        await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = await lockOwner(dataDir);
      if (owner !== null && owner !== process.pid) throw new DatabaseBusyError(owner);
      await rm(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not lock ${file}`);
}
