/**
 * The media storage port on a local disk: keys are paths under one root directory. Folders are
 * created group-readable (nginx's group may serve them with X-Accel-Redirect), atomic writes go to
 * a `.part` file beside the key (or in a staging folder, for content-addressed files, flushed with
 * fsync) and are renamed into place.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, normalize, sep } from 'node:path';
import type { MediaStorage } from './index.ts';

const DIR_MODE = 0o750;
/** Large reads: fewer syscalls and event-loop turns per byte (measured in bench/download.ts). */
const READ_CHUNK = 1 << 20;

/** Flushes a file or a folder (a rename is durable once its folder is flushed). */
async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isErrno(error: unknown, ...codes: string[]): boolean {
  return codes.includes((error as NodeJS.ErrnoException).code ?? '');
}

export function createLocalStorage(root: string): MediaStorage & { root: string } {
  const path = (key: string): string => {
    const clean = normalize(key);
    if (isAbsolute(clean) || clean === '..' || clean.startsWith(`..${sep}`))
      throw new Error(`storage key outside the root: ${key}`);
    return join(root, clean);
  };
  return {
    root,
    path,
    async stat(key) {
      const info = await stat(path(key), { bigint: true }).catch(() => null);
      if (!info?.isFile()) return null;
      // Truncated to the millisecond from the nanoseconds: Node's own `mtime` rounds, so a file
      // modified at .9996 s would read as the next second, and its ETag and Last-Modified would
      // differ from nginx's (which truncates) for the same file.
      return { size: Number(info.size), modified: new Date(Number(info.mtimeNs / 1_000_000n)) };
    },
    read(key, range) {
      const chunk = { highWaterMark: READ_CHUNK };
      return createReadStream(path(key), range ? { ...chunk, start: range.start, end: range.end } : chunk);
    },
    async list(prefix) {
      return readdir(path(prefix)).catch(() => [] as string[]);
    },
    async ensureDir(prefix) {
      await mkdir(path(prefix), { recursive: true, mode: DIR_MODE });
    },
    async writeAtomic(key, write, options = {}) {
      const final = path(key);
      await mkdir(dirname(final), { recursive: true, mode: DIR_MODE });
      // The extension stays last: ffmpeg picks the output format from it.
      const temporary = `${final}.${randomBytes(6).toString('hex')}.part${extname(final)}`;
      try {
        const result = await write(temporary);
        if (options.sync) await fsyncPath(temporary);
        await rename(temporary, final);
        if (options.sync) await fsyncPath(dirname(final));
        return result;
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async writeThenPlace(stagingPrefix, write) {
      const staging = path(stagingPrefix);
      await mkdir(staging, { recursive: true, mode: DIR_MODE });
      const temporary = join(staging, `${process.pid}-${randomBytes(8).toString('hex')}.part`);
      try {
        const { key, value } = await write(temporary);
        if (key === null) {
          await rm(temporary, { force: true });
          return value;
        }
        const final = path(key);
        await fsyncPath(temporary);
        await mkdir(dirname(final), { recursive: true, mode: DIR_MODE });
        await rename(temporary, final);
        await fsyncPath(dirname(final));
        return value;
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async move(fromKey, toKey) {
      const target = path(toKey);
      await mkdir(dirname(target), { recursive: true, mode: DIR_MODE });
      await rename(path(fromKey), target);
    },
    async remove(key, options = {}) {
      await rm(path(key), { force: true, recursive: options.recursive ?? false });
    },
    workFolder(key) {
      // Under the root, beside the final key: readers see each file as soon as the writer renames
      // it into place, and the final rename is atomic on the same filesystem.
      const workKey = `${key}.partial`;
      return {
        path: path(workKey),
        key: workKey,
        publish: async () => {},
        place: async () => {
          const target = path(key);
          await mkdir(dirname(target), { recursive: true, mode: DIR_MODE });
          await rename(path(workKey), target);
        },
        discard: () => rm(path(workKey), { recursive: true, force: true }),
      };
    },
    async removeIfEmpty(prefix) {
      await rmdir(path(prefix)).catch((error) => {
        if (!isErrno(error, 'ENOENT', 'ENOTEMPTY', 'EEXIST')) throw error;
      });
    },
  };
}
