/**
 * Facts read from a master file (sample tables, sample description, movie header), kept in memory
 * for the next clips of the same master: journalists cut several clips from one video. Keyed by
 * path, size and modification time (stored masters never change; anything else that does is
 * read again). A handful of masters at most.
 */
import { stat } from 'node:fs/promises';

const LIMIT = 16;
const entries = new Map<string, Promise<unknown>>();

export async function cachedRead<T>(kind: string, path: string, read: () => Promise<T>): Promise<T> {
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
  while (entries.size > LIMIT) entries.delete(entries.keys().next().value as string);
  return entry;
}
