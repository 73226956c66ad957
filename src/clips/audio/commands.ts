/**
 * The ffmpeg and ffprobe commands of an audio part, as argument arrays (pure; `make.ts` runs them).
 * Every read forces the demuxer the audio feature detected at upload and the `file` protocol only.
 * The range is taken on the decoded samples: timestamps are first renumbered by sample count
 * (`asetpts=N/SR/TB`) so `atrim`'s sample bounds count from the master's first decoded sample,
 * whatever start time or priming the container declares.
 */
import type { AudioClipPlan, AudioOutput } from './plan.ts';

function input(path: string, demuxer: string): string[] {
  return ['-v', 'error', '-protocol_whitelist', 'file', '-f', demuxer, '-i', path];
}

/** Samples [inSample, endSample) of the decoded stream, timestamps from zero. */
export function rangeFilter(inSample: number, endSample: number): string {
  return `asetpts=N/SR/TB,atrim=start_sample=${inSample}:end_sample=${endSample},asetpts=N/SR/TB`;
}

const MUXERS: Record<AudioOutput['container'], string> = {
  wav: 'wav',
  w64: 'w64',
  aiff: 'aiff',
  flac: 'flac',
  mp3: 'mp3',
  m4a: 'ipod',
};

/**
 * The part: the master's first audio stream over [inSample, endSample), in the master's format, its
 * tags kept; a BWF's `bext` written again with its time reference moved to the part's first sample.
 */
export function cutArgs(options: {
  master: string;
  demuxer: string;
  plan: Pick<AudioClipPlan, 'inSample' | 'output'>;
  endSample: number;
  /** The master's BWF time reference (samples since midnight), when it declares one. */
  timeReference: bigint | null;
  output: string;
}): string[] {
  const { plan } = options;
  const container = plan.output.container;
  const bext =
    container === 'wav' && options.timeReference !== null
      ? ['-write_bext', '1', '-metadata', `time_reference=${options.timeReference + BigInt(plan.inSample)}`]
      : [];
  return [
    ...input(options.master, options.demuxer),
    '-map',
    '0:a:0',
    '-vn',
    '-af',
    rangeFilter(plan.inSample, options.endSample),
    ...plan.output.codecArgs,
    '-map_metadata',
    '0',
    ...bext,
    ...(container === 'wav' ? ['-rf64', 'auto'] : []),
    ...(container === 'm4a' ? ['-movflags', '+faststart'] : []),
    '-f',
    MUXERS[container],
    '-y',
    options.output,
  ];
}

/** Raw samples for hashing or counting: floats as f64le, integers widened to s32le (both exact). */
export function decodedFormat(codec: string): 'f64le' | 's32le' {
  return /^pcm_f/.test(codec) ? 'f64le' : 's32le';
}

/** The first audio stream decoded to raw samples on standard output, optionally over a range. */
export function decodeArgs(options: {
  path: string;
  demuxer: string;
  format: 'f64le' | 's32le';
  range?: { inSample: number; endSample: number };
}): string[] {
  const { range } = options;
  return [
    ...input(options.path, options.demuxer),
    '-map',
    '0:a:0',
    '-vn',
    ...(range ? ['-af', rangeFilter(range.inSample, range.endSample)] : []),
    '-c:a',
    `pcm_${options.format}`,
    '-f',
    options.format,
    'pipe:1',
  ];
}

/** ffprobe: the first audio stream's declared length and time base, and the format's tags. */
export function declaredArgs(path: string, demuxer: string): string[] {
  return [
    '-protocol_whitelist',
    'file',
    '-f',
    demuxer,
    '-select_streams',
    'a:0',
    '-show_entries',
    'stream=duration_ts,time_base,sample_rate,channels:format_tags=time_reference',
    path,
  ];
}

/** The demuxer that reads back a part in `container`. */
export function demuxerOf(container: AudioOutput['container']): string {
  return container === 'm4a' ? 'mov' : container;
}
