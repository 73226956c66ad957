/**
 * The resident encoder (native/resident-encoder/): one long-lived process per portal process that
 * decodes a video (a fed H.264 elementary stream, or a master from a seek point) and re-encodes a
 * range of its frames with FFmpeg's libraries, as `ffmpeg [-f h264] [-seek_timestamp 1 -ss T] -i IN
 * -vf trim=…,setpts=… <encoder args> -f FORMAT OUT` does, without starting a process (and loading
 * 215 libraries) or touching fresh memory for every job.
 *
 * Built by scripts/build-native.mjs into build/native/; when it is not there (no compiler or FFmpeg
 * headers) or is off (RESIDENT_ENCODER=off), `createResidentEncoder()` is null and callers run ffmpeg
 * instead. The process greets with its protocol version and is refused on a mismatch; a job silent
 * for too long is deemed hung and the process killed (callers then run ffmpeg for it).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where scripts/build-native.mjs puts the binary. */
export const RESIDENT_ENCODER_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'build',
  'native',
  'resident-encoder',
);

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

export class ResidentEncoderError extends Error {
  constructor(
    message: string,
    readonly cancelled = false,
    /** A decode window met a decode error in its input. */
    readonly decodeError = false,
  ) {
    super(message);
    this.name = 'ResidentEncoderError';
  }
}

interface Pending {
  resolve: (frames: number) => void;
  reject: (error: Error) => void;
  onProgress?: (frames: number) => void;
  cancelled: boolean;
  /** Re-armed at each sign of life of the job; fires when it is deemed hung. */
  timer?: NodeJS.Timeout;
}

/** The line protocol this side speaks (RESIDENT_PROTOCOL in native/resident-encoder/resident-encoder.h). */
export const RESIDENT_PROTOCOL = 4;

export interface ResidentEncoderOptions {
  /**
   * A job that reports nothing (no progress, no end) for this long is hung (an input that blocks):
   * the process is killed, its jobs are rejected (callers run ffmpeg), the next job restarts it.
   */
  jobTimeoutMs?: number;
  /** The process must greet (`hello <protocol> <FFmpeg version>`) within this long after its start. */
  helloTimeoutMs?: number;
}

