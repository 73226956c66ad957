/**
 * Small broadcast-style test masters, generated once with the real ffmpeg and cached under
 * `<repo>/.cache/test-media/`, keyed by a hash of the generation arguments (changing a parameter
 * regenerates). Safe when several vitest workers ask at once: one generates under a lock file while
 * the others wait; every file is written under a temporary name and renamed into place, so a killed
 * run never leaves a half master behind.
 *
 * Every master carries a burned-in frame counter (drawtext `%{frame_num}`) over a moving testsrc2
 * pattern, and a sine tone.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, open, readFile, rename, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFfmpeg } from '../../src/platform/ffmpeg/run.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TEST_MEDIA_DIR = join(REPO_ROOT, '.cache', 'test-media');

/** Bumped when the way masters are produced changes in a way the arguments do not show. */
const GENERATOR_VERSION = 1;
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf';

function counterFilter(size: string, rate: string, seconds: number, extra = ''): string {
  const font = FONT.replace(/:/g, '\\:');
  return (
    `testsrc2=size=${size}:rate=${rate}:duration=${seconds},` +
    `drawtext=fontfile=${font}:text='%{frame_num}':fontsize=200:fontcolor=white:` +
    `box=1:boxcolor=black@0.7:x=(w-tw)/2:y=(h-th)/2${extra}`
  );
}

function sine(seconds: number): string[] {
  return ['-f', 'lavfi', '-i', `sine=frequency=1000:sample_rate=48000:duration=${seconds}`];
}

const inFlight = new Map<string, Promise<string>>();

/**
 * Returns the cached file for these ffmpeg arguments, generating it when missing. `args` are the
 * ffmpeg arguments without the output path (they must name the muxer with `-f`).
 */
export function ensureMaster(name: string, ext: string, args: readonly string[]): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify({ v: GENERATOR_VERSION, args }))
    .digest('hex')
    .slice(0, 12);
  const finalPath = join(TEST_MEDIA_DIR, `${name}-${key}.${ext}`);
  let pending = inFlight.get(finalPath);
  if (!pending) {
    pending = generateOnce(finalPath, ext, args);
    inFlight.set(finalPath, pending);
    pending.catch(() => inFlight.delete(finalPath));
  }
  return pending;
}

