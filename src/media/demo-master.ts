/**
 * Renders a broadcast-style demo master: H.264 High 1080p50, long GOP (100 frames, B-frames), a
 * moving test pattern chosen by variant, burned-in SMPTE timecode from 10:00:00:00, a sine tone, MP4
 * with a tmcd timecode track 10:00:00:00. Written under a temporary name and renamed into place: a
 * process killed mid-way leaves nothing at `outPath` (stale temporaries are removed on the next run).
 */
import { randomBytes } from 'node:crypto';
import { rename, unlink } from 'node:fs/promises';
import { type FfmpegProgress, runFfmpeg } from '../platform/ffmpeg/run.ts';
import { removeStaleTemporaries } from '../platform/stale-temporaries.ts';

export interface DemoMasterOptions {
  outPath: string;
  /** Length in seconds (the demo uses 20..60). */
  seconds: number;
  /** Pattern variant 0..5 (taken modulo the number of patterns). */
  variant: number;
  signal?: AbortSignal;
  /** Fraction done, 0..1. */
  onProgress?: (fraction: number) => void;
  /** Font for the burned-in text. */
  fontFile?: string;
}

const RATE = 50;
const SIZE = '1920x1080';
export const DEMO_START_TIMECODE = '10:00:00:00';
const DEFAULT_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf';

/** The moving pattern of each variant, as a lavfi source producing 1920x1080 at 50 frames/s. */
export function demoPattern(variant: number, seconds: number): string {
  const d = `duration=${seconds}`;
  const small = `size=480x270:rate=${RATE}`;
  const up = `scale=${SIZE.replace('x', ':')}:flags=neighbor`;
  const patterns = [
    `testsrc2=size=${SIZE}:rate=${RATE}:${d}`,
    `smptehdbars=size=${SIZE}:rate=${RATE}:${d}[bars];color=c=white:size=200x200:rate=${RATE}[box];` +
      `[bars][box]overlay=x='mod(t*400,W-200)':y='H/2-100+200*sin(t*2)':shortest=1`,
    // Mandelbrot is costly per pixel: a small, slow render, repeated up to 50 frames/s.
    `mandelbrot=size=320x180:rate=10:maxiter=96:end_pts=${seconds * 10},fps=${RATE},${up}`,
    `life=${small}:mold=10:ratio=0.2:death_color=#202040:life_color=#40c0ff,${up}`,
    `cellauto=size=240x135:rate=${RATE}:rule=110:random_fill_ratio=0.3:full=1:scroll=1,format=rgb24,` +
      `colorchannelmixer=rr=1:rg=0:rb=0:gr=0.4:gg=0.4:bb=0.9:br=0.3,${up}`,
    `gradients=${small}:${d}:speed=0.03,${up}`,
  ];
  const index = ((Math.trunc(variant) % patterns.length) + patterns.length) % patterns.length;
  return patterns[index]!;
}

function escapeFilterPath(path: string): string {
  return path.replace(/\\/g, '\\\\').replace(/:/g, '\\:').replace(/'/g, "\\'");
}

/** ffmpeg arguments (without the output path) for one demo master. Pure. */
export function demoMasterArgs(
  options: Pick<DemoMasterOptions, 'seconds' | 'variant' | 'fontFile'>,
): string[] {
  const { seconds, variant } = options;
  const font = escapeFilterPath(options.fontFile ?? DEFAULT_FONT);
  const tc = DEMO_START_TIMECODE.replace(/:/g, '\\:');
  const overlay =
    `drawtext=fontfile=${font}:timecode='${tc}':rate=${RATE}:fontsize=96:fontcolor=white:` +
    `box=1:boxcolor=black@0.75:boxborderw=12:x=(w-tw)/2:y=h-th-80,` +
    `drawtext=fontfile=${font}:text='DEMO ${variant}':fontsize=48:fontcolor=white:` +
    'box=1:boxcolor=black@0.6:boxborderw=8:x=60:y=60,format=yuv420p';
  return [
    ...['-f', 'lavfi', '-i', `${demoPattern(variant, seconds)},trim=duration=${seconds},${overlay}[out0]`],
    ...[
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${440 + 110 * (variant % 6)}:sample_rate=48000:duration=${seconds}`,
    ],
    ...['-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'libx264', '-preset', 'superfast', '-profile:v', 'high', '-level:v', '4.2'],
    ...['-r', String(RATE), '-g', '100', '-keyint_min', '100', '-sc_threshold', '0', '-bf', '3'],
    ...['-b:v', '12M', '-maxrate', '15M', '-bufsize', '30M'],
    ...['-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709'],
    ...['-c:a', 'aac', '-ac', '2', '-ar', '48000', '-b:a', '192k'],
    ...['-timecode', DEMO_START_TIMECODE, '-movflags', '+faststart', '-f', 'mp4'],
  ];
}

export async function renderDemoMaster(options: DemoMasterOptions): Promise<void> {
  await removeStaleTemporaries(options.outPath);
  const tmp = `${options.outPath}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const totalFrames = options.seconds * RATE;
  try {
    await runFfmpeg(['-v', 'error', '-y', ...demoMasterArgs(options), tmp], {
      signal: options.signal,
      timeoutMs: Math.max(120_000, options.seconds * 20_000),
      onProgress: options.onProgress
        ? (p: FfmpegProgress) => options.onProgress?.(Math.min(1, p.frame / totalFrames))
        : undefined,
    });
    await rename(tmp, options.outPath);
  } catch (error) {
    await unlink(tmp).catch(() => {});
    throw error;
  }
}
