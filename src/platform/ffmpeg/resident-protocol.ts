/**
 * The resident encoder's line protocol (native/resident-encoder/main.c describes it), this side's
 * half, pure: a job as its request line (tab-separated `key=value` fields), the cancel line, and the
 * replies read (the greeting, a job's progress and end). resident-encoder.ts runs the process.
 */

/** An encoder as ffmpeg's output options describe it, in the form the resident encoder takes. */
export interface EncoderSpec {
  codec: string;
  /** Wanted pixel format (the resident encoder does not convert: it must be the decoder's). */
  pixFmt: string | null;
  /** AVOptions of the encoder and its context, as `-name value` (stream specifiers dropped). */
  options: [string, string][];
  /** ffmpeg's `-top`: 1 top field first, 0 bottom field first; null: as decoded. */
  topFieldFirst?: 0 | 1 | null;
  /** The output file's metadata (ffmpeg's `-timecode` sets `timecode`). */
  metadata?: [string, string][];
}

/** Output options that are ffmpeg's own rather than the encoder's: not understood here. */
const NOT_ENCODER_OPTIONS = new Set(['vf', 'filter', 'r', 'fps_mode', 'vsync', 'frames', 's', 'aspect']);

/**
 * The encoder spec of ffmpeg encoder arguments (`-c:v libx264 -threads 0 -x264-params …`); null
 * when they hold anything besides the codec, a pixel format, `-top`, `-timecode` and encoder
 * options. Pure.
 */
export function encoderSpecFromArgs(args: readonly string[]): EncoderSpec | null {
  if (args.length % 2 !== 0) return null;
  const spec: Required<EncoderSpec> = {
    codec: '',
    pixFmt: null,
    options: [],
    topFieldFirst: null,
    metadata: [],
  };
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    const value = args[i + 1]!;
    if (!flag.startsWith('-') || /[\t\n]/.test(value)) return null;
    const [name, specifier] = flag.slice(1).split(':');
    if (specifier !== undefined && specifier !== 'v') return null;
    if (name === 'c' || name === 'codec' || name === 'vcodec') spec.codec = value;
    else if (name === 'pix_fmt') spec.pixFmt = value;
    else if (name === 'top' && (value === '0' || value === '1')) spec.topFieldFirst = value === '1' ? 1 : 0;
    else if (name === 'timecode') {
      // As ffmpeg's -timecode: the file's timecode, and the GOP timecode of encoders that write one.
      spec.metadata.push(['timecode', value]);
      spec.options.push(['gop_timecode', value]);
    } else if (!name || name === 'top' || NOT_ENCODER_OPTIONS.has(name)) return null;
    else spec.options.push([name, value]);
  }
  return spec.codec ? spec : null;
}

export interface ResidentJob {
  /** A media file, or (with `inputFormat: 'h264'`) an Annex B H.264 elementary stream. */
  input: string;
  /** Forced demuxer (ffmpeg's `-f` before `-i`); the stream's frame rate is `frameRate`. */
  inputFormat?: string;
  /** Absolute seconds to seek to (ffmpeg's `-seek_timestamp 1 -ss`, accurate seek). */
  seek?: string;
  /** The input's video stream to decode; the first video stream when absent. */
  stream?: number;
  output: string;
  /** Muxer name (mp4, mov, mxf). */
  format: string;
  /** Decoded frames (display order, from the seek point) before the first one to encode. */
  leading: number;
  /** Frames to encode. */
  count: number;
  frameRate: { num: number; den: number };
  encoder: EncoderSpec;
  /** Decoder threads; ffmpeg's default (auto) when absent. */
  decoderThreads?: number;
  /** Niceness of the job's threads (work that yields to a more urgent part). */
  niceness?: number;
  signal?: AbortSignal;
  onProgress?: (frames: number) => void;
  /**
   * A decode window (ffmpeg's `-v error -xerror … -vf trim` with framecrc): the `count` frames after
   * `leading` are decoded and their presentation times written to `timesOutput` (`tb NUM/DEN`, then
   * one line each, in the stream's time base), only frame `keep` of them encoded. `accurate: false`
   * keeps every frame from the keyframe sought (`-noaccurate_seek`). The job resolves with the
   * frames decoded (fewer than `count` when the input holds fewer); a decode error rejects with
   * `decodeError` set (the input's fault, not the encoder's).
   */
  window?: { timesOutput: string; keep: number; accurate: boolean };
  /**
   * Decoded frames [from, from + count) (counted as `leading` is) also written raw to `output`, in
   * the decoder's pixel format, its planes packed (as ffmpeg's rawvideo writes them), from the same
   * decode that encodes frames [leading, leading + count) (protocol 4; not with `window`). The job
   * decodes until both are out, and fails when the input holds fewer.
   */
  references?: { output: string; from: number; count: number };
}

