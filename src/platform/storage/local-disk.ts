/**
 * The media storage port on a local disk: keys are paths under one root directory. Folders are
 * created group-readable (nginx's group may serve them with X-Accel-Redirect), atomic writes go to
 * a `.part` file beside the key and are renamed into place.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, normalize, sep } from 'node:path';
import type { MediaStorage } from './index.ts';

const DIR_MODE = 0o750;

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
      return createReadStream(path(key), range ? { start: range.start, end: range.end } : {});
    },
    async list(prefix) {
      return readdir(path(prefix)).catch(() => [] as string[]);
    },
    async ensureDir(prefix) {
      await mkdir(path(prefix), { recursive: true, mode: DIR_MODE });
    },
    async writeAtomic(key, write) {
      const final = path(key);
      await mkdir(dirname(final), { recursive: true, mode: DIR_MODE });
      // The extension stays last: ffmpeg picks the output format from it.
      const temporary = `${final}.${randomBytes(6).toString('hex')}.part${extname(final)}`;
      try {
        const result = await write(temporary);
        await rename(temporary, final);
        return result;
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async remove(key, options = {}) {
      await rm(path(key), { force: true, recursive: options.recursive ?? false });
    },
  };
}