function jobLine(id: number, job: ResidentJob): string | null {
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

/** One resident encoder process, started on first use, restarted after it ends. */
export class ResidentEncoder {
  private child: ChildProcessWithoutNullStreams | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private buffered = '';
  /** Settles when the running process has greeted in this side's protocol (rejects otherwise). */
  private greeted: Promise<void> = Promise.resolve();
  private greet: { resolve: () => void; reject: (error: Error) => void } | null = null;
  /** Why this binary is not used (it speaks another protocol): every job is refused at once. */
  private refused: string | null = null;
  /** Detaches the running process at once (its jobs rejected) before it is killed. */
  private abandon: ((reason: string) => void) | null = null;
  private readonly jobTimeoutMs: number;
  private readonly helloTimeoutMs: number;

  constructor(
    readonly binary: string,
    options: ResidentEncoderOptions = {},
  ) {
    this.jobTimeoutMs = options.jobTimeoutMs ?? 120_000;
    this.helloTimeoutMs = options.helloTimeoutMs ?? 30_000;
  }

  /** Process id of the running encoder (for CPU accounting), if one runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process now (a worker does at start), so the first job does not wait for it. */
  start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn(this.binary, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    let stderr = '';
    this.greeted = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new ResidentEncoderError(`resident encoder did not greet within ${this.helloTimeoutMs} ms`));
        this.kill(child, 'did not greet');
      }, this.helloTimeoutMs);
      timer.unref();
      this.greet = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
    this.greeted.catch(() => undefined); // observed by the jobs that wait for it
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    // A process killed or refused is no longer heard: its lines would mix with its successor's.
    child.stdout.on('data', (chunk: Buffer) => {
      if (this.child === child) this.receive(chunk);
    });
    child.stdin.on('error', () => undefined); // reported by 'close'
    const ended = (reason: string) => {
      if (this.child !== child) return;
      this.child = null;
      this.abandon = null;
      this.buffered = '';
      const error = new ResidentEncoderError(`resident encoder ${reason}: ${stderr.trim().slice(-500)}`);
      this.greet?.reject(error);
      this.greet = null;
      for (const [id, job] of this.pending) {
        this.pending.delete(id);
        clearTimeout(job.timer);
        job.reject(error);
      }
    };
    this.abandon = ended;
    child.on('error', (error) => ended(`failed to start (${error.message})`));
    // 'close', not 'exit': the last lines it wrote are read first.
    child.on('close', (code, signal) => ended(`exited (${signal ?? code})`));
    this.idle(true);
    return child;
  }

  /** An idle encoder does not keep the Node process alive; a busy one does. */
  private idle(idle: boolean): void {
    const child = this.child;
    if (!child) return;
    for (const handle of [child, child.stdout, child.stderr, child.stdin] as { ref(): void; unref(): void }[])
      idle ? handle.unref() : handle.ref();
  }

  /** The first line: the process's protocol. Another one (or none) and this binary is not used. */
  private hello(kind: string | undefined, version: string | undefined): void {
    const greet = this.greet;
    this.greet = null;
    if (kind === 'hello' && version === String(RESIDENT_PROTOCOL)) {
      greet?.resolve();
      return;
    }
    this.refused =
      kind === 'hello'
        ? `${this.binary} speaks protocol ${version}, the portal ${RESIDENT_PROTOCOL}: rebuild it (npm run build:native)`
        : `${this.binary} does not greet as protocol ${RESIDENT_PROTOCOL} does: rebuild it (npm run build:native)`;
    greet?.reject(new ResidentEncoderError(this.refused));
    if (this.child) this.kill(this.child, 'refused');
  }

  private receive(chunk: Buffer): void {
    this.buffered += chunk.toString('utf8');
    let newline = this.buffered.indexOf('\n');
    while (newline >= 0) {
      const [kind, id, ...rest] = this.buffered.slice(0, newline).split('\t');
      this.buffered = this.buffered.slice(newline + 1);
      newline = this.buffered.indexOf('\n');
      if (this.greet) {
        this.hello(kind, id);
        continue;
      }
      // Error replies about lines that named no job (id 0) concern no job of this side's.
      const job = this.pending.get(Number(id));
      if (!job) continue;
      if (kind === 'progress') {
        job.timer?.refresh();
        job.onProgress?.(Number(rest[0]));
      } else if (kind === 'done' || kind === 'error' || kind === 'decodefail') {
        this.pending.delete(Number(id));
        clearTimeout(job.timer);
        if (this.pending.size === 0) this.idle(true);
        if (kind === 'done') job.resolve(Number(rest[0]));
        else job.reject(new ResidentEncoderError(rest.join(' '), job.cancelled, kind === 'decodefail'));
      }
    }
  }

  /**
   * Runs one job; resolves with the frames encoded. An abort cancels it and rejects once the
   * encoder has stopped and removed its output. A job silent for longer than the job timeout is
   * hung: the process is killed, and every job it ran rejects.
   */
  async run(job: ResidentJob): Promise<number> {
    if (job.signal?.aborted) throw new ResidentEncoderError('aborted before start', true);
    if (this.refused) throw new ResidentEncoderError(this.refused);
    const id = this.nextId++;
    const line = jobLine(id, job);
    if (!line) throw new ResidentEncoderError('a path or option holds a tab or newline');
    const child = this.start();
    // Waiting for the greeting is being busy: an unref'd child would let the event loop of a CLI
    // with nothing else to do end first (exit 13, "unsettled top-level await").
    this.idle(false);
    const notStarted = (error: Error) => {
      if (this.pending.size === 0) this.idle(true);
      return error;
    };
    await this.greeted.catch((error: Error) => {
      throw notStarted(error);
    });
    if (job.signal?.aborted) throw notStarted(new ResidentEncoderError('aborted before start', true));
    if (this.child !== child)
      throw notStarted(new ResidentEncoderError('resident encoder exited before the job'));
    return new Promise<number>((resolve, reject) => {
      const pending: Pending = { resolve, reject, onProgress: job.onProgress, cancelled: false };
      const onAbort = () => {
        pending.cancelled = true;
        child.stdin.write(`cancel\t${id}\n`);
      };
      const settle =
        <T>(fn: (value: T) => void) =>
        (value: T) => {
          job.signal?.removeEventListener('abort', onAbort);
          fn(value);
        };
      pending.resolve = settle(resolve);
      pending.reject = settle(reject);
      pending.timer = setTimeout(() => {
        if (this.child !== child || !this.pending.has(id)) return;
        this.pending.delete(id);
        pending.reject(
          new ResidentEncoderError(`resident encoder job timed out (silent for ${this.jobTimeoutMs} ms)`),
        );
        this.kill(child, 'killed: a job hung');
      }, this.jobTimeoutMs);
      this.pending.set(id, pending);
      this.idle(false);
      job.signal?.addEventListener('abort', onAbort, { once: true });
      child.stdin.write(line);
    });
  }

  /** Stops the process (pending jobs are rejected); resolves once it has ended. A later job restarts it. */
  close(): Promise<void> {
    const child = this.child;
    if (!child) return Promise.resolve();
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    // An idle child is unref'd: ref it again, or the event loop may end before 'close' arrives
    // (a CLI awaiting stop() then exits with 13, "unsettled top-level await").
    for (const handle of [child, child.stdout, child.stderr, child.stdin] as { ref(): void }[]) handle.ref();
    this.kill(child, 'closed');
    return closed;
  }

  /** Kills `child`, which is no longer this encoder's from now on: the next job starts another. */
  private kill(child: ChildProcessWithoutNullStreams, why: string): void {
    if (this.child === child) this.abandon?.(`exited (killed: ${why})`);
    child.kill('SIGKILL');
  }
}

/**
 * The resident encoder of a clip worker, or null when it is off (RESIDENT_ENCODER=off) or was not
 * built: callers then run ffmpeg. Created and closed by the clips feature (src/clips/module.ts).
 */
export function createResidentEncoder(
  options: ResidentEncoderOptions & { enabled?: boolean; binary?: string } = {},
): ResidentEncoder | null {
  if (options.enabled === false) return null;
  const binary = options.binary ?? RESIDENT_ENCODER_PATH;
  return existsSync(binary) ? new ResidentEncoder(binary, options) : null;
}