/** The line protocol this side speaks (RESIDENT_PROTOCOL in native/resident-encoder/resident-encoder.h). */
export const RESIDENT_PROTOCOL = 4;

/** The request line of job `id`; null when a field holds a tab or newline (it cannot be sent). */
export function jobLine(id: number, job: ResidentJob): string | null {
  const fields = [
    'job',
    String(id),
    `in=${job.input}`,
    `out=${job.output}`,
    `format=${job.format}`,
    `codec=${job.encoder.codec}`,
    `leading=${job.leading}`,
    `count=${job.count}`,
    `rate=${job.frameRate.num}/${job.frameRate.den}`,
  ];
  if (job.inputFormat) fields.push(`informat=${job.inputFormat}`);
  if (job.seek !== undefined) fields.push(`seek=${job.seek}`);
  if (job.stream !== undefined) fields.push(`stream=${job.stream}`);
  if (job.encoder.pixFmt) fields.push(`pix_fmt=${job.encoder.pixFmt}`);
  if (job.encoder.topFieldFirst != null) fields.push(`top=${job.encoder.topFieldFirst}`);
  for (const [name, value] of job.encoder.metadata ?? []) fields.push(`m:${name}=${value}`);
  if (job.decoderThreads !== undefined) fields.push(`dthreads=${job.decoderThreads}`);
  if (job.niceness) fields.push(`nice=${job.niceness}`);
  if (job.window) {
    fields.push(`ptsout=${job.window.timesOutput}`, `keep=${job.window.keep}`);
    if (!job.window.accurate) fields.push('accurate=0');
  }
  if (job.references) {
    const { output, from, count } = job.references;
    fields.push(`refout=${output}`, `reffrom=${from}`, `refcount=${count}`);
  }
  for (const [name, value] of job.encoder.options) fields.push(`o:${name}=${value}`);
  return fields.some((field) => /[\t\n]/.test(field)) ? null : `${fields.join('\t')}\n`;
}

/** The line that cancels job `id`. */
export function cancelLine(id: number): string {
  return `cancel\t${id}\n`;
}

/**
 * Why a process whose first line is `line` is not used (another protocol, or no greeting); null when
 * it speaks this one.
 */
export function greetingRefusal(line: string, binary: string): string | null {
  const [kind, version] = line.split('\t');
  if (kind === 'hello' && version === String(RESIDENT_PROTOCOL)) return null;
  return kind === 'hello'
    ? `${binary} speaks protocol ${version}, the portal ${RESIDENT_PROTOCOL}: rebuild it (npm run build:native)`
    : `${binary} does not greet as protocol ${RESIDENT_PROTOCOL} does: rebuild it (npm run build:native)`;
}

/** A reply about job `id` (0: a line that named no job): its progress, its end, or another kind. */
export type Reply =
  | { kind: 'progress'; id: number; frames: number }
  | { kind: 'done'; id: number; frames: number }
  | { kind: 'error' | 'decodefail'; id: number; message: string }
  | { kind: 'other'; id: number };

/** A reply line after the greeting: `kind \t id \t …`. */
export function parseReply(line: string): Reply {
  const [kind, id, ...rest] = line.split('\t');
  if (kind === 'progress' || kind === 'done') return { kind, id: Number(id), frames: Number(rest[0]) };
  if (kind === 'error' || kind === 'decodefail') return { kind, id: Number(id), message: rest.join(' ') };
  return { kind: 'other', id: Number(id) };
}
