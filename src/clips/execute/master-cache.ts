/**
 * Facts read from a master file (sample tables, sample description, movie header), kept in memory
 * for the next clips of the same master: journalists cut several clips from one video. Keyed by
 * path, size and modification time (stored masters never change; anything else that does is
 * read again). A handful of masters at most. One cache per clip worker, created by the clips
 * feature (src/clips/module.ts) and passed down in ExecuteClipOptions.masterCache.
 */
import { stat } from 'node:fs/promises';

export interface MasterCache {
  /** `read()`'s result for `kind` of the file at `path`, read once while the file is unchanged. */
  read<T>(kind: string, path: string, read: () => Promise<T>): Promise<T>;
}

/** A cache of the facts of the `limit` most recently used (kind, master) pairs. */
export function createMasterCache(limit = 16): MasterCache {
  const entries = new Map<string, Promise<unknown>>();
  return {
    async read<T>(kind: string, path: string, read: () => Promise<T>): Promise<T> {
      const { size, mtimeMs } = await stat(path);
      const key = `${kind}\0${path}\0${size}\0${mtimeMs}`;
      let entry = entries.get(key) as Promise<T> | undefined;
      if (entry) {
        entries.delete(key); // most recently used last
      } else {
        entry = read();
        entry.catch(() => entries.delete(key));
      }
      entries.set(key, entry);
      while (entries.size > limit) entries.delete(entries.keys().next().value as string);
      return entry;
    },
  };
}

/** Reads through `cache`, or straight from the file when there is none (a clip made on its own). */
export function cachedRead<T>(
  cache: MasterCache | undefined,
  kind: string,
  path: string,
  read: () => Promise<T>,
): Promise<T> {
  return cache ? cache.read(kind, path, read) : read();
}
