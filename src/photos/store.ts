/**
 * Where photos live, as keys of the media storage port:
 * - `photos/.incoming/<pid>-<random>`: uploads being received (removed after the request, or swept);
 * - `photos/originals/<sha256[0:2]>/<sha256>/original.<ext>`: the original, immutable,
 *   content-addressed (the same image uploaded twice is one photo), placed by the port (flushed,
 *   then renamed);
 * - `photos/renditions/<id>/<name>.jpg`: web renditions, each written by the port to a temporary
 *   name, flushed, then renamed, so a killed process never leaves a half file under a final name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { posix } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MediaStorage } from '../platform/storage/index.ts';

export const INCOMING = 'photos/.incoming';

export function originalRelativePath(sha256: string, ext: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  if (!/^[a-z0-9]{1,5}$/.test(ext)) throw new Error(`bad extension: ${ext}`);
  return posix.join('photos', 'originals', sha256.slice(0, 2), sha256, `original.${ext}`);
}

export function renditionsRelativeDir(photoId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(photoId)) throw new Error(`bad photo id: ${photoId}`);
  return posix.join('photos', 'renditions', photoId);
}

export interface ReceivedFile {
  /** Local path of the temporary file (the port's staging folder). */
  path: string;
  /** The name the browser gave (shown back, never used as a path). */
  name: string;
  size: number;
  sha256: string;
}

/** Streams a file being received to a new temporary file under `photos/.incoming/`, hashing it on the way. */
export async function receiveToDisk(
  storage: MediaStorage,
  source: Readable,
  name: string,
  /** Checks on the way (a byte limit): a failing one stops the copy and removes the file. */
  through: Transform[] = [],
): Promise<ReceivedFile> {
  await storage.ensureDir(INCOMING);
  const path = storage.path(`${INCOMING}/${process.pid}-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline([source, ...through, tap, createWriteStream(path)]);
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { path, name, size, sha256: hash.digest('hex') };
}

/** Places a received file under its content key (dropped when that content is already stored). */
export async function keepOriginal(storage: MediaStorage, file: ReceivedFile, ext: string): Promise<string> {
  const key = originalRelativePath(file.sha256, ext);
  if (await storage.stat(key)) {
    await rm(file.path, { force: true });
    return key;
  }
  // The received file is in the port's staging folder already: it becomes the port's temporary.
  return storage.writeThenPlace(INCOMING, async (temporary) => {
    await rename(file.path, temporary);
    return { key, value: key };
  });
}

/** Writes a rendition through the port: `write(tmp)` makes the file, flushed and renamed to `key`. */
export async function writeAtomically(
  storage: MediaStorage,
  key: string,
  write: (tmp: string) => Promise<void>,
): Promise<void> {
  await storage.writeAtomic(key, write, { sync: true });
}

/** Temporaries a killed process left in a renditions folder (`<name>.<random>.part.jpg`). */
export async function removeTemporaries(storage: MediaStorage, dir: string): Promise<void> {
  const names = await storage.list(dir);
  await Promise.all(names.filter((n) => n.includes('.part')).map((n) => storage.remove(`${dir}/${n}`)));
}

/** Removes a photo's files: its renditions folder and its original (with its empty parent). */
export async function removePhotoFiles(
  storage: MediaStorage,
  photoId: string,
  originalPath: string,
): Promise<void> {
  await storage.remove(renditionsRelativeDir(photoId), { recursive: true });
  const contentDir = posix.dirname(originalPath);
  await storage.remove(contentDir, { recursive: true });
  await storage.removeIfEmpty(posix.dirname(contentDir));
}

/** Uploads a dead process left half received (older than `olderThanMs`). */
export async function sweepIncoming(
  storage: MediaStorage,
  olderThanMs: number,
  now = Date.now(),
): Promise<number> {
  const names = await storage.list(INCOMING);
  let removed = 0;
  for (const name of names) {
    const info = await storage.stat(`${INCOMING}/${name}`);
    if (info && now - info.modified.getTime() > olderThanMs) {
      await storage.remove(`${INCOMING}/${name}`);
      removed++;
    }
  }
  return removed;
}
