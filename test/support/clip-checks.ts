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
    await runFfmpeg([
      ...['-v', 'error', '-i', path, '-map', '0:v:0'],
      ...['-vf', `${filters}format=${pixFmt}`, '-fps_mode', 'passthrough', '-f', 'framemd5', out],
    ]);
    return (await readFile(out, 'utf8'))
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split(',').pop()!.trim());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Decodes display frames `frames` (by index, no seeking) as 8-bit yuv444p buffers, in the order asked. */
export async function decodeFrames(path: string, frames: readonly number[]): Promise<Map<number, Buffer>> {
  const unique = [...new Set(frames)].sort((a, b) => a - b);
  const dir = await scratch();
  try {
    const out = join(dir, 'frames.yuv');
    const expr = unique.map((n) => `eq(n\\,${n})`).join('+');
    await runFfmpeg([
      ...['-v', 'error', '-i', path, '-map', '0:v:0', '-vf', `select=${expr},format=yuv444p`],
      ...['-fps_mode', 'passthrough', '-f', 'rawvideo', out],
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
  const [clip, master] = await Promise.all([
    decodeFrames(clipPath, clipFrames),
    decodeFrames(masterPath, masterFrames),
  ]);
  return clipFrames.map((f, i) => psnr(clip.get(f)!, master.get(masterFrames[i]!)!));
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
