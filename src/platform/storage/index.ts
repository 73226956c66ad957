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

/**
 * A folder a local writer (ffmpeg) fills before it appears under its key, whose finished files
 * readers may already fetch under `key` while it is written (a preview playable before its encode
 * ends). Given by `MediaStorage.workFolder`.
 */
export interface WorkFolder {
  /** The writer's local folder. */
  path: string;
  /** Where its published files are readable while it is written: `<final key>.partial`. */
  key: string;
  /**
   * Makes finished files of the folder (names relative to it, in the order given: a segment before
   * the playlist that names it) readable under `key`. On a local disk they already are (the folder
   * is under the storage's root and the writer renames each file into place): a no-op. An object
   * store uploads them here.
   */
  publish(names: readonly string[]): Promise<void>;
  /** Places the whole folder under its final key (a rename on a local disk: complete or absent). */
  place(): Promise<void>;
  /** Drops the folder and what was published of it (a failed or abandoned write, a killed run's). */
  discard(): Promise<void>;
}

export interface MediaStorage {
  /**
   * Where a key lives as a local file, for the tools that need a path (ffmpeg, the keyframe reader,
   * nginx's X-Accel-Redirect). Throws on a key that leaves the root (`..`, absolute).
   */
  path(key: string): string;
  /** The file's size and time, or null when there is none (or it is not a regular file). */
  stat(key: string): Promise<StoredFile | null>;
  /** Reads a stored file (a byte range with `start`/`end` inclusive), in large chunks. */
  read(key: string, range?: { start: number; end: number }): ReadStream;
  /** The names directly under a prefix (empty when there is none). */
  list(prefix: string): Promise<string[]>;
  /** Makes sure the folder of keys under `prefix` exists (a no-op where folders do not exist). */
  ensureDir(prefix: string): Promise<void>;
  /**
   * Writes `key` atomically: `write` fills a temporary file beside it (given by path, for ffmpeg);
   * on success it is renamed into place (and what `write` returned is returned), on failure it is
   * removed and the error passes on. With `sync`, the file and its folder are flushed to disk
   * (fsync) around the rename: durable once this resolves.
   */
  writeAtomic<T>(
    key: string,
    write: (temporaryPath: string) => Promise<T>,
    options?: { sync?: boolean },
  ): Promise<T>;
  /**
   * Writes a file whose key is known only once it is written (content addressing): `write` fills a
   * temporary file under `stagingPrefix`, named `<pid>-<random>.part` so that a killed process's
   * leftovers can be told apart (`list`, `stat`, `remove`), and says under which key it belongs.
   * The file is flushed to disk and renamed there (its folder flushed too); with `key: null` it is
   * dropped (that content is already stored). On failure it is removed and the error passes on.
   */
  writeThenPlace<T>(
    stagingPrefix: string,
    write: (temporaryPath: string) => Promise<{ key: string | null; value: T }>,
  ): Promise<T>;
  /**
   * Renames a key, or a whole prefix, to another key that does not exist yet (atomic on a local
   * disk: what is built under a temporary prefix appears complete or not at all).
   */
  move(fromKey: string, toKey: string): Promise<void>;
  /** Removes a key, or a whole prefix with `{ recursive: true }`; absent keys are not an error. */
  remove(key: string, options?: { recursive?: boolean }): Promise<void>;
  /**
   * The work folder for writing the folder `key` with a local tool (creates nothing: `discard()`
   * clears a killed run's leftovers, `ensureDir` under its `key` makes its folders).
   */
  workFolder(key: string): WorkFolder;
  /**
   * Removes the folder `prefix` only if it is empty, atomically (a concurrent write into it wins);
   * a no-op where folders do not exist.
   */
  removeIfEmpty(prefix: string): Promise<void>;
}