async function generateOnce(finalPath: string, ext: string, args: readonly string[]): Promise<string> {
  await mkdir(TEST_MEDIA_DIR, { recursive: true });
  const lockPath = `${finalPath}.lock`;
  for (;;) {
    if (existsSync(finalPath)) return finalPath;
    if (await tryLock(lockPath)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    if (existsSync(finalPath)) return finalPath;
    const tmpPath = `${finalPath}.tmp-${process.pid}-${randomBytes(4).toString('hex')}.${ext}`;
    try {
      await runFfmpeg(['-v', 'error', '-y', ...args, tmpPath], { timeoutMs: 30 * 60_000 });
      if (existsSync(finalPath)) await unlink(tmpPath);
      else await rename(tmpPath, finalPath);
    } catch (error) {
      await unlink(tmpPath).catch(() => {});
      throw error;
    }
    return finalPath;
  } finally {
    await unlink(lockPath).catch(() => {});
  }
}

/** Takes the lock file, or clears it when its owner process is gone. */
async function tryLock(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx');
    await handle.writeFile(String(process.pid));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) return false;
  // Owner gone (or lock half written and older than a few seconds): remove it and retry.
  const age = await stat(lockPath)
    .then((s) => Date.now() - s.mtimeMs)
    .catch(() => 0);
  if (!owner && age < 5000) return false;
  await unlink(lockPath).catch(() => {});
  return false;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface MasterOptions {
  seconds?: number;
}

/** H.264 High 1080p50, GOP 100 closed, 3 B-frames, ~15 Mb/s, AAC stereo 48 kHz, MP4 with tmcd 10:00:00:00. */
export function h264Mp4Master(options: MasterOptions = {}): Promise<string> {
  const seconds = options.seconds ?? 6;
  return ensureMaster('h264-1080p50', 'mp4', h264Args(seconds));
}

function h264Args(seconds: number): string[] {
  return [
    ...['-f', 'lavfi', '-i', counterFilter('1920x1080', '50', seconds)],
    ...sine(seconds),
    ...['-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-pix_fmt', 'yuv420p'],
    ...['-g', '100', '-keyint_min', '100', '-sc_threshold', '0', '-bf', '3'],
    ...['-b:v', '15M', '-maxrate', '15M', '-bufsize', '30M'],
    ...['-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709'],
    ...['-c:a', 'aac', '-ac', '2', '-ar', '48000', '-b:a', '192k'],
    ...['-timecode', '10:00:00:00', '-movflags', '+faststart', '-f', 'mp4'],
  ];
}

/**
 * The same structure as the H.264 master (High, closed GOP 100, 3 B-frames, AAC stereo, tmcd
 * 10:00:00:00, faststart) at 640x360 25p, 1.5 Mb/s: for tests where the picture is incidental (who
 * may see or clip a video, CSRF). Its ingest and clips cost a small fraction of the 1080p50 master's.
 */
export function smallH264Mp4Master(options: MasterOptions = {}): Promise<string> {
  const seconds = options.seconds ?? 6;
  return ensureMaster('h264-360p25', 'mp4', [
    ...['-f', 'lavfi', '-i', counterFilter('640x360', '25', seconds).replace('fontsize=200', 'fontsize=80')],
    ...sine(seconds),
    ...['-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-pix_fmt', 'yuv420p'],
    ...['-g', '100', '-keyint_min', '100', '-sc_threshold', '0', '-bf', '3'],
    ...['-b:v', '1500k', '-maxrate', '1500k', '-bufsize', '3M'],
    ...['-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709'],
    ...['-c:a', 'aac', '-ac', '2', '-ar', '48000', '-b:a', '128k'],
    ...['-timecode', '10:00:00:00', '-movflags', '+faststart', '-f', 'mp4'],
  ]);
}

/** MPEG-2 4:2:2 1080i (top field first) 50 Mb/s CBR, open GOP, mono PCM 24-bit 48 kHz streams, MXF OP1a. */
function xdcamMaster(
  name: string,
  format: { rate: string; gop: number; audioStreams: number; timecode: string; seconds: number },
): Promise<string> {
  const audioMaps = Array.from({ length: format.audioStreams }, () => ['-map', '1:a']).flat();
  return ensureMaster(name, 'mxf', [
    ...['-f', 'lavfi', '-i', counterFilter('1920x1080', format.rate, format.seconds, ',setfield=tff')],
    ...sine(format.seconds),
    ...['-map', '0:v', ...audioMaps],
    ...['-c:v', 'mpeg2video', '-pix_fmt', 'yuv422p', '-b:v', '50000k', '-minrate', '50000k'],
    ...['-maxrate', '50000k', '-bufsize', '17825792', '-g', String(format.gop), '-bf', '2'],
    ...['-flags', '+ildct+ilme', '-top', '1'],
    ...['-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709'],
    ...['-c:a', 'pcm_s24le', '-ac', '1', '-ar', '48000'],
    ...['-timecode', format.timecode, '-f', 'mxf'],
  ]);
}

/**
 * XDCAM HD422 style: 1080i50 (25 frames/s), open GOP N=12 M=3, 8 PCM streams, start timecode
 * 10:00:00:00.
 */
export function xdcamMxfMaster(options: MasterOptions = {}): Promise<string> {
  const seconds = options.seconds ?? 6;
  return xdcamMaster('xdcam-1080i50', {
    rate: '25',
    gop: 12,
    audioStreams: 8,
    timecode: '10:00:00:00',
    seconds,
  });
}

/**
 * XDCAM HD422 at 29.97 (GOP 15), 4 PCM streams, drop-frame timecode 01:00:00;00: 1601.6 samples a
 * frame, so its audio packets are not one frame each and the audio is decoded and trimmed.
 */
export function xdcamNtscMxfMaster(options: MasterOptions = {}): Promise<string> {
  const seconds = options.seconds ?? 3;
  return xdcamMaster('xdcam-1080i2997', {
    rate: '30000/1001',
    gop: 15,
    audioStreams: 4,
    timecode: '01:00:00;00',
    seconds,
  });
}

/** ProRes 422 (prores_ks) 1920x1080 29.97 with drop-frame timecode 00:59:59;28, PCM stereo, MOV. */
export function proresMovMaster(options: MasterOptions = {}): Promise<string> {
  const seconds = options.seconds ?? 4;
  return ensureMaster('prores-2997df', 'mov', [
    ...['-f', 'lavfi', '-i', counterFilter('1920x1080', '30000/1001', seconds)],
    ...sine(seconds),
    ...['-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'prores_ks', '-profile:v', '2', '-pix_fmt', 'yuv422p10le'],
    ...['-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709'],
    ...['-c:a', 'pcm_s24le', '-ac', '2', '-ar', '48000'],
    ...['-timecode', '00:59:59;28', '-f', 'mov'],
  ]);
}

/**
 * H.264 open GOP (non-IDR recovery-point I-frames with leading B-frames, GOP 24, fixed 3 B-frames)
 * 640x360 25p, AAC, MPEG-TS: small, for the keyframe index's open-GOP detection and the TS family.
 */
export function h264OpenGopTsMaster(options: MasterOptions = {}): Promise<string> {
  const seconds = options.seconds ?? 4;
  return ensureMaster('h264-opengop-ts', 'ts', [
    ...['-f', 'lavfi', '-i', counterFilter('640x360', '25', seconds).replace('fontsize=200', 'fontsize=80')],
    ...sine(seconds),
    ...['-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'],
    ...['-g', '24', '-keyint_min', '24', '-sc_threshold', '0', '-bf', '3'],
    ...['-x264-params', 'open-gop=1:b-adapt=0'],
    ...['-c:a', 'aac', '-ac', '2', '-ar', '48000', '-f', 'mpegts'],
  ]);
}

/**
 * H.264 MPEG-TS whose keyframes after the first are recovery points, not IDR pictures (x264
 * open-GOP, two B-frames, fixed pattern): ffmpeg flags them as keyframes, their pts - dts is the
 * first keyframe's, so nothing in the packet list tells them from IDR pictures.
 */
export function h264RecoveryPointTsMaster(): Promise<string> {
  const seconds = 4;
  return ensureMaster('h264-recovery-point-ts', 'ts', [
    ...['-f', 'lavfi', '-i', counterFilter('320x180', '25', seconds).replace('fontsize=200', 'fontsize=60')],
    ...sine(seconds),
    ...['-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'],
    ...['-g', '25', '-keyint_min', '25', '-sc_threshold', '0', '-bf', '2'],
    ...['-x264-params', 'open-gop=1:b-adapt=0'],
    ...['-c:a', 'aac', '-ac', '2', '-ar', '48000', '-f', 'mpegts'],
  ]);
}

/** Audio only (PCM WAV tone): media, but no video to ingest. */
export function audioOnlyMaster(): Promise<string> {
  return ensureMaster('audio-only', 'wav', [...sine(2), '-c:a', 'pcm_s24le', '-f', 'wav']);
}

/** A text file with a video extension: must be refused as not media. */
export async function notMedia(): Promise<string> {
  const path = join(TEST_MEDIA_DIR, 'not-media.mp4');
  if (!existsSync(path)) {
    await mkdir(TEST_MEDIA_DIR, { recursive: true });
    const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    await writeFile(tmp, 'This is not a video. It is a note about a video.\n'.repeat(200));
    await rename(tmp, path);
  }
  return path;
}

/** The H.264 master (moov at the front) cut in half: its index promises frames the file lacks. */
export async function truncatedMaster(): Promise<string> {
  const source = await h264Mp4Master();
  const path = source.replace(/\.mp4$/, '-truncated.mp4');
  if (!existsSync(path)) {
    const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    await copyFile(source, tmp);
    const { size } = await stat(tmp);
    await truncate(tmp, Math.floor(size / 2));
    await rename(tmp, path);
  }
  return path;
}
