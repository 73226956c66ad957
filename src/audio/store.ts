/**
 * Where audio lives, as keys of the media storage port:
 * - `audio/.incoming/<pid>-<random>`: uploads being received (removed after the request, or swept);
 * - `audio/originals/<sha256[0:2]>/<sha256>/original.<ext>`: the original, immutable,
 *   content-addressed (the same file uploaded twice is one item), placed by the port (flushed, then
 *   renamed);
 * - `audio/derivatives/<id>/preview.m4a`, `waveform.png`: each written by the port to a temporary
 *   name beside it, flushed, then renamed, so a killed process never leaves a half file under a
 *   final name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { posix } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MediaStorage } from '../platform/storage/index.ts';

export const INCOMING = 'audio/.incoming';

export function originalRelativePath(sha256: string, ext: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  if (!/^[a-z0-9]{1,5}$/.test(ext)) throw new Error(`bad extension: ${ext}`);
  return posix.join('audio', 'originals', sha256.slice(0, 2), sha256, `original.${ext}`);
}

export function derivativesRelativeDir(audioId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(audioId)) throw new Error(`bad audio id: ${audioId}`);
  return posix.join('audio', 'derivatives', audioId);
}

export interface ReceivedFile {
  /** Local path of the temporary file (the port's staging folder), for ffprobe. */
  path: string;
  /** The name the browser gave (shown back, never used as a path). */
  name: string;
  size: number;
  sha256: string;
}

/** Streams `source` to a new temporary file under `audio/.incoming/`, hashing it on the way. */
export async function receiveToDisk(
  storage: MediaStorage,
  source: Readable,
  name: string,
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
    await pipeline(source, tap, createWriteStream(path));
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

/**
 * Writes a derivative through the port: `write(tmp)` makes the file (the key's extension last, for
 * ffmpeg), flushed and renamed to `key`. Returns its size.
 */
export async function writeAtomically(
  storage: MediaStorage,
  key: string,
  write: (tmp: string) => Promise<void>,
): Promise<number> {
  await storage.writeAtomic(key, write, { sync: true });
  const stored = await storage.stat(key);
  if (!stored) throw new Error(`${key} vanished once written`);
  return stored.size;
}

/** Temporaries a killed job left in a derivatives folder (`<name>.<random>.part.<ext>`). */
export async function removeTemporaries(storage: MediaStorage, dir: string): Promise<void> {
  const names = await storage.list(dir);
  // `.tmp-…`: the names of the temporaries before the storage port wrote them.
  const left = names.filter((n) => n.includes('.part') || n.startsWith('.tmp-'));
  await Promise.all(left.map((n) => storage.remove(`${dir}/${n}`)));
}

/** Removes an item's files: its derivatives folder and its original (with its empty parent). */
export async function removeAudioFiles(
  storage: MediaStorage,
  audioId: string,
  originalPath: string,
): Promise<void> {
  await storage.remove(derivativesRelativeDir(audioId), { recursive: true });
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
