/**
 * Builds the HLS preview of a master: two H.264/AAC rungs (fMP4 segments, ~2 s), a master playlist,
 * a poster JPEG, thumbnail sprite sheets and their WebVTT track.
 *
 * Everything is written into `<outDir>.partial/` and the directory is renamed to `outDir` when
 * complete, `preview.json` (the manifest) written last: `outDir` exists only complete. While
 * encoding, ffmpeg renames each finished segment and playlist into place (`temp_file`), so the
 * partial directory can already be served: `onPreviewable` fires once every rung has a segment.
 * A killed run leaves only `<outDir>.partial/`, which the next run removes before starting again.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type RunOptions, runFfmpeg } from '../platform/ffmpeg/run.ts';
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
  /** Final preview directory (created by the final rename; must be on the same file system). */
  outDir: string;
  /** Fraction of the master encoded, 0..1. */
  onProgress?: (fraction: number) => void;
  /** A rung got a new complete segment (in `dir`, the partial directory while encoding). */
  onSegment?: (event: SegmentEvent & { dir: string }) => void;
  /** Once: every rung has a segment and the master playlist exists in `dir`: mark "previewable". */
  onPreviewable?: (event: { dir: string; masterPlaylist: string }) => void;
}

/** The directory a preview is built in before it is renamed to `outDir`. */
export function partialPreviewDir(outDir: string): string {
  return `${outDir}.partial`;
}

/** The manifest of a complete preview, or null when `outDir` holds none. */
export async function readPreviewManifest(outDir: string): Promise<PreviewManifest | null> {
  const text = await readFile(join(outDir, PREVIEW_LAYOUT.manifest), 'utf8').catch(() => null);
  return text === null ? null : (JSON.parse(text) as PreviewManifest);
}

async function writeFileAtomic(path: string, data: string): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, data, { flush: true });
  await rename(tmp, path);
}

/**
 * Poster into `dir`: seek in the input (fast); when that yields no frame, decode from the start to
 * the poster time; when the master is shorter than that, its first frame.
 */
async function renderPoster(
  masterPath: string,
  source: PreviewSource,
  dir: string,
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
    if (await exists(join(dir, tmp))) {
      await rename(join(dir, tmp), join(dir, PREVIEW_LAYOUT.poster));
      return;
    }
  }
  throw new Error('no frame for the poster');
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Builds the preview, or returns the existing one when `outDir` is already complete. */
export async function buildPreview(options: BuildPreviewOptions): Promise<PreviewManifest> {
  const existing = await readPreviewManifest(options.outDir);
  if (existing) return existing;
  const dir = partialPreviewDir(options.outDir);
  // A killed run's ffmpeg may still be encoding in the partial directory: stop it before taking over.
  await killOrphansIn(dir);
  await rm(dir, { recursive: true, force: true });
  await rm(options.outDir, { recursive: true, force: true });

  const { source } = options;
  // ffmpeg runs inside the preview directory (relative output names): the master path must be absolute.
  const masterPath = resolve(options.masterPath);
  const rungs = chooseRungs(source.video.height, options.rungs);
  const segmentSeconds = options.segmentSeconds ?? 2;
  for (const rung of rungs) await mkdir(join(dir, rung.name), { recursive: true });
  await mkdir(join(dir, 'thumbs'), { recursive: true });

  const rungPlaylists = Object.fromEntries(rungs.map((r) => [r.name, rungPlaylist(r)]));
  const watcher = watchPlaylists({
    dir,
    rungPlaylists,
    masterPlaylist: PREVIEW_LAYOUT.masterPlaylist,
    onSegment: (event) => {
      options.onSegment?.({ ...event, dir });
      // ffmpeg's own -progress stays silent until the end here (the tile filter of the sprite output
      // holds its scheduler), so progress is the encoded seconds of the smallest rung.
      if (event.rung === rungs.at(-1)?.name) {
        options.onProgress?.(Math.min(0.99, event.seconds / Math.max(0.001, source.durationSeconds)));
      }
    },
    onAllRungsStarted: () => options.onPreviewable?.({ dir, masterPlaylist: PREVIEW_LAYOUT.masterPlaylist }),
  });
  const run = { signal: options.signal, timeoutMs: options.timeoutMs ?? 6 * 60 * 60_000, cwd: dir };
  const started = Date.now();
  try {
    const poster = renderPoster(masterPath, source, dir, run);
    const encode = runFfmpeg(['-v', 'error', ...previewArgs(masterPath, source, options)], run);
    await Promise.all([poster, encode]);
    await watcher.stop();
  } catch (error) {
    await watcher.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const encodeSeconds = (Date.now() - started) / 1000;
  await writeFileAtomic(join(dir, PREVIEW_LAYOUT.thumbnailsVtt), thumbnailsVtt(source.durationSeconds));
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
    await rm(dir, { recursive: true, force: true });
    throw new Error('preview encode produced no segments');
  }
  await writeFileAtomic(join(dir, PREVIEW_LAYOUT.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(dir, options.outDir);
  options.onProgress?.(1);
  return manifest;
}

/** Whether `outDir` holds a complete preview. */
export async function previewExists(outDir: string): Promise<boolean> {
  return exists(join(outDir, PREVIEW_LAYOUT.manifest));
}

export { DEFAULT_THUMBNAILS };
