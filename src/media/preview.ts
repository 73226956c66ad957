/**
 * Builds the HLS preview of a master: two H.264/AAC rungs (fMP4 segments, ~2 s), a master playlist,
 * a poster JPEG, thumbnail sprite sheets and their WebVTT track.
 *
 * ffmpeg writes into the storage port's work folder for `key` (`storage.workFolder`: on a local disk
 * `<key>.partial/` under the root), which is placed at `key` when complete, `preview.json` (the
 * manifest) written last: `key` exists only complete. While encoding, ffmpeg renames each finished
 * segment and playlist into place (`temp_file`); the playlist watcher publishes each new segment and
 * then its playlist (`work.publish`: nothing to do on a local disk, an upload on an object store), so
 * the work folder's key can already be served: `onPreviewable` fires once every rung has a segment.
 * A killed run leaves only the work folder, which the next run discards before starting again.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { text as readText } from 'node:stream/consumers';
import { type RunOptions, runFfmpeg } from '../platform/ffmpeg/run.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { killOrphansIn } from './orphans.ts';
import {
  chooseRungs,
  DEFAULT_THUMBNAILS,
  PREVIEW_LAYOUT,
  type PreviewPlanOptions,
  type PreviewSource,
  posterArgs,
  posterTime,
  previewArgs,
  rungFiles,
  rungPlaylist,
  thumbnailsVtt,
} from './preview-plan.ts';
import { type SegmentEvent, watchPlaylists } from './preview-watch.ts';
import type { Rational } from './types.ts';

export type { PreviewSource, Rung } from './preview-plan.ts';
export type { SegmentEvent } from './preview-watch.ts';

export interface PreviewManifest {
  version: 1;
  masterPlaylist: string;
  rungs: { name: string; height: number; playlist: string; segments: number }[];
  poster: string;
  thumbnailsVtt: string;
  segmentSeconds: number;
  /** Preview frame n is master frame n at this rate. */
  frameRate: Rational;
  durationSeconds: number;
  /** Wall-clock seconds the encode took, and its speed as a multiple of real time. */
  encodeSeconds: number;
  speed: number;
}

export interface BuildPreviewOptions extends PreviewPlanOptions, Pick<RunOptions, 'signal' | 'timeoutMs'> {
  masterPath: string;
  source: PreviewSource;
  /** Where the preview goes: the storage, and the key of its folder (created by the final move). */
  storage: MediaStorage;
  key: string;
  /** Fraction of the master encoded, 0..1. */
  onProgress?: (fraction: number) => void;
  /** A rung got a new complete segment (in `dir`, the partial directory while encoding). */
  onSegment?: (event: SegmentEvent & { dir: string }) => void;
  /** Once: every rung has a segment and the master playlist exists in `dir`: mark "previewable". */
  onPreviewable?: (event: { dir: string; masterPlaylist: string }) => void;
}

/**
 * The folder a preview is built in before it is moved to `outDir` (a storage key or its path): the
 * local-disk storage's work folder (`workFolder(key).key`), named here for tools and tests.
 */
export function partialPreviewDir(outDir: string): string {
  return `${outDir}.partial`;
}

/** The manifest of a complete preview in a local folder, or null when `outDir` holds none. */
export async function readPreviewManifest(outDir: string): Promise<PreviewManifest | null> {
  const text = await readFile(join(outDir, PREVIEW_LAYOUT.manifest), 'utf8').catch(() => null);
  return text === null ? null : (JSON.parse(text) as PreviewManifest);
}

/** The manifest of a complete preview in the storage, or null when `key` holds none. */
async function storedManifest(storage: MediaStorage, key: string): Promise<PreviewManifest | null> {
  const manifestKey = `${key}/${PREVIEW_LAYOUT.manifest}`;
  if (!(await storage.stat(manifestKey))) return null;
  return JSON.parse(await readText(storage.read(manifestKey))) as PreviewManifest;
}

function writeText(storage: MediaStorage, key: string, data: string): Promise<void> {
  return storage.writeAtomic(key, (tmp) => writeFile(tmp, data, { flush: true }));
}

/**
 * Poster into `dir`: seek in the input (fast); when that yields no frame, decode from the start to
 * the poster time; when the master is shorter than that, its first frame.
 */
async function renderPoster(
  masterPath: string,
  source: PreviewSource,
  partial: { storage: MediaStorage; key: string },
  run: Pick<RunOptions, 'signal' | 'cwd'>,
): Promise<void> {
  const tmp = 'poster.tmp.jpg';
  const attempts: [number, 'input' | 'output'][] = [
    [posterTime(source.durationSeconds), 'input'],
    [posterTime(source.durationSeconds), 'output'],
    [0, 'output'],
  ];
  for (const [at, seek] of attempts) {
    await runFfmpeg(['-v', 'error', ...posterArgs(masterPath, source, at, tmp, seek)], {
      ...run,
      timeoutMs: 120_000,
    });
    if (await partial.storage.stat(`${partial.key}/${tmp}`)) {
      await partial.storage.move(`${partial.key}/${tmp}`, `${partial.key}/${PREVIEW_LAYOUT.poster}`);
      return;
    }
  }
  throw new Error('no frame for the poster');
}

