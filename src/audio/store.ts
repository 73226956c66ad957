/**
 * Where audio lives on disk, under the media directory:
 * - `audio/.incoming/<random>`: uploads being received (removed after the request, or swept);
 * - `audio/originals/<sha256[0:2]>/<sha256>/original.<ext>`: the original, immutable,
 *   content-addressed (the same file uploaded twice is one item);
 * - `audio/derivatives/<id>/preview.m4a`, `waveform.png`: written to a temporary name in the same
 *   directory, fsynced, then renamed, so a killed process never leaves a half file under a final name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const INCOMING = join('audio', '.incoming');

export function originalRelativePath(sha256: string, ext: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  if (!/^[a-z0-9]{1,5}$/.test(ext)) throw new Error(`bad extension: ${ext}`);
  return join('audio', 'originals', sha256.slice(0, 2), sha256, `original.${ext}`);
}

export function derivativesRelativeDir(audioId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(audioId)) throw new Error(`bad audio id: ${audioId}`);
  return join('audio', 'derivatives', audioId);
}

export interface ReceivedFile {
  /** Absolute path of the temporary file. */
  path: string;
  /** The name the browser gave (shown back, never used as a path). */
  name: string;
  size: number;
  sha256: string;
}

/** Streams `source` to a new temporary file under `audio/.incoming/`, hashing it on the way. */
export async function receiveToDisk(mediaDir: string, source: Readable, name: string): Promise<ReceivedFile> {
  const dir = join(mediaDir, INCOMING);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${process.pid}-${randomBytes(8).toString('hex')}`);
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

async function fsync(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Moves a received file to its content-addressed place (kept as is when already stored). */
export async function keepOriginal(mediaDir: string, file: ReceivedFile, ext: string): Promise<string> {
  const relative = originalRelativePath(file.sha256, ext);
  const target = join(mediaDir, relative);
  await mkdir(dirname(target), { recursive: true });
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (exists) await rm(file.path, { force: true });
  else {
    await fsync(file.path);
    await rename(file.path, target);
  }
  return relative;
}

/** `write(tmp)` makes the file under a temporary name with the same extension; fsync, rename. */
export async function writeAtomically(
  finalPath: string,
  write: (tmp: string) => Promise<void>,
): Promise<number> {
  await mkdir(dirname(finalPath), { recursive: true });
  const ext = finalPath.slice(finalPath.lastIndexOf('.'));
  const tmp = join(dirname(finalPath), `.tmp-${randomBytes(6).toString('hex')}${ext}`);
  try {
    await write(tmp);
    await fsync(tmp);
    const { size } = await stat(tmp);
    await rename(tmp, finalPath);
    return size;
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Temporaries a killed job left in a derivatives directory. */
export async function removeTemporaries(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith('.tmp-')).map((n) => rm(join(dir, n), { force: true })));
}

/** Removes an item's files: its derivatives directory and its original (with its empty parent). */
export async function removeAudioFiles(
  mediaDir: string,
  audioId: string,
  originalPath: string,
): Promise<void> {
  await rm(join(mediaDir, derivativesRelativeDir(audioId)), { recursive: true, force: true });
  const original = join(mediaDir, originalPath);
  await rm(dirname(original), { recursive: true, force: true });
  await rmdir(dirname(dirname(original))).catch(() => {});
}

/** Uploads a dead process left half received (older than `olderThanMs`). */
export async function sweepIncoming(
  mediaDir: string,
  olderThanMs: number,
  now = Date.now(),
): Promise<number> {
  const dir = join(mediaDir, INCOMING);
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const info = await stat(join(dir, name)).catch(() => null);
    if (info && now - info.mtimeMs > olderThanMs) {
      await rm(join(dir, name), { force: true });
      removed++;
    }
  }
  return removed;
}
