/**
 * The one place that spawns ffmpeg and ffprobe: argument arrays only (never a shell), progress from
 * `-progress pipe:`, abort through an AbortSignal, and a timeout. Errors carry the tail of stderr.
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface FfmpegProgress {
  /** Output time reached, in seconds. */
  outTimeSeconds: number;
  /** Frames written so far. */
  frame: number;
  /** Encoding speed as a multiple of real time, when ffmpeg reports it. */
  speed: number | null;
}

export interface RunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onProgress?: (progress: FfmpegProgress) => void;
  cwd?: string;
  /** Binary to run instead of `ffmpeg`/`ffprobe` found on PATH. */
  binary?: string;
  /** Written to the process's standard input (read by ffmpeg as `pipe:0`). */
  input?: Iterable<Buffer> | AsyncIterable<Buffer>;
  /** Scheduling niceness (0-19): work that should yield the CPU to a more urgent process. */
  niceness?: number;
  /** Each chunk of the process's standard output as it arrives (decoded samples streamed to a hash). */
  onStdout?: (chunk: Buffer) => void;
}

export class FfmpegError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
  ) {
    super(message);
    this.name = 'FfmpegError';
  }
}

const STDERR_KEEP = 64 * 1024;

interface Captured {
  stdout: Buffer;
  stderr: string;
}

function runProcess(
  command: string,
  args: readonly string[],
  options: RunOptions,
  onStdoutLine?: (line: string) => void,
  keepStdout = false,
): Promise<Captured> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new FfmpegError(`${command} aborted before start`, null, ''));
      return;
    }
    const child = spawn(command, args as string[], {
      cwd: options.cwd,
      stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    if (options.niceness && child.pid !== undefined) {
      try {
        setPriority(child.pid, options.niceness);
      } catch {
        // Not allowed here: run at normal priority.
      }
    }
    // A failure to produce the input fails the run; ffmpeg closing its input early (it has all the
    // frames it was asked for) does not.
    let inputError: Error | null = null;
    if (options.input && child.stdin) {
      pipeline(Readable.from(options.input), child.stdin).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') inputError = error;
      });
    }
    const stdoutChunks: Buffer[] = [];
    let stderr = '';
    let lineBuffer = '';
    let settled = false;
    let timer: NodeJS.Timeout | undefined;

    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve({ stdout: Buffer.concat(stdoutChunks), stderr });
    };
    const onAbort = () => {
      child.kill('SIGKILL');
      finish(new FfmpegError(`${command} aborted`, null, stderr.slice(-2000)));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeoutMs) {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        finish(
          new FfmpegError(`${command} timed out after ${options.timeoutMs} ms`, null, stderr.slice(-2000)),
        );
      }, options.timeoutMs);
    }

    child.stdout!.on('data', (chunk: Buffer) => {
      if (keepStdout) stdoutChunks.push(chunk);
      options.onStdout?.(chunk);
      if (onStdoutLine) {
        lineBuffer += chunk.toString('utf8');
        let newline = lineBuffer.indexOf('\n');
        while (newline >= 0) {
          onStdoutLine(lineBuffer.slice(0, newline).trim());
          lineBuffer = lineBuffer.slice(newline + 1);
          newline = lineBuffer.indexOf('\n');
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (stderr.length > STDERR_KEEP * 2) stderr = stderr.slice(-STDERR_KEEP);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'ENOENT'
          ? `${command} not found: install it (Debian/Ubuntu: apt-get install ffmpeg)`
          : `${command} failed to start: ${error.message}`;
      finish(new FfmpegError(hint, null, ''));
    });
    child.on('close', (code) => {
      if (inputError) finish(new FfmpegError(`${command} input failed: ${inputError.message}`, code, ''));
      else if (code === 0) finish(null);
      else {
        const tail = stderr.trim().split('\n').slice(-8).join('\n');
        finish(new FfmpegError(`${command} exited with code ${code}: ${tail}`, code, stderr.slice(-4000)));
      }
    });
  });
}

/** Runs ffmpeg with the given arguments (`-hide_banner -nostdin` and progress reporting are added). */
export async function runFfmpeg(
  args: readonly string[],
  options: RunOptions = {},
): Promise<{ stderr: string }> {
  const progress: Partial<Record<string, string>> = {};
  const withProgress = options.onProgress ? ['-progress', 'pipe:1', '-nostats'] : [];
  const { stderr } = await runProcess(
    options.binary ?? 'ffmpeg',
    ['-hide_banner', '-nostdin', ...withProgress, ...args],
    options,
    options.onProgress
      ? (line) => {
          const eq = line.indexOf('=');
          if (eq < 0) return;
          const key = line.slice(0, eq);
          progress[key] = line.slice(eq + 1);
          if (key === 'progress') {
            const outUs = Number(progress.out_time_us ?? progress.out_time_ms ?? 0);
            const speed = Number.parseFloat(progress.speed ?? '');
            options.onProgress?.({
              outTimeSeconds: Number.isFinite(outUs) ? Math.max(0, outUs) / 1e6 : 0,
              frame: Number(progress.frame ?? 0) || 0,
              speed: Number.isFinite(speed) ? speed : null,
            });
          }
        }
      : undefined,
  );
  return { stderr };
}

/** Runs ffprobe with `-of json` and parses its output. */
export async function runFfprobeJson<T>(args: readonly string[], options: RunOptions = {}): Promise<T> {
  const { stdout } = await runProcess(
    options.binary ?? 'ffprobe',
    ['-hide_banner', '-v', 'error', '-of', 'json', ...args],
    options,
    undefined,
    true,
  );
  return JSON.parse(stdout.toString('utf8')) as T;
}

/** Runs ffprobe and returns its raw stdout (for csv/compact outputs over many packets). */
export async function runFfprobeText(args: readonly string[], options: RunOptions = {}): Promise<string> {
  const { stdout } = await runProcess(
    options.binary ?? 'ffprobe',
    ['-hide_banner', '-v', 'error', ...args],
    options,
    undefined,
    true,
  );
  return stdout.toString('utf8');
}

/** Runs ffprobe and returns its stdout and its stderr (warnings such as read errors of a complete run). */
export async function runFfprobeCapture(
  args: readonly string[],
  options: RunOptions = {},
): Promise<{ stdout: string; stderr: string }> {
  const { stdout, stderr } = await runProcess(
    options.binary ?? 'ffprobe',
    ['-hide_banner', ...args],
    options,
    undefined,
    true,
  );
  return { stdout: stdout.toString('utf8'), stderr };
}

/**
 * Runs ffprobe and hands each stdout line to `onLine` as it arrives, never holding the whole output
 * (packet lists of multi-GB masters exceed what one string can hold). Resolves with stderr.
 */
export async function streamFfprobeLines(
  args: readonly string[],
  onLine: (line: string) => void,
  options: RunOptions = {},
): Promise<{ stderr: string }> {
  const { stderr } = await runProcess(
    options.binary ?? 'ffprobe',
    ['-hide_banner', '-v', 'error', ...args],
    options,
    (line) => {
      if (line) onLine(line);
    },
  );
  return { stderr };
}