/** Builds the preview, or returns the existing one when `key` is already complete. */
export async function buildPreview(options: BuildPreviewOptions): Promise<PreviewManifest> {
  const { storage, key } = options;
  const existing = await storedManifest(storage, key);
  if (existing) return existing;
  const work = storage.workFolder(key);
  const partialKey = work.key;
  // ffmpeg and the playlist watcher work on the work folder's local path.
  const dir = work.path;
  // A killed run's ffmpeg may still be encoding in the work folder: stop it before taking over.
  await killOrphansIn(dir);
  await work.discard();
  await storage.remove(key, { recursive: true });

  const { source } = options;
  // ffmpeg runs inside the preview directory (relative output names): the master path must be absolute.
  const masterPath = resolve(options.masterPath);
  const rungs = chooseRungs(source.video.height, options.rungs);
  const segmentSeconds = options.segmentSeconds ?? 2;
  for (const rung of rungs) await storage.ensureDir(`${partialKey}/${rung.name}`);
  await storage.ensureDir(`${partialKey}/thumbs`);

  const rungPlaylists = Object.fromEntries(rungs.map((r) => [r.name, rungPlaylist(r)]));
  // Each new segment, then the playlist that names it, published in order (one upload at a time).
  const published: Record<string, number> = {};
  let publishing: Promise<void> = Promise.resolve();
  const publish = (names: string[]) => {
    publishing = publishing.then(() => work.publish(names));
    return publishing;
  };
  const watcher = watchPlaylists({
    dir,
    rungPlaylists,
    masterPlaylist: PREVIEW_LAYOUT.masterPlaylist,
    onSegment: (event) => {
      const files = rungFiles(event.rung);
      const from = published[event.rung] ?? 0;
      const segments = Array.from({ length: event.segments - from }, (_, i) => files.segment(from + i));
      published[event.rung] = event.segments;
      const playlist = rungPlaylists[event.rung] ?? [];
      publish([...(from === 0 ? [files.init] : []), ...segments, ...[playlist].flat()])
        .then(() => options.onSegment?.({ ...event, dir }))
        .catch(() => {}); // a failed upload fails the build below (`await publishing`)
      // ffmpeg's own -progress stays silent until the end here (the tile filter of the sprite output
      // holds its scheduler), so progress is the encoded seconds of the smallest rung.
      if (event.rung === rungs.at(-1)?.name) {
        options.onProgress?.(Math.min(0.99, event.seconds / Math.max(0.001, source.durationSeconds)));
      }
    },
    onAllRungsStarted: () => {
      publish([PREVIEW_LAYOUT.masterPlaylist])
        .then(() => options.onPreviewable?.({ dir, masterPlaylist: PREVIEW_LAYOUT.masterPlaylist }))
        .catch(() => {});
    },
  });
  const run = { signal: options.signal, timeoutMs: options.timeoutMs ?? 6 * 60 * 60_000, cwd: dir };
  const started = Date.now();
  try {
    const poster = renderPoster(masterPath, source, { storage, key: partialKey }, run);
    const encode = runFfmpeg(['-v', 'error', ...previewArgs(masterPath, source, options)], run);
    await Promise.all([poster, encode]);
    await watcher.stop();
    await publishing;
  } catch (error) {
    await watcher.stop().catch(() => {});
    await publishing.catch(() => {});
    await work.discard();
    throw error;
  }
  const encodeSeconds = (Date.now() - started) / 1000;
  await writeText(
    storage,
    `${partialKey}/${PREVIEW_LAYOUT.thumbnailsVtt}`,
    thumbnailsVtt(source.durationSeconds),
  );
  const states = watcher.states();
  const manifest: PreviewManifest = {
    version: 1,
    masterPlaylist: PREVIEW_LAYOUT.masterPlaylist,
    rungs: rungs.map((r) => ({
      name: r.name,
      height: r.height,
      playlist: rungPlaylist(r),
      segments: states[r.name]?.segments ?? 0,
    })),
    poster: PREVIEW_LAYOUT.poster,
    thumbnailsVtt: PREVIEW_LAYOUT.thumbnailsVtt,
    segmentSeconds,
    frameRate: source.video.frameRate,
    durationSeconds: source.durationSeconds,
    encodeSeconds,
    speed: source.durationSeconds / Math.max(0.001, encodeSeconds),
  };
  if (manifest.rungs.some((r) => r.segments === 0)) {
    await work.discard();
    throw new Error('preview encode produced no segments');
  }
  await writeText(
    storage,
    `${partialKey}/${PREVIEW_LAYOUT.manifest}`,
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
  await work.place();
  options.onProgress?.(1);
  return manifest;
}

export { DEFAULT_THUMBNAILS };
