/**
 * The media storage port: where the portal keeps media files (stored masters, previews, derived
 * renditions, clips), named by keys relative to the storage's root (`masters/ab/<sha256>/master.mxf`,
 * `previews/<video>/…`, `renditions/<video>/web.mp4`, `clips/<key>.mp4`). Features reach media files
 * only through this interface, so that another implementation (object storage) can come later
 * without touching them. `createLocalStorage` (local-disk.ts) is the one implementation today.
 */
import type { ReadStream } from 'node:fs';

export { clipKey, contentDirKey, masterKey, previewDirKey, renditionDirKey } from './keys.ts';
export { createLocalStorage } from './local-disk.ts';

export interface StoredFile {
  size: number;
  modified: Date;
}

export interface MediaStorage {
  /**
   * Where a key lives as a local file, for the tools that need a path (ffmpeg, the keyframe reader,
   * nginx's X-Accel-Redirect). Throws on a key that leaves the root (`..`, absolute).
   */
  path(key: string): string;
  /** The file's size and time, or null when there is none (or it is not a regular file). */
  stat(key: string): Promise<StoredFile | null>;
  /** Reads a stored file (a byte range with `start`/`end` inclusive). */
  read(key: string, range?: { start: number; end: number }): ReadStream;
  /** The names directly under a prefix (empty when there is none). */
  list(prefix: string): Promise<string[]>;
  /** Makes sure the folder of keys under `prefix` exists (a no-op where folders do not exist). */
  ensureDir(prefix: string): Promise<void>;
  /**
   * Writes `key` atomically: `write` fills a temporary file beside it (given by path, for ffmpeg);
   * on success it is renamed into place (and what `write` returned is returned), on failure it is
   * removed and the error passes on.
   */
  writeAtomic<T>(key: string, write: (temporaryPath: string) => Promise<T>): Promise<T>;
  /** Removes a key, or a whole prefix with `{ recursive: true }`; absent keys are not an error. */
  remove(key: string, options?: { recursive?: boolean }): Promise<void>;
}
