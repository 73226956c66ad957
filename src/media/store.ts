/**
 * Content-addressed, immutable master storage:
 * `<mediaDir>/masters/<sha256[0:2]>/<sha256>/master.<ext>`.
 *
 * The file is streamed (never held in memory) through sha256 into a temporary file under
 * `<mediaDir>/masters/.incoming/`, fsynced, then renamed into place. The same content always lands
 * on the same path and is stored once. A process killed mid-copy leaves only a temporary file,
 * which `removeStaleIncoming` clears.
 */

import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { contentDirKey, masterKey } from '../platform/storage/index.ts';

export interface StoredMaster {
  sha256: string;
  /** Absolute path of the stored master. */
  path: string;
  /** Path relative to the media directory (what the database keeps). */
  relativePath: string;
  size: number;
  /** False when the same content was already stored. */
  created: boolean;
}

export interface StoreOptions {
  signal?: AbortSignal;
  /** Bytes stored so far. */
  onProgress?: (bytes: number) => void;
}

const INCOMING = join('masters', '.incoming');

/** Lower-case extension without the dot, letters and digits only; "bin" when none. Pure. */
export function masterExtension(name: string): string {
  const ext = extname(name).slice(1).toLowerCase();
  return /^[a-z0-9]{1,8}$/.test(ext) ? ext : 'bin';
}

/** Where content with this hash is stored, relative to the media directory. Pure. */
export function masterRelativePath(sha256: string, ext: string): string {
  return masterKey(sha256, ext);
}

/** Files kept beside a stored master in its content directory. Pure. */
export function contentPaths(mediaDir: string, sha256: string): { dir: string; keyframeIndex: string } {
  const dir = join(mediaDir, contentDirKey(sha256)); // validates the hash
  return { dir, keyframeIndex: join(dir, 'keyframes.json') };
}

/** The storage key of a master's keyframe index (beside it in its content directory). Pure. */
export function keyframeIndexKey(sha256: string): string {
  return `${contentDirKey(sha256)}/keyframes.json`;
}

/** Removes a stored master and its content directory (and the prefix directory when empty). */
export async function removeStored(mediaDir: string, sha256: string): Promise<void> {
  const { dir } = contentPaths(mediaDir, sha256);
  await rm(dir, { recursive: true, force: true });
  await rmdir(join(dir, '..')).catch(() => {});
}

function hashingCounter(onBytes: (bytes: number) => void): {
  stream: Transform;
  digest: () => string;
} {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes(bytes);
      callback(null, chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex') };
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Stores a master from a file path or a readable stream (an upload). `name` gives the extension
 * (defaults to the source path's).
 */
export async function storeMaster(
  source: string | Readable,
  mediaDir: string,
  options: StoreOptions & { name?: string } = {},
): Promise<StoredMaster> {
  const name = options.name ?? (typeof source === 'string' ? source : '');
  const ext = masterExtension(name);
  const incoming = join(mediaDir, INCOMING);
  await mkdir(incoming, { recursive: true });
  const tmp = join(incoming, `${process.pid}-${randomBytes(8).toString('hex')}.part`);
  let size = 0;
  const { stream, digest } = hashingCounter((bytes) => {
    size = bytes;
    options.onProgress?.(bytes);
  });
  try {
    const input = typeof source === 'string' ? createReadStream(source, { highWaterMark: 1 << 20 }) : source;
    await pipeline(input, stream, createWriteStream(tmp, { flags: 'wx' }), { signal: options.signal });
    await fsyncPath(tmp);
    return await publish(tmp, digest(), ext, size, mediaDir);
  } catch (error) {
    await unlink(tmp).catch(() => {});
    throw error;
  }
}

/** Moves the temporary file to its content address, or drops it when that content is stored. */
async function publish(
  tmp: string,
  sha256: string,
  ext: string,
  size: number,
  mediaDir: string,
): Promise<StoredMaster> {
  const relativePath = masterRelativePath(sha256, ext);
  const path = join(mediaDir, relativePath);
  const dir = join(path, '..');
  const existing = await findStored(dir);
  if (existing) {
    await unlink(tmp);
    const stored = join(dir, existing);
    return {
      sha256,
      path: stored,
      relativePath: relative(mediaDir, stored),
      size: (await stat(stored)).size,
      created: false,
    };
  }
  await mkdir(dir, { recursive: true });
  await rename(tmp, path);
  await fsyncPath(dir);
  return { sha256, path, relativePath, size, created: true };
}

/** The stored master file in a content directory (whatever its extension), if any. */
async function findStored(dir: string): Promise<string | null> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.find((n) => n.startsWith('master.') && !n.includes('.tmp')) ?? null;
}

/** Streams a file through sha256 (for verification; never loads it in memory). */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const { stream, digest } = hashingCounter(() => {});
  await pipeline(
    createReadStream(path, { highWaterMark: 1 << 20 }),
    stream,
    async (source) => {
      for await (const _ of source) {
        // drain
      }
    },
    { signal },
  );
  return digest();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporaries of interrupted stores: those of processes that no longer run, and any not
 * written for `olderThanMs` (default one hour).
 */
export async function removeStaleIncoming(mediaDir: string, olderThanMs = 60 * 60_000): Promise<number> {
  const incoming = join(mediaDir, INCOMING);
  const names = await readdir(incoming).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const path = join(incoming, name);
    const owner = Number(name.split('-')[0]);
    const ownerGone = Number.isInteger(owner) && owner > 0 && owner !== process.pid && !isAlive(owner);
    const info = await stat(path).catch(() => null);
    if (info && (ownerGone || Date.now() - info.mtimeMs > olderThanMs)) {
      await unlink(path).catch(() => {});
      removed++;
    }
  }
  return removed;
}
