/**
 * Verification helpers for clips, as the research measured them: frame counts (-count_frames),
 * clean decode, framemd5 against source frames selected by decode index (no seeking), PSNR of
 * single frames against the master, decoded audio sample counts, start timecode, stream summary.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFfmpeg, runFfprobeJson } from '../../src/platform/ffmpeg/run.ts';

async function scratch(): Promise<string> {
  const dir = join(tmpdir(), `clip-checks-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Decoded video frames of the first video stream. */
export async function countFrames(path: string): Promise<number> {
  const out = await runFfprobeJson<{ streams: { nb_read_frames?: string }[] }>([
    ...['-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', path],
  ]);
  return Number(out.streams[0]?.nb_read_frames ?? Number.NaN);
}

/** What `ffmpeg -v error -i CLIP -map 0 -f null -` prints (empty when the decode is clean). */
export async function decodeErrors(path: string): Promise<string> {
  const { stderr } = await runFfmpeg(['-v', 'error', '-i', path, '-map', '0', '-f', 'null', '-']);
  return stderr.trim();
}

/**
 * framemd5 of the first video stream's frames, optionally only display frames [from, to) selected
 * by index (`select=between(n,…)`, decoding from the start, no seeking), in `pixFmt`.
 */
export async function frameMd5s(path: string, pixFmt: string, range?: [number, number]): Promise<string[]> {
  const dir = await scratch();
  try {
    const out = join(dir, 'frames.md5');
    const filters = range ? `select=between(n\\,${range[0]}\\,${range[1] - 1}),` : '';
    // A range stops the decode at its last frame (-frames:v), not at the end of the file.
    const stop = range ? ['-frames:v', String(range[1] - range[0])] : [];
    await runFfmpeg([
      ...['-v', 'error', '-i', path, '-map', '0:v:0'],
      ...['-vf', `${filters}format=${pixFmt}`, ...stop, '-fps_mode', 'passthrough', '-f', 'framemd5', out],
    ]);
    return await readFrameHashes(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The hash of each frame in an ffmpeg framemd5 file, in its order. */
async function readFrameHashes(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8'))
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(',').pop()!.trim());
}

/** Decodes display frames `frames` (by index, no seeking) as 8-bit yuv444p buffers, in the order asked. */
export async function decodeFrames(path: string, frames: readonly number[]): Promise<Map<number, Buffer>> {
  const unique = [...new Set(frames)].sort((a, b) => a - b);
  const dir = await scratch();
  try {
    const out = join(dir, 'frames.yuv');
    const expr = unique.map((n) => `eq(n\\,${n})`).join('+');
    // -frames:v: the decode stops at the last frame asked for, not at the end of the file.
    await runFfmpeg([
      ...['-v', 'error', '-i', path, '-map', '0:v:0', '-vf', `select=${expr},format=yuv444p`],
      ...['-frames:v', String(unique.length), '-fps_mode', 'passthrough', '-f', 'rawvideo', out],
    ]);
    const data = await readFile(out);
    const size = data.length / unique.length;
    if (!Number.isInteger(size)) throw new Error(`decoded ${data.length} bytes for ${unique.length} frames`);
    return new Map(unique.map((n, i) => [n, data.subarray(i * size, (i + 1) * size)]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** PSNR (dB, all planes) of two 8-bit frames; Infinity when identical. */
export function psnr(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) throw new Error('frames differ in size');
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  if (sum === 0) return Number.POSITIVE_INFINITY;
  return 10 * Math.log10((255 * 255 * a.length) / sum);
}

/** PSNR of clip frames against master frames, pairwise: clipFrames[i] vs masterFrames[i]. */
export async function psnrPairs(
  clipPath: string,
  clipFrames: readonly number[],
  masterPath: string,
  masterFrames: readonly number[],
): Promise<number[]> {
  const [pairs] = await psnrAgainst(clipPath, clipFrames, masterPath, [masterFrames]);
  return pairs ?? [];
}

/**
 * PSNR of clip frames against several lists of master frames (each as in `psnrPairs`: the same
 * source frame, its neighbours…), with one decode of each file.
 */
export async function psnrAgainst(
  clipPath: string,
  clipFrames: readonly number[],
  masterPath: string,
  masterLists: readonly (readonly number[])[],
): Promise<number[][]> {
  const [clip, master] = await Promise.all([
    decodeFrames(clipPath, clipFrames),
    decodeFrames(masterPath, masterLists.flat()),
  ]);
  return masterLists.map((list) => clipFrames.map((f, i) => psnr(clip.get(f)!, master.get(list[i]!)!)));
}

interface ProbeStreams {
  streams: {
    index: number;
    codec_type: string;
    codec_name?: string;
    codec_tag_string?: string;
    channels?: number;
    sample_rate?: string;
    pix_fmt?: string;
    field_order?: string;
    profile?: string;
    tags?: Record<string, string>;
  }[];
  format: { format_name: string; tags?: Record<string, string> };
}

export async function streamSummary(path: string): Promise<ProbeStreams> {
  return runFfprobeJson<ProbeStreams>(['-show_streams', '-show_format', path]);
}

/** The file's start timecode (format or stream tag). */
export async function startTimecode(path: string): Promise<string | null> {
  const info = await streamSummary(path);
  return (
    info.format.tags?.timecode ??
    info.streams.map((s) => s.tags?.timecode).find((tc): tc is string => typeof tc === 'string') ??
    null
  );
}

/** Decoded samples per audio stream (per channel), in stream order. */
export async function audioSampleCounts(path: string): Promise<{ channels: number; samples: number }[]> {
  const info = await streamSummary(path);
  const audio = info.streams.filter((s) => s.codec_type === 'audio');
  const dir = await scratch();
  try {
    const counts: { channels: number; samples: number }[] = [];
    for (let n = 0; n < audio.length; n++) {
      const out = join(dir, `a${n}.raw`);
      await runFfmpeg([
        '-v',
        'error',
        '-i',
        path,
        '-map',
        `0:a:${n}`,
        '-c:a',
        'pcm_s32le',
        '-f',
        's32le',
        out,
      ]);
      const channels = audio[n]!.channels ?? 1;
      counts.push({ channels, samples: (await stat(out)).size / 4 / channels });
    }
    return counts;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What one decode of a whole file gives: see `decodeWhole`. */
export interface WholeDecode {
  /** framemd5 of each decoded frame of the first video stream, in `pixFmt`. */
  frameHashes: string[];
  /** What ffmpeg printed at `-v error` (empty when the decode is clean). */
  errors: string;
  /** Per audio stream, in stream order: decoded samples (per channel) and the s32le PCM itself. */
  audio: { channels: number; samples: number; pcm: Buffer }[];
}

/**
 * One ffmpeg decode of a whole file, for what `frameMd5s`, `countFrames`, `decodeErrors` and
 * `audioSampleCounts` (and `decodedAudio` of each stream) each decode it for: the video's frames
 * hashed (their number is the decoded frame count), every audio stream decoded to s32le PCM, and
 * the errors either printed. A third of the decoding of asking them one by one.
 */
export async function decodeWhole(path: string, pixFmt: string): Promise<WholeDecode> {
  const audio = (await streamSummary(path)).streams.filter((s) => s.codec_type === 'audio');
  const dir = await scratch();
  try {
    const hashes = join(dir, 'frames.md5');
    const pcm = audio.map((_, n) => join(dir, `a${n}.raw`));
    const { stderr } = await runFfmpeg([
      ...['-v', 'error', '-i', path],
      ...['-map', '0:v:0', '-vf', `format=${pixFmt}`, '-fps_mode', 'passthrough', '-f', 'framemd5', hashes],
      ...pcm.flatMap((out, n) => ['-map', `0:a:${n}`, '-c:a', 'pcm_s32le', '-f', 's32le', out]),
    ]);
    const frameHashes = await readFrameHashes(hashes);
    const decodedAudio = await Promise.all(
      audio.map(async (stream, n) => {
        const channels = stream.channels ?? 1;
        const data = await readFile(pcm[n]!);
        return { channels, samples: data.length / 4 / channels, pcm: data };
      }),
    );
    return { frameHashes, errors: stderr.trim(), audio: decodedAudio };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The largest difference between two decoded s32le streams over `a`'s length, in dB below full scale
 * (-Infinity when identical): a decoded lossy stream matches to the sample rather than to the bit
 * (AAC's noise substitution draws from a generator that depends on where decoding started).
 */
export function peakDifferenceDb(a: Buffer, b: Buffer): number {
  let peak = 0;
  for (let i = 0; i + 4 <= a.length; i += 4)
    peak = Math.max(peak, Math.abs(a.readInt32LE(i) - b.readInt32LE(i)));
  return 20 * Math.log10(peak / 2 ** 31);
}

/** Raw decoded PCM (s32le, interleaved) of one audio stream, for sample-exact comparisons. */
export async function decodedAudio(path: string, stream: number, from = 0, count?: number): Promise<Buffer> {
  const dir = await scratch();
  try {
    const out = join(dir, 'a.raw');
    const trim = count === undefined ? [] : ['-af', `atrim=start_sample=${from}:end_sample=${from + count}`];
    await runFfmpeg([
      '-v',
      'error',
      '-i',
      path,
      '-map',
      `0:a:${stream}`,
      ...trim,
      '-c:a',
      'pcm_s32le',
      '-f',
      's32le',
      out,
    ]);
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A copy of an MP4 clip whose samples carry no in-band SPS/PPS: decoding it uses only the sample
 * description (avcC), as players that read only the sample description do (docs/smart-cut.md,
 * trap 1).
 */
export async function stripInBandParameterSets(path: string, outputPath: string): Promise<string> {
  await runFfmpeg([
    ...['-v', 'error', '-y', '-i', path, '-map', '0:v:0', '-c', 'copy'],
    ...['-bsf:v', 'filter_units=remove_types=7|8', '-f', 'mp4', outputPath],
  ]);
  return outputPath;
}

/** Video packets of the first video stream: pts (seconds, presentation order) and the time base. */
export async function videoPacketTimes(path: string): Promise<number[]> {
  const out = await runFfprobeJson<{ packets: { pts_time?: string }[] }>([
    ...['-select_streams', 'v:0', '-show_entries', 'packet=pts_time', path],
  ]);
  return out.packets.map((p) => Number(p.pts_time)).sort((a, b) => a - b);
}

/** Declared durations (seconds) of the format and of every stream, and each stream's start time. */
export async function declaredTimes(path: string): Promise<{
  format: number;
  streams: { type: string; start: number; duration: number }[];
}> {
  const out = await runFfprobeJson<{
    format: { duration?: string };
    streams: { codec_type: string; start_time?: string; duration?: string }[];
  }>(['-show_entries', 'format=duration:stream=codec_type,start_time,duration', path]);
  return {
    format: Number(out.format.duration),
    streams: out.streams.map((s) => ({
      type: s.codec_type,
      start: Number(s.start_time),
      duration: Number(s.duration),
    })),
  };
}

/** mediainfo's tracks (`--Output=JSON`), each a flat record of its fields. */
export async function mediainfoTracks(path: string): Promise<Record<string, string>[]> {
  const { execFile } = await import('node:child_process');
  const text = await new Promise<string>((resolve, reject) =>
    execFile('mediainfo', ['--Output=JSON', path], { maxBuffer: 16 << 20 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    ),
  );
  const tracks = (JSON.parse(text) as { media: { track: Record<string, unknown>[] } }).media.track;
  return tracks.map((t) =>
    Object.fromEntries(Object.entries(t).filter(([, v]) => typeof v === 'string')),
  ) as Record<string, string>[];
}

/**
 * The MXF facts a playout server checks, from mediainfo: operational pattern, essence wrapping and
 * codec labels (D-10, MPEG-2 long GOP, AES3), per track, ignoring durations and counts (and the
 * commercial name, which mediainfo infers from the measured bitrate of the file).
 */
export async function mxfLabels(path: string): Promise<string[]> {
  const keys = [
    'Format',
    'Format_Profile',
    'Format_Settings',
    'Format_Settings_Wrapping',
    'Format_Version',
    'CodecID',
    'MuxingMode',
    'Width',
    'Height',
    'ScanType',
    'ScanOrder',
    'ChromaSubsampling',
    'BitDepth',
    'Channels',
    'SamplingRate',
    'BitRate_Mode',
  ];
  return (await mediainfoTracks(path)).map((t) =>
    [t['@type'], ...keys.flatMap((k) => (t[k] === undefined ? [] : [`${k}=${t[k]}`]))].join(' '),
  );
}

/** Samples per coded frame (0 for PCM). */
export function codedFrameSamples(codec: string): number {
  if (codec.startsWith('pcm_')) return 0;
  if (codec === 'mp2' || codec === 'mp3') return 1152;
  if (codec === 'ac3' || codec === 'eac3') return 1536;
  return 1024;
}

/** What clipFailures needs to know of the plan (ClipPlan's fields, so any caller can pass one). */
export interface PlannedClip {
  inFrame: number;
  outFrame: number;
  frameRate: { num: number; den: number };
  parts: readonly { kind: 'encode' | 'copy'; startFrame: number; endFrame: number }[];
  audio: readonly { sampleCount: number; codec: string; sampleRate: number }[];
  startTimecode: string;
}

/**
 * Every way a clip differs from the master's range [inFrame, outFrame), as readable sentences
 * (empty: exact): decoded frame count, clean decode, declared durations equal to the decoded
 * one, copied frames bit-identical (framemd5), re-encoded edge frames ≥ `minPsnr` against their
 * source frame and clearly lower against its neighbours, continuous video timestamps from the
 * stream's start, audio samples per stream (exact for PCM; within one coded frame, never short, for
 * coded audio), start timecode.
 */
export async function clipFailures(
  clipPath: string,
  masterPath: string,
  plan: PlannedClip,
  pixFmt: string,
  options: {
    minPsnr?: number;
    expectTimecode?: boolean;
    /** framemd5 of every master frame (frameMd5s of the whole master), computed once per master. */
    masterHashes?: readonly string[];
  } = {},
): Promise<string[]> {
  const failures: string[] = [];
  const frames = plan.outFrame - plan.inFrame;
  const seconds = (frames * plan.frameRate.den) / plan.frameRate.num;
  const frameSeconds = plan.frameRate.den / plan.frameRate.num;
  // One decode: the frame count, a clean decode, the copied frames' hashes and the audio samples.
  const decoded = await decodeWhole(clipPath, pixFmt);
  const counted = decoded.frameHashes.length;
  if (counted !== frames) failures.push(`${counted} frames decoded for ${frames}`);
  const errors = decoded.errors;
  if (errors) failures.push(`decode errors: ${errors.split('\n').slice(0, 3).join(' | ')}`);
  const declared = await declaredTimes(clipPath);
  const video = declared.streams.find((s) => s.type === 'video');
  if (video && Number.isFinite(video.duration) && Math.abs(video.duration - seconds) > frameSeconds / 2)
    failures.push(`video declares ${video.duration} s for ${seconds} s`);
  if (Math.abs(declared.format - seconds) > frameSeconds * 1.5)
    failures.push(`file declares ${declared.format} s for ${seconds} s`);
  const times = await videoPacketTimes(clipPath);
  const uneven = times.findIndex((t, i) => i > 0 && Math.abs(t - times[i - 1]! - frameSeconds) > 1e-3);
  if (uneven > 0)
    failures.push(`video timestamps jump at frame ${uneven}: ${times[uneven - 1]} → ${times[uneven]}`);
  if (video && Math.abs((times[0] ?? 0) - video.start) > 1e-3)
    failures.push(`first video frame at ${times[0]} s, stream starts at ${video.start} s`);
  // Copied frames bit-identical; re-encoded edges frame-accurate.
  const clipHashes = decoded.frameHashes;
  const masterHashes = options.masterHashes
    ? options.masterHashes.slice(plan.inFrame, plan.outFrame)
    : await frameMd5s(masterPath, pixFmt, [plan.inFrame, plan.outFrame]);
  const edges: number[] = [];
  for (const part of plan.parts) {
    const from = part.startFrame - plan.inFrame;
    const to = part.endFrame - plan.inFrame;
    if (part.kind === 'copy') {
      const differ = [];
      for (let f = from; f < to; f++) if (clipHashes[f] !== masterHashes[f]) differ.push(f);
      if (differ.length > 0)
        failures.push(`copied frames differ from the master: ${differ.slice(0, 8).join(', ')}`);
    } else edges.push(from, to - 1);
  }
  const minPsnr = options.minPsnr ?? 45;
  const edgeFrames = [...new Set(edges)].filter((f) => f < counted);
  if (edgeFrames.length > 0) {
    const last = options.masterHashes?.length ?? plan.outFrame;
    const source = (f: number) =>
      [f - 1, f, f + 1].map((n) => n + plan.inFrame).filter((n) => n >= 0 && n < last);
    const [clip, master] = await Promise.all([
      decodeFrames(clipPath, edgeFrames),
      decodeFrames(masterPath, edgeFrames.flatMap(source)),
    ]);
    for (const f of edgeFrames) {
      const frame = clip.get(f)!;
      const at = (shift: number) => {
        const other = master.get(f + plan.inFrame + shift);
        return other ? psnr(frame, other) : 0;
      };
      const same = at(0);
      if (same < minPsnr) failures.push(`re-encoded frame ${f}: ${same.toFixed(1)} dB vs its source`);
      if (!(Math.max(at(-1), at(1)) < same - 3))
        failures.push(`re-encoded frame ${f} is as close to a neighbour`);
    }
  }
  const samples = decoded.audio;
  if (samples.length !== plan.audio.length)
    failures.push(`${samples.length} audio streams for ${plan.audio.length}`);
  const audioStarts = declared.streams.filter((s) => s.type === 'audio').map((s) => s.start);
  plan.audio.forEach((cut, n) => {
    const got = samples[n]?.samples ?? 0;
    const coded = codedFrameSamples(cut.codec);
    // PCM: every sample, starting with the picture. Coded audio (copied frames) where the
    // container cannot trim (MPEG-TS): the frames overlapping the range, each at its own time: the
    // first starts less than a frame before the picture, the last ends less than a frame after.
    const offset = video ? (audioStarts[n] ?? Number.NaN) - video.start : 0;
    if (coded === 0) {
      if (got !== cut.sampleCount) failures.push(`audio ${n}: ${got} samples for ${cut.sampleCount}`);
      if (!(Math.abs(offset) < 0.5 / cut.sampleRate + 1e-4))
        failures.push(`audio ${n} starts ${(offset * 1000).toFixed(2)} ms from the video`);
      return;
    }
    const lead = -offset * cut.sampleRate;
    if (!(lead > -2 && lead < coded))
      failures.push(`audio ${n} starts ${(offset * 1000).toFixed(2)} ms from the video`);
    const tail = got - cut.sampleCount - Math.max(0, lead);
    if (!(got >= cut.sampleCount && tail > -2 && tail < coded))
      failures.push(`audio ${n}: ${got} samples for ${cut.sampleCount} (starting ${lead.toFixed(0)} early)`);
  });
  if (options.expectTimecode ?? true) {
    const timecode = await startTimecode(clipPath);
    if (timecode !== plan.startTimecode)
      failures.push(`start timecode ${timecode} for ${plan.startTimecode}`);
  }
  return failures;
}
