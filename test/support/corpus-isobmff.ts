/**
 * The ISO-BMFF (MP4/MOV) conformance corpus (issue 17): one small master per class of master that
 * failed an outside engineer's checks, generated once with the real ffmpeg and cached under
 * `.cache/test-media` (masters.ts), and the cut points every class is cut at.
 *
 * Classes:
 * - x264 MP4, open GOPs and scene-cut keyframes (irregular GOP lengths), B-pyramid, AAC;
 * - intra-only MOV: ProRes 422 HQ 29.97 drop-frame (apch), DNxHD (AVdn), AVC-Intra 100 1080i (ai15);
 * - x264 MP4, CAVLC, no B-frames, mono AAC;
 * - MP4 remuxed from MPEG-TS (90 kHz video timescale, edit lists);
 * - H.264 not made by x264 (no x264 settings SEI), with a pixel aspect ratio (pasp);
 * - apart (its web clips): x264 MBAFF MOV with PCM.
 */
import { existsSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { runFfmpeg } from '../../src/platform/ffmpeg/run.ts';
import { ensureMaster } from './masters.ts';

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf'.replace(/:/g, '\\:');

/** A frame counter burned in over a moving pattern (so neighbouring frames differ clearly). */
function counter(size: string, rate: string, seconds: number, fontsize = 60): string {
  return (
    `testsrc2=size=${size}:rate=${rate}:duration=${seconds},` +
    `drawtext=fontfile=${FONT}:text='%{frame_num}':fontsize=${fontsize}:fontcolor=white:` +
    `box=1:boxcolor=black@0.7:x=(w-tw)/2:y=(h-th)/2`
  );
}

function tone(seconds: number): string[] {
  return ['-f', 'lavfi', '-i', `sine=frequency=1000:sample_rate=48000:duration=${seconds}`];
}

/**
 * Scene cuts: three different pictures one after the other (testsrc2, a zooming mandelbrot, smpte
 * bars with noise), each with the counter, so x264's scene-cut detection places keyframes at
 * irregular positions.
 */
function sceneCuts(size: string, rate: string, lengths: [number, number, number]): string {
  const [a, b, c] = lengths;
  const text =
    `drawtext=fontfile=${FONT}:text='%{frame_num}':fontsize=60:fontcolor=white:` +
    `box=1:boxcolor=black@0.7:x=(w-tw)/2:y=(h-th)/2`;
  return (
    `testsrc2=size=${size}:rate=${rate}:duration=${a}[a];` +
    `mandelbrot=size=${size}:rate=${rate},trim=duration=${b},setpts=PTS-STARTPTS[b];` +
    `smptehdbars=size=${size}:rate=${rate}:duration=${c},noise=alls=30:allf=t[c];` +
    `[a][b][c]concat=n=3:v=1:a=0,format=yuv420p,${text}[v]`
  );
}

export interface CorpusMaster {
  /** Class name used in test titles and reports. */
  name: string;
  path: string;
  /** What must stay as the master's: the video sample entry (ffprobe codec_tag_string). */
  tag: string;
}

/** x264 MP4: open GOPs, scene-cut keyframes, B-pyramid, AAC, 320x180 25p, 6 s. */
export async function x264OpenGopMp4(): Promise<CorpusMaster> {
  const path = await ensureMaster('corpus-x264-opengop', 'mp4', [
    ...['-filter_complex', sceneCuts('320x180', '25', [2.2, 1.6, 2.2])],
    ...tone(6),
    // The filter graph's sources are not inputs: the tone is input 0.
    ...['-map', '[v]', '-map', '0:a'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-crf', '18'],
    ...['-x264-params', 'open-gop=1:keyint=40:min-keyint=4:scenecut=40:bframes=3:b-pyramid=normal'],
    ...['-c:a', 'aac', '-ac', '2', '-ar', '48000', '-b:a', '128k'],
    ...['-timecode', '10:00:00:00', '-f', 'mp4'],
  ]);
  return { name: 'x264 MP4 open GOP, scene cuts, B-pyramid, AAC', path, tag: 'avc1' };
}

/** x264 MP4: CAVLC, no B-frames, mono AAC, GOP 25, 320x180 25p, 6 s. */
export async function x264CavlcMp4(): Promise<CorpusMaster> {
  const path = await ensureMaster('corpus-x264-cavlc', 'mp4', [
    ...['-f', 'lavfi', '-i', counter('320x180', '25', 6)],
    ...tone(6),
    ...['-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p'],
    ...['-g', '25', '-keyint_min', '25', '-sc_threshold', '0', '-crf', '18'],
    // Mono: ffmpeg's MP4 muxer writes 2 in the sample entry's template channel count; the
    // AudioSpecificConfig says 1.
    ...['-c:a', 'aac', '-ac', '1', '-ar', '48000', '-b:a', '96k'],
    ...['-timecode', '10:00:00:00', '-f', 'mp4'],
  ]);
  return { name: 'x264 MP4 CAVLC, no B-frames, mono AAC', path, tag: 'avc1' };
}

/** ProRes 422 HQ (apch) 29.97 drop-frame timecode 00:59:59;28, PCM stereo, MOV, 320x180, 3 s. */
export async function proresHqMov(): Promise<CorpusMaster> {
  const path = await ensureMaster('corpus-prores-hq', 'mov', [
    ...['-f', 'lavfi', '-i', counter('320x180', '30000/1001', 3)],
    ...tone(3),
    ...['-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'prores_ks', '-profile:v', '3', '-pix_fmt', 'yuv422p10le'],
    ...['-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709'],
    ...['-c:a', 'pcm_s24le', '-ac', '2', '-ar', '48000'],
    ...['-timecode', '00:59:59;28', '-f', 'mov'],
  ]);
  return { name: 'ProRes 422 HQ MOV 29.97 drop-frame', path, tag: 'apch' };
}

/** DNxHR LB (AVdn sample entry, as DNxHD) 25p, PCM, MOV, 320x180 (DNxHR allows small sizes), 3 s. */
export async function dnxMov(): Promise<CorpusMaster> {
  const path = await ensureMaster('corpus-dnx', 'mov', [
    ...['-f', 'lavfi', '-i', counter('320x180', '25', 3)],
    ...tone(3),
    ...['-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'dnxhd', '-profile:v', 'dnxhr_lb', '-pix_fmt', 'yuv422p'],
    ...['-c:a', 'pcm_s16le', '-ac', '2', '-ar', '48000'],
    ...['-timecode', '10:00:00:00', '-f', 'mov'],
  ]);
  return { name: 'DNxHR MOV', path, tag: 'AVdn' };
}

/**
 * AVC-Intra 100 1080i50 (ai15: the only sizes AVC-Intra allows), top field first, PCM, MOV, 1 s:
 * the sample entry declares the scan, so it must stay ai15.
 */
export async function avcIntraMov(): Promise<CorpusMaster> {
  // x264 writes AVC-Intra only in-band (no global header): an elementary stream, then MOV.
  const es = await ensureMaster('corpus-avcintra', 'h264', [
    ...['-f', 'lavfi', '-i', `${counter('1920x1080', '25', 1, 200)},setfield=tff`],
    ...['-c:v', 'libx264', '-pix_fmt', 'yuv422p10le', '-flags', '+ildct+ilme'],
    ...['-x264-params', 'avcintra-class=100:interlaced=1:tff=1', '-preset', 'ultrafast', '-f', 'h264'],
  ]);
  const audio = await ensureMaster('corpus-avcintra-audio', 'wav', [
    ...tone(1),
    '-c:a',
    'pcm_s24le',
    '-f',
    'wav',
  ]);
  const path = await remuxOnce(
    es,
    es.replace(/\.h264$/, '.mov'),
    [
      ...['-i', audio, '-map', '0:v', '-map', '1:a', '-c', 'copy', '-field_order', 'tt'],
      ...['-timecode', '10:00:00:00', '-f', 'mov'],
    ],
    ['-framerate', '25'],
  );
  return { name: 'AVC-Intra 100 MOV 1080i50', path, tag: 'ai15' };
}

/** Remuxes `source` with ffmpeg (stream copy) into `path` once (cached by the source's name). */
async function remuxOnce(
  source: string,
  path: string,
  args: readonly string[],
  inputArgs: readonly string[] = [],
): Promise<string> {
  if (existsSync(path)) return path;
  const tmp = `${path}.tmp-${process.pid}${path.slice(path.lastIndexOf('.'))}`;
  try {
    await runFfmpeg(['-v', 'error', '-y', ...inputArgs, '-i', source, ...args, tmp]);
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => {});
    throw error;
  }
  return path;
}

/**
 * x264 in MPEG-TS (PTS starting at 1.4 s, B-frames, AAC) remuxed to MP4 by stream copy: a 90 kHz
 * video timescale, an edit list, the audio's own edit, 320x180 25p, 6 s.
 */
export async function mp4FromTs(): Promise<CorpusMaster> {
  const ts = await ensureMaster('corpus-ts-source', 'ts', [
    ...['-f', 'lavfi', '-i', counter('320x180', '25', 6)],
    ...tone(6),
    ...['-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-crf', '18'],
    ...['-g', '25', '-keyint_min', '25', '-sc_threshold', '0', '-bf', '2'],
    ...['-c:a', 'aac', '-ac', '2', '-ar', '48000', '-b:a', '128k'],
    ...['-output_ts_offset', '1.4', '-f', 'mpegts'],
  ]);
  const path = await remuxOnce(ts, ts.replace(/\.ts$/, '-remux.mp4'), [
    ...['-map', '0', '-c', 'copy', '-video_track_timescale', '90000', '-f', 'mp4'],
  ]);
  return { name: 'MP4 remuxed from TS (90 kHz)', path, tag: 'avc1' };
}

/**
 * H.264 not made by x264: x264's settings SEI removed (so the smart cut cannot read them) and a
 * 4:3 sample aspect ratio on 320x180 (a pasp box), 59.94p, AAC, MP4, 3 s.
 */
export async function nonX264Mp4(): Promise<CorpusMaster> {
  const source = await ensureMaster('corpus-nonx264-source', 'mp4', [
    ...['-f', 'lavfi', '-i', counter('320x180', '60000/1001', 3)],
    ...tone(3),
    ...['-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-crf', '18'],
    ...['-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-bf', '0'],
    ...['-c:a', 'aac', '-ac', '2', '-ar', '48000', '-b:a', '128k', '-f', 'mp4'],
  ]);
  const path = await remuxOnce(source, source.replace(/\.mp4$/, '-nosei-sar.mp4'), [
    ...[
      '-map',
      '0',
      '-c',
      'copy',
      '-bsf:v',
      'filter_units=remove_types=6,h264_metadata=sample_aspect_ratio=4/3',
    ],
    ...['-aspect', '64:27', '-f', 'mp4'],
  ]);
  return { name: 'H.264 MP4 not made by x264, pasp', path, tag: 'avc1' };
}

/**
 * H.264 muxed into MP4 from a raw elementary stream, as `ffmpeg -framerate 60000/1001 -i x.h264
 * -c copy` does: a 1/1200000 video timescale and frame durations of 20,019 and 20,020 ticks in
 * turn (the raw demuxer's clock), 59.94p, no B-frames (as OpenH264 writes), AAC, 4 s. Not in
 * CORPUS_ISOBMFF: the sample-level join refuses its uneven durations, ffmpeg's concat join
 * relabels its ticks, and the job's verification sends those cuts to the safe path (a test of the
 * job, not of the executor alone).
 */
export async function rawRemuxMp4(): Promise<CorpusMaster> {
  const es = await ensureMaster('corpus-raw-source', 'h264', [
    ...['-f', 'lavfi', '-i', counter('320x180', '60000/1001', 4)],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-crf', '18'],
    ...['-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-bf', '0', '-f', 'h264'],
  ]);
  const audio = await ensureMaster('corpus-raw-audio', 'm4a', [
    ...tone(4),
    ...['-c:a', 'aac', '-ac', '2', '-ar', '48000', '-b:a', '128k', '-f', 'mp4'],
  ]);
  const path = await remuxOnce(
    es,
    es.replace(/\.h264$/, '.mp4'),
    [
      ...['-i', audio, '-map', '0:v', '-map', '1:a', '-c', 'copy'],
      ...['-timecode', '10:00:00:00', '-f', 'mp4'],
    ],
    ['-framerate', '60000/1001'],
  );
  return { name: 'H.264 MP4 muxed from a raw stream (1/1200000)', path, tag: 'avc1' };
}

/**
 * x264 MBAFF (interlaced, top field first) long GOP with B-pyramid, PCM 24-bit, MOV, 720x576 25i,
 * 4 s: the class whose broadcast clips held and whose web clips declared fewer frames than they
 * decoded (17 for 19). Not in CORPUS_ISOBMFF: x264 writes no picture structure, so ffprobe reads
 * the field order of each GOP from its first picture's order counts (a copy of the master's own
 * later GOPs reads "bb"), and the corpus' field-order check would judge x264, not the clip.
 */
export async function x264MbaffMov(): Promise<CorpusMaster> {
  const path = await ensureMaster('corpus-x264-mbaff', 'mov', [
    ...['-f', 'lavfi', '-i', `${counter('720x576', '25', 4)},setfield=tff`],
    ...tone(4),
    ...['-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-flags', '+ildct+ilme'],
    ...['-x264-params', 'tff=1:keyint=25:min-keyint=25:scenecut=0:bframes=3:b-pyramid=normal'],
    ...['-b:v', '8M', '-c:a', 'pcm_s24le', '-ac', '2', '-ar', '48000'],
    ...['-timecode', '10:00:00:00', '-f', 'mov'],
  ]);
  return { name: 'x264 MBAFF MOV 25i, PCM', path, tag: 'avc1' };
}

export const CORPUS_ISOBMFF = [
  x264OpenGopMp4,
  x264CavlcMp4,
  proresHqMov,
  dnxMov,
  avcIntraMov,
  mp4FromTs,
  nonX264Mp4,
] as const;

export type CutKind =
  | 'mid-gop'
  | 'on-keyframe'
  | 'after-keyframe'
  | 'one-frame'
  | 'inside-gop'
  | 'to-last'
  | 'whole';

/**
 * The cut points of every kind for a master of `total` frames whose keyframes (display frames) are
 * `keyframes` (sorted, starting at 0): [in, out) pairs.
 */
export function cutPoints(total: number, keyframes: readonly number[]): Record<CutKind, [number, number]> {
  const inner = keyframes.filter((k) => k > 0 && k < total - 3);
  const k1 = inner[0] ?? Math.floor(total / 3);
  const k2 = inner.find((k) => k > k1 + 2) ?? Math.min(total - 2, k1 + 10);
  const mid = (a: number, b: number) => a + Math.max(1, Math.floor((b - a) / 2));
  const gopEnd = (k: number) => keyframes.find((x) => x > k) ?? total;
  return {
    'mid-gop': [mid(0, k1), Math.min(total - 1, mid(k2, gopEnd(k2)))],
    'on-keyframe': [k1, Math.min(total - 1, mid(k2, gopEnd(k2)))],
    'after-keyframe': [k1 + 1, Math.min(total - 1, gopEnd(k2) - 1)],
    'one-frame': [mid(k1, gopEnd(k1)), mid(k1, gopEnd(k1)) + 1],
    'inside-gop': [k1 + 1, Math.max(k1 + 2, gopEnd(k1) - 1)],
    'to-last': [mid(0, k1), total],
    whole: [0, total],
  };
}
