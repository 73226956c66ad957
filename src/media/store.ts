/**
 * Content-addressed, immutable master storage, through the storage port:
 * key `masters/<sha256[0:2]>/<sha256>/master.<ext>`.
 *
 * The file is streamed (never held in memory) through sha256 into a temporary file of the port's
 * staging folder `masters/.incoming/`, flushed, then placed under its content key
 * (`MediaStorage.writeThenPlace`). The same content always lands on the same key and is stored
 * once. A process killed mid-copy leaves only a temporary file, which `removeStaleIncoming` clears.
 */

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { extname, join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isAlive } from '../platform/stale-temporaries.ts';
import { contentDirKey, type MediaStorage, masterKey } from '../platform/storage/index.ts';

export interface StoredMaster {
  sha256: string;
  /** Local path of the stored master (the port's `path`, for ffmpeg and the index reader). */
  path: string;
  /** Its storage key, relative to the media root (what the database keeps). */
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

/** The staging folder of stores in progress (one temporary file per store). */
const INCOMING = 'masters/.incoming';

/** Lower-case extension without the dot, letters and digits only; "bin" when none. Pure. */
export function masterExtension(name: string): string {
  const ext = extname(name).slice(1).toLowerCase();
  return /^[a-z0-9]{1,8}$/.test(ext) ? ext : 'bin';
}

/** Where content with this hash is stored, relative to the media directory. Pure. */
export function masterRelativePath(sha256: string, ext: string): string {
  return masterKey(sha256, ext);
}

/** Files kept beside a stored master in its content directory, on a local media directory. Pure. */
export function contentPaths(mediaDir: string, sha256: string): { dir: string; keyframeIndex: string } {
  const dir = join(mediaDir, contentDirKey(sha256)); // validates the hash
  return { dir, keyframeIndex: join(dir, 'keyframes.json') };
}

/** The storage key of a master's keyframe index (beside it in its content directory). Pure. */
export function keyframeIndexKey(sha256: string): string {
  return `${contentDirKey(sha256)}/keyframes.json`;
}

/** Removes a stored master and its content directory (and the prefix directory when empty). */
export async function removeStored(storage: MediaStorage, sha256: string): Promise<void> {
  const dir = contentDirKey(sha256);
  await storage.remove(dir, { recursive: true });
  await storage.removeIfEmpty(posix.dirname(dir));
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

/**
 * Stores a master from a file path or a readable stream (an upload). `name` gives the extension
 * (defaults to the source path's).
 */
export async function storeMaster(
  source: string | Readable,
  storage: MediaStorage,
  options: StoreOptions & { name?: string } = {},
): Promise<StoredMaster> {
  const name = options.name ?? (typeof source === 'string' ? source : '');
  const ext = masterExtension(name);
  return storage.writeThenPlace(INCOMING, async (tmp) => {
    let size = 0;
    const { stream, digest } = hashingCounter((bytes) => {
      size = bytes;
      options.onProgress?.(bytes);
    });
    const input = typeof source === 'string' ? createReadStream(source, { highWaterMark: 1 << 20 }) : source;
    await pipeline(input, stream, createWriteStream(tmp, { flags: 'wx' }), { signal: options.signal });
    const sha256 = digest();
    // The same content stored before (whatever its extension): the temporary is dropped.
    const existing = await findStored(storage, sha256);
    if (existing) {
      const stat = await storage.stat(existing);
      const value = {
        sha256,
        path: storage.path(existing),
        relativePath: existing,
        size: stat?.size ?? size,
      };
      return { key: null, value: { ...value, created: false } };
    }
    const relativePath = masterRelativePath(sha256, ext);
    const value = { sha256, path: storage.path(relativePath), relativePath, size, created: true };
    return { key: relativePath, value };
  });
}

/** The key of the stored master in a content directory (whatever its extension), if any. */
async function findStored(storage: MediaStorage, sha256: string): Promise<string | null> {
  const dir = contentDirKey(sha256);
  const names = await storage.list(dir);
  const name = names.find((n) => n.startsWith('master.') && !n.includes('.tmp'));
  return name ? `${dir}/${name}` : null;
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

/**
 * Removes temporaries of interrupted stores: those of processes that no longer run, and any not
 * written for `olderThanMs` (default one hour).
 */
export async function removeStaleIncoming(storage: MediaStorage, olderThanMs = 60 * 60_000): Promise<number> {
  const names = await storage.list(INCOMING);
  let removed = 0;
  for (const name of names) {
    const key = `${INCOMING}/${name}`;
    const owner = Number(name.split('-')[0]);
    const ownerGone = Number.isInteger(owner) && owner > 0 && owner !== process.pid && !isAlive(owner);
    const info = await storage.stat(key);
    if (info && (ownerGone || Date.now() - info.modified.getTime() > olderThanMs)) {
      await storage.remove(key).catch(() => {});
      removed++;
    }
  }
  return removed;
}
