/**
 * Generates the 10-minute benchmark masters once into .cache/bench-clip (idempotent: a finished file
 * is kept; generation writes to a temp name and renames). Run alone with `npx tsx bench/clip-masters.ts`.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { runFfmpeg } from '../src/platform/ffmpeg/run.ts';

export interface BenchMasters {
  h264: string;
  xdcam: string;
}

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';

function counter(rate: number): string {
  return (
    `drawtext=fontfile=${FONT}:text='%{frame_num}':start_number=0:x=40:y=40:fontsize=96:` +
    `fontcolor=white:box=1:boxcolor=black@0.8,setpts=N/(${rate}*TB)`
  );
}

export function h264MasterArgs(out: string, seconds: number): string[] {
  return [
    '-y',
    ...['-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=50:duration=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`],
    ...['-filter_complex', `[0:v]${counter(50)},format=yuv420p[v];[1:a]aformat=channel_layouts=stereo[a]`],
    ...['-map', '[v]', '-map', '[a]'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-level:v', '4.2'],
    ...['-b:v', '15M', '-maxrate', '15M', '-bufsize', '30M', '-g', '100', '-keyint_min', '100'],
    ...['-sc_threshold', '0', '-bf', '3'],
    ...['-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709'],
    ...['-c:a', 'aac', '-b:a', '192k', '-timecode', '10:00:00:00', '-f', 'mp4', out],
  ];
}

export function xdcamMasterArgs(out: string, seconds: number): string[] {
  const audio: string[] = [];
  for (let i = 0; i < 8; i++) audio.push('-map', '1:a');
  return [
    '-y',
    ...['-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=25:duration=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=1000:sample_rate=48000:duration=${seconds}`],
    ...['-vf', `${counter(25)},format=yuv422p,setfield=tff`, '-map', '0:v', ...audio],
    ...['-c:v', 'mpeg2video', '-pix_fmt', 'yuv422p', '-b:v', '50000k', '-minrate', '50000k'],
    ...['-maxrate', '50000k', '-bufsize', '17825792', '-rc_init_occupancy', '17825792'],
    ...['-g', '12', '-bf', '2', '-flags', '+ildct+ilme', '-top', '1', '-dc', '10', '-intra_vlc', '1'],
    ...['-non_linear_quant', '1', '-qmin', '1', '-qmax', '12', '-lmin', '1*QP2LAMBDA'],
    ...['-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709'],
    ...['-c:a', 'pcm_s24le', '-ar', '48000', '-ac', '1', '-timecode', '10:00:00:00', '-f', 'mxf', out],
  ];
}

export async function ensureBenchMasters(
  dir: string,
  seconds = 600,
  only?: keyof BenchMasters,
): Promise<BenchMasters> {
  mkdirSync(dir, { recursive: true });
  const h264 = join(dir, `h264-1080p50-${seconds}s.mp4`);
  const xdcam = join(dir, `xdcam-1080i50-${seconds}s.mxf`);
  const jobs: Promise<void>[] = [];
  for (const [path, build] of [
    [h264, h264MasterArgs],
    [xdcam, xdcamMasterArgs],
  ] as const) {
    if (existsSync(path) || (only && path !== (only === 'h264' ? h264 : xdcam))) continue;
    const tmp = `${path}.part${path.slice(path.lastIndexOf('.'))}`;
    jobs.push(
      runFfmpeg(['-v', 'error', ...build(tmp, seconds)]).then(() => {
        renameSync(tmp, path);
      }),
    );
  }
  await Promise.all(jobs);
  return { h264, xdcam };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const masters = await ensureBenchMasters(join(process.cwd(), '.cache', 'bench-clip'));
  console.log(masters, `${((Date.now() - started) / 1000).toFixed(1)} s`);
}
