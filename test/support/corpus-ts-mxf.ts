/**
 * Conformance corpus for MPEG-TS and MXF masters (issue 17): small masters generated once with the
 * real ffmpeg and cached under .cache/test-media (masters.ts), and the cut kinds every class is cut
 * at. The checks themselves live in clip-checks.ts and run tools we did not write (ffprobe, ffmpeg's
 * decoders and framemd5, mediainfo).
 */
import { ensureMaster } from './masters.ts';

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf'.replace(/:/g, '\\:');

/** testsrc2 with a burned-in frame counter, optionally with strong noise (a detailed picture). */
function picture(size: string, rate: string, seconds: number, noisy = false, extra = ''): string {
  const fontsize = Number(size.split('x')[1]) >= 1000 ? 160 : 60;
  return (
    `testsrc2=size=${size}:rate=${rate}:duration=${seconds},` +
    (noisy ? 'noise=alls=12:allf=t,' : '') +
    `drawtext=fontfile=${FONT}:text='%{frame_num}':fontsize=${fontsize}:fontcolor=white:` +
    `box=1:boxcolor=black@0.7:x=(w-tw)/2:y=(h-th)/2${extra}`
  );
}

function tone(seconds: number, rate = 48000): string[] {
  return ['-f', 'lavfi', '-i', `sine=frequency=1000:sample_rate=${rate}:duration=${seconds}`];
}

/**
 * H.264 (x264, B-frames, GOP 25 closed) 640x360 25p with AAC in MPEG-TS, timestamps starting one
 * hour in (a TS recorded mid-day): `-output_ts_offset 3600`.
 */
export function h264TsOffsetMaster(): Promise<string> {
  const seconds = 4;
  return ensureMaster('corpus-h264-ts-offset', 'ts', [
    ...['-f', 'lavfi', '-i', picture('640x360', '25', seconds)],
    ...tone(seconds),
    ...['-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'],
    ...['-g', '25', '-keyint_min', '25', '-sc_threshold', '0', '-bf', '2'],
    ...['-c:a', 'aac', '-ac', '2', '-ar', '48000', '-b:a', '128k'],
    ...['-output_ts_offset', '3600', '-f', 'mpegts'],
  ]);
}

/**
 * H.264 in MPEG-TS whose 33-bit timestamps wrap one second in (they start 2^33/90000 - 1 s ≈
 * 26:30:42 and continue past 0).
 */
export function h264TsWrapMaster(): Promise<string> {
  const seconds = 3;
  const wrap = 2 ** 33 / 90000 - 1;
  return ensureMaster('corpus-h264-ts-wrap', 'ts', [
    ...['-f', 'lavfi', '-i', picture('640x360', '25', seconds)],
    ...tone(seconds),
    ...['-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'],
    ...['-g', '25', '-keyint_min', '25', '-sc_threshold', '0', '-bf', '2'],
    ...['-c:a', 'aac', '-ac', '2', '-ar', '48000', '-b:a', '128k'],
    ...['-output_ts_offset', wrap.toFixed(6), '-f', 'mpegts'],
  ]);
}

