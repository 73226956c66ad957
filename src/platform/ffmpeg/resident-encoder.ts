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
 * for too long is deemed hung and the process killed (callers then run ffmpeg for it). The lines it
 * reads and writes are built and read in resident-protocol.ts.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cancelLine, greetingRefusal, jobLine, parseReply, type ResidentJob } from './resident-protocol.ts';

export {
  type EncoderSpec,
  encoderSpecFromArgs,
  RESIDENT_PROTOCOL,
  type ResidentJob,
} from './resident-protocol.ts';

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

export interface ResidentEncoderOptions {
  /**
   * A job that reports nothing (no progress, no end) for this long is hung (an input that blocks):
   * the process is killed, its jobs are rejected (callers run ffmpeg), the next job restarts it.
   */
  jobTimeoutMs?: number;
  /** The process must greet (`hello <protocol> <FFmpeg version>`) within this long after its start. */
  helloTimeoutMs?: number;
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
  private hello(line: string): void {
    const greet = this.greet;
    this.greet = null;
    const refusal = greetingRefusal(line, this.binary);
    if (refusal === null) {
      greet?.resolve();
      return;
    }
    this.refused = refusal;
    greet?.reject(new ResidentEncoderError(this.refused));
    if (this.child) this.kill(this.child, 'refused');
  }

  private receive(chunk: Buffer): void {
    this.buffered += chunk.toString('utf8');
    let newline = this.buffered.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      newline = this.buffered.indexOf('\n');
      if (this.greet) {
        this.hello(line);
        continue;
      }
      const reply = parseReply(line);
      // Error replies about lines that named no job (id 0) concern no job of this side's.
      const job = this.pending.get(reply.id);
      if (!job) continue;
      if (reply.kind === 'progress') {
        job.timer?.refresh();
        job.onProgress?.(reply.frames);
      } else if (reply.kind !== 'other') {
        this.pending.delete(reply.id);
        clearTimeout(job.timer);
        if (this.pending.size === 0) this.idle(true);
        if (reply.kind === 'done') job.resolve(reply.frames);
        else job.reject(new ResidentEncoderError(reply.message, job.cancelled, reply.kind === 'decodefail'));
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
        child.stdin.write(cancelLine(id));
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