/** MPEG-2 video (GOP 12, 2 B-frames, open GOP) 720x576 25i with MP2 audio in MPEG-TS, one hour in. */
export function mpeg2TsOffsetMaster(): Promise<string> {
  const seconds = 3;
  return ensureMaster('corpus-mpeg2-ts-offset', 'ts', [
    ...['-f', 'lavfi', '-i', picture('720x576', '25', seconds, false, ',setfield=tff')],
    ...tone(seconds),
    ...['-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'mpeg2video', '-pix_fmt', 'yuv420p', '-b:v', '8M', '-maxrate', '8M', '-bufsize', '1835008'],
    ...['-g', '12', '-bf', '2', '-flags', '+ildct+ilme', '-top', '1'],
    ...['-c:a', 'mp2', '-ac', '2', '-ar', '48000', '-b:a', '192k'],
    ...['-output_ts_offset', '3600', '-f', 'mpegts'],
  ]);
}

/** IMX / D-10 50: MPEG-2 4:2:2 intra-only 720x608 25i at 50 Mb/s, 4 channels AES3 PCM, D-10 MXF. */
export function imxD10Master(): Promise<string> {
  const seconds = 2;
  return ensureMaster('corpus-imx50-d10', 'mxf', [
    ...['-f', 'lavfi', '-i', picture('720x608', '25', seconds, false, ',setfield=tff')],
    ...tone(seconds),
    ...['-map', '0:v', '-map', '1:a'],
    ...[
      '-c:v',
      'mpeg2video',
      '-pix_fmt',
      'yuv422p',
      '-g',
      '1',
      '-bf',
      '0',
      '-flags',
      '+ildct+low_delay',
      '-top',
      '1',
    ],
    ...['-b:v', '50000k', '-minrate', '50000k', '-maxrate', '50000k', '-bufsize', '2000000'],
    ...['-rc_init_occupancy', '2000000', '-rc_buf_aggressivity', '0.25'],
    ...['-dc', '10', '-intra_vlc', '1', '-non_linear_quant', '1', '-ps', '1', '-qmin', '1', '-qmax', '3'],
    ...['-c:a', 'pcm_s16le', '-ac', '4', '-ar', '48000'],
    ...['-timecode', '10:00:00:00', '-f', 'mxf_d10'],
  ]);
}

/** XDCAM HD422 (1080i50, 50 Mb/s CBR, long GOP 12 open) of a noisy, detailed picture; 2 PCM streams. */
export function xdcamNoisyMaster(): Promise<string> {
  const seconds = 2;
  return ensureMaster('corpus-xdcam-noisy', 'mxf', [
    ...['-f', 'lavfi', '-i', picture('1920x1080', '25', seconds, true, ',setfield=tff')],
    ...tone(seconds),
    ...['-map', '0:v', '-map', '1:a', '-map', '1:a'],
    ...['-c:v', 'mpeg2video', '-pix_fmt', 'yuv422p', '-b:v', '50000k', '-minrate', '50000k'],
    ...['-maxrate', '50000k', '-bufsize', '17825792', '-g', '12', '-bf', '2', '-sc_threshold', '1000000000'],
    ...['-flags', '+ildct+ilme', '-top', '1'],
    ...['-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709'],
    ...['-c:a', 'pcm_s24le', '-ac', '1', '-ar', '48000'],
    ...['-timecode', '10:00:00:00', '-f', 'mxf'],
  ]);
}

/** The in/out kinds every class is cut at, from the master's keyframes (display frames). */
export function corpusCuts(
  keyframes: readonly number[],
  total: number,
): { name: string; range: [number, number] }[] {
  const k1 = keyframes[1] ?? 0;
  const k2 = keyframes[2] ?? total;
  const gop = (keyframes[1] ?? total) - (keyframes[0] ?? 0);
  const mid = Math.max(1, Math.floor(gop / 2));
  const cuts: { name: string; range: [number, number] }[] = [
    { name: 'mid-GOP in and out', range: [mid + 1, Math.min(total - 1, k2 + mid - 1)] },
    { name: 'on a keyframe', range: [k1, Math.min(total - 1, k2 + mid)] },
    { name: 'one frame after a keyframe', range: [k1 + 1, Math.min(total - 1, k2 + 2)] },
    { name: 'one-frame clip', range: [k1 + mid, k1 + mid + 1] },
    { name: 'inside one GOP', range: [k1 + 2, k1 + Math.max(3, gop - 2)] },
    { name: 'to the last frame', range: [k1 + mid, total] },
    { name: 'whole file', range: [0, total] },
  ];
  return cuts.filter((c) => c.range[0] >= 0 && c.range[1] <= total && c.range[1] > c.range[0]);
}
