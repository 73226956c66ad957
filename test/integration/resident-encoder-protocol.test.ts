/**
 * The resident encoder's line protocol under abuse, spoken raw to the binary and through
 * ResidentEncoder: its versioned hello, one error reply to every oversized line, unknown field and
 * line of garbage (seeded random bytes) after which it still encodes; a hung job is killed and
 * reported, a binary of another protocol refused, and a clip falls back to ffmpeg processes in both
 * cases. Skipped, saying why, where the encoder is off or not built (the fallback tests run anyway).
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { executeClip } from '../../src/clips/execute/smartcut.ts';
import { planClip } from '../../src/clips/plan/plan.ts';
import { buildKeyframeIndex } from '../../src/media/keyframe-index.ts';
import { probeMedia } from '../../src/media/probe.ts';
import {
  RESIDENT_ENCODER_PATH,
  RESIDENT_PROTOCOL,
  ResidentEncoder,
  type ResidentJob,
} from '../../src/platform/ffmpeg/resident-encoder.ts';
import { runFfmpeg } from '../../src/platform/ffmpeg/run.ts';
import { countFrames } from '../support/clip-checks.ts';
import { smallH264Mp4Master } from '../support/masters.ts';
import { residentEncoderAbsence } from '../support/resident-encoder.ts';

vi.setConfig({ testTimeout: 300_000 });

const absent = residentEncoderAbsence();
const compiler =
  spawnSync('gcc', ['--version']).status === 0 &&
  spawnSync('pkg-config', ['--exists', 'libavcodec', 'libavformat', 'libavutil']).status === 0;
const sourceDir = join(
  resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'),
  'native',
  'resident-encoder',
);
/** The encoder's C sources, compiled together (as scripts/build-native.mjs does). */
const sources = compiler
  ? readdirSync(sourceDir)
      .filter((name) => name.endsWith('.c'))
      .map((name) => join(sourceDir, name))
  : [];
const skipped = absent ? ` (skipped: ${absent})` : '';
if (absent) console.warn(`resident encoder protocol tests skipped: ${absent}`);

let dir: string;
let feed: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'resident-protocol-'));
  feed = join(dir, 'feed.h264');
  await runFfmpeg([
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=128x96:rate=25:duration=1'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p', '-f', 'h264', feed],
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A valid job line for the raw protocol: 10 frames of the feed into `name`.mp4. */
function validJob(id: number, name: string): string {
  const fields = [`in=${feed}`, 'informat=h264', `out=${join(dir, `${name}.mp4`)}`, 'format=mp4'];
  fields.push('codec=libx264', 'leading=2', 'count=10', 'rate=25/1', 'o:preset=ultrafast', 'o:threads=1');
  return `job\t${id}\t${fields.join('\t')}\n`;
}

/** The binary spoken to directly: lines written as bytes, replies collected as lines. */
class Raw {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[] = [];
  private buffered = '';
  private waiters: (() => void)[] = [];

  stderr = '';

  constructor(binary = RESIDENT_ENCODER_PATH, env?: NodeJS.ProcessEnv) {
    this.child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString('latin1');
      const parts = this.buffered.split('\n');
      this.buffered = parts.pop()!;
      this.lines.push(...parts);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  write(bytes: string | Buffer): void {
    this.child.stdin.write(bytes);
  }

  /** Waits until `count` lines have come, or fails after a generous deadline. */
  async until(count: number, timeoutMs = 60_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.length < count) {
      if (Date.now() > deadline || this.child.exitCode !== null)
        throw new Error(`${this.lines.length} of ${count} lines: ${this.lines.slice(-5).join(' | ')}`);
      await new Promise<void>((wake) => {
        this.waiters.push(wake);
        setTimeout(wake, 200);
      });
    }
    return this.lines.slice(0, count);
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const closed = new Promise((resolve) => this.child.once('close', resolve));
    this.child.stdin.end();
    await closed;
  }
}

/** A deterministic pseudo-random generator (mulberry32): the same garbage on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` lines of seeded garbage bytes (no newline); one in four starts as a job with a valid id. */
function garbage(seed: number, count: number): Buffer[] {
  const next = random(seed);
  const lines: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const length = 1 + Math.floor(next() * 300);
    const bytes = Buffer.alloc(length);
    for (let k = 0; k < length; k++) {
      // Bytes 0–255 but the newline, with tabs, '=' and NUL often: fields, keys and odd ends.
      const pick = next();
      bytes[k] = pick < 0.1 ? 9 : pick < 0.15 ? 61 : pick < 0.18 ? 0 : Math.floor(next() * 256);
      if (bytes[k] === 10) bytes[k] = 32;
    }
    lines.push(i % 4 === 0 ? Buffer.concat([Buffer.from(`job\t${1000 + i}\t`), bytes]) : bytes);
  }
  return lines;
}

/** Writes the lines in uneven pieces, cut anywhere. */
function writeInPieces(raw: { write(bytes: Buffer): void }, lines: Buffer[], next: () => number): void {
  const all = Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')]));
  for (let offset = 0; offset < all.length; ) {
    const size = 1 + Math.floor(next() * 4096);
    raw.write(all.subarray(offset, offset + size));
    offset += size;
  }
}

describe.skipIf(absent)(`resident encoder line protocol${skipped}`, () => {
  it('greets with its protocol version and FFmpeg’s, then encodes a valid job', async () => {
    const raw = new Raw();
    const [hello] = await raw.until(1);
    expect(hello).toMatch(new RegExp(`^hello\\t${RESIDENT_PROTOCOL}\\t\\S+`));
    raw.write(validJob(1, 'valid'));
    const lines = await raw.until(2);
    expect(lines.at(-1)).toMatch(/^(progress|done)\t1\t/);
    while (!raw.lines.some((line) => line.startsWith('done\t1\t'))) await raw.until(raw.lines.length + 1);
    expect(raw.lines).toContain('done\t1\t10');
    expect(await countFrames(join(dir, 'valid.mp4'))).toBe(10);
    await raw.close();
  });

  it('close() from an otherwise idle process settles: a CLI awaiting it exits 0, not 13', async () => {
    // The idle encoder is unref'd; close() must hold the event loop until the child has ended.
    const script = join(dir, 'close-idle.mts');
    const module = resolve(
      dirname(fileURLToPath(import.meta.url)),
      '../../src/platform/ffmpeg/resident-encoder.ts',
    );
    await writeFile(
      script,
      `import { ResidentEncoder } from ${JSON.stringify(module)};
const encoder = new ResidentEncoder(${JSON.stringify(RESIDENT_ENCODER_PATH)});
encoder.start();
await new Promise((r) => setTimeout(r, 300));
await encoder.close();
process.stdout.write('closed');
`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('closed');
    expect(run.status).toBe(0);
  });

  it('answers an oversized line with one error, drops all of it, and reads the next line', async () => {
    const raw = new Raw();
    await raw.until(1);
    // 200 KB in one line (three times the limit), written in pieces, a job id at its end.
    raw.write(`job\t5\tin=${'x'.repeat(100_000)}`);
    raw.write(`${'y'.repeat(100_000)}\tcount=1\n`);
    raw.write('bogus\n');
    const lines = await raw.until(3);
    expect(lines[1]).toBe('error\t0\ta line longer than 65536 bytes');
    expect(lines[2]).toBe('error\t0\tunknown command');
    raw.write(validJob(6, 'after-oversized'));
    while (!raw.lines.some((line) => /^(done|error)\t6\t/.test(line))) await raw.until(raw.lines.length + 1);
    expect(raw.lines).toContain('done\t6\t10');
    expect(raw.lines.filter((line) => line.startsWith('error'))).toHaveLength(2);
    await raw.close();
  });

  it('refuses unknown fields, bad values and incomplete jobs by their id, writing nothing', async () => {
    const raw = new Raw();
    await raw.until(1);
    const base = validJob(7, 'unknown').trimEnd();
    raw.write(`${base}\tbogus=1\n`);
    raw.write(`${base.replace('job\t7', 'job\t8')}\tcount=ten\n`);
    raw.write(`${base.replace('job\t7', 'job\t9')}\trate=25/0\n`);
    raw.write(`${base.replace('job\t7', 'job\t10')}\tnotakeyvalue\n`);
    raw.write('job\t11\tin=a\n');
    raw.write('job\t0\tin=a\n');
    raw.write('job\t-3\tin=a\n');
    raw.write('cancel\t12\textra\n');
    raw.write('job\t13\t\tin=a\n');
    // A decode window's fields: keep below count, and only with ptsout.
    raw.write(`${base.replace('job\t7', 'job\t14')}\tkeep=3\n`);
    raw.write(`${base.replace('job\t7', 'job\t15')}\tptsout=${join(dir, 'unknown.times')}\tkeep=10\n`);
    // Raw frames beside the encoded ones (protocol 4): all three fields, never with a decode window.
    raw.write(`${base.replace('job\t7', 'job\t16')}\treffrom=2\trefcount=3\n`);
    raw.write(
      `${base.replace('job\t7', 'job\t17')}\trefout=${join(dir, 'unknown.raw')}\trefcount=3\tptsout=${join(dir, 'unknown.times')}\tkeep=1\n`,
    );
    const lines = (await raw.until(14)).slice(1);
    expect(lines).toEqual([
      'error\t7\tunknown field: bogus',
      'error\t8\tbad value for count',
      'error\t9\tbad value for rate',
      'error\t10\tmalformed field: notakeyvalue',
      'error\t11\tincomplete job (in, out, format, codec, count and rate are needed)',
      'error\t0\tmalformed job id',
      'error\t0\tmalformed job id',
      'error\t12\tcancel takes only a job id',
      'error\t13\tan empty field',
      'error\t14\tkeep (below count) and accurate go with ptsout',
      'error\t15\tkeep (below count) and accurate go with ptsout',
      'error\t16\trefout goes with refcount (reffrom, refcount and refout together), not with ptsout',
      'error\t17\trefout goes with refcount (reffrom, refcount and refout together), not with ptsout',
    ]);
    expect(existsSync(join(dir, 'unknown.raw'))).toBe(false);
    expect(existsSync(join(dir, 'unknown.mp4'))).toBe(false);
    await raw.close();
  });

  it('answers every line of seeded garbage bytes with one error and keeps working', async () => {
    const raw = new Raw();
    await raw.until(1);
    const lines = garbage(13, 400);
    writeInPieces(raw, lines, random(14));
    const replies = (await raw.until(1 + lines.length)).slice(1);
    expect(replies.every((line) => line.startsWith('error\t'))).toBe(true);
    // The job lines are answered by their own id, in order.
    const byId = replies.filter((line) => /^error\t1\d{3}\t/.test(line)).map((line) => line.split('\t')[1]);
    expect(byId).toEqual(lines.flatMap((_, i) => (i % 4 === 0 ? [String(1000 + i)] : [])));
    raw.write(validJob(2, 'after-garbage'));
    while (!raw.lines.some((line) => /^(done|error)\t2\t/.test(line))) await raw.until(raw.lines.length + 1);
    expect(raw.lines).toContain('done\t2\t10');
    expect(raw.lines.length).toBeGreaterThan(lines.length + 1);
    await raw.close();
  });

  it('kills and reports a hung job (an input that never opens); the next job starts a new process', async () => {
    const fifo = join(dir, 'never-written.fifo');
    execFileSync('mkfifo', [fifo]);
    const encoder = new ResidentEncoder(RESIDENT_ENCODER_PATH, { jobTimeoutMs: 1500 });
    const job: ResidentJob = {
      input: fifo,
      inputFormat: 'h264',
      output: join(dir, 'hung.mp4'),
      format: 'mp4',
      leading: 0,
      count: 5,
      frameRate: { num: 25, den: 1 },
      encoder: { codec: 'libx264', pixFmt: null, options: [['preset', 'ultrafast']] },
    };
    const started = Date.now();
    await expect(encoder.run(job)).rejects.toThrow(/job timed out \(silent for 1500 ms\)/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    const first = encoder.pid;
    expect(await encoder.run({ ...job, input: feed, output: join(dir, 'after-hung.mp4') })).toBe(5);
    expect(encoder.pid).not.toBe(first);
    await encoder.close();
    expect(encoder.pid).toBeUndefined();
  });
});

describe.skipIf(!compiler)(
  `resident encoder under AddressSanitizer and UBSan${compiler ? '' : ' (skipped: no gcc or FFmpeg headers)'}`,
  () => {
    it('takes garbage, an oversized line and jobs without one sanitizer report or leak', async () => {
      const binary = join(dir, 'resident-encoder-asan');
      const build = spawnSync(
        'gcc',
        [
          ...['-O1', '-g', '-fsanitize=address,undefined', '-fno-omit-frame-pointer', '-std=gnu11'],
          ...['-o', binary, ...sources],
          ...execFileSync('pkg-config', ['--cflags', '--libs', 'libavformat', 'libavcodec', 'libavutil'], {
            encoding: 'utf8',
          })
            .trim()
            .split(/\s+/),
          '-lpthread',
          '-lm',
        ],
        { encoding: 'utf8' },
      );
      expect(build.stderr).toBe('');
      const raw = new Raw(binary, {
        ...process.env,
        ASAN_OPTIONS: 'detect_leaks=1:halt_on_error=1',
        UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
      });
      await raw.until(1);
      const lines = garbage(29, 1000);
      writeInPieces(raw, lines, random(30));
      raw.write(`${'z'.repeat(150_000)}\n`);
      raw.write(validJob(1, 'asan'));
      raw.write(validJob(2, 'asan-bad').replace('o:preset=', 'o:no-such-option='));
      const ended = (id: number) =>
        raw.lines.some((line) => line.startsWith(`done\t${id}\t`) || line.startsWith(`error\t${id}\t`));
      while (!ended(1) || !ended(2)) await raw.until(raw.lines.length + 1);
      await raw.close();
      expect(raw.child.exitCode).toBe(0);
      expect(raw.stderr).toBe('');
      expect(raw.lines).toContain('done\t1\t10');
      expect(raw.lines).toContain('error\t2\tencoder option not found: no-such-option');
      expect(raw.lines.filter((line) => line.startsWith('error\t'))).toHaveLength(lines.length + 2);
    });
  },
);

describe('a clip when the resident encoder hangs or speaks another protocol', () => {
  /** A stand-in binary: greets as `hello`, then reads its jobs and never answers. */
  async function standIn(name: string, hello: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, `#!/bin/sh\nprintf '${hello}\\n'\nexec cat > /dev/null\n`);
    await chmod(path, 0o755);
    return path;
  }

  it.each([
    ['hangs', `hello\\t${RESIDENT_PROTOCOL}\\tstand-in`, /job timed out/],
    [
      'speaks protocol 1',
      'hello\\t1\\told',
      new RegExp(`speaks protocol 1, the portal ${RESIDENT_PROTOCOL}`),
    ],
    ['does not greet', 'ready\\t0\\told', /does not greet/],
  ])('it %s: the edges are encoded by ffmpeg processes, said in the notes', async (name, hello, reason) => {
    const binary = await standIn(name.replace(/\W/g, '-'), hello);
    const encoder = new ResidentEncoder(binary, { jobTimeoutMs: 2000 });
    const path = await smallH264Mp4Master({ seconds: 12 });
    const media = await probeMedia(path);
    const index = await buildKeyframeIndex(path, media);
    const plan = planClip({ index, media, inFrame: 37, outFrame: 263, profile: 'broadcast' });
    const outputPath = join(dir, `${name.replace(/\W/g, '-')}.mp4`);
    const result = await executeClip({ masterPath: path, media, plan, outputPath, residentEncoder: encoder });
    const notes = result.notes.join(' ');
    expect(notes).toMatch(/resident encoder failed .*run by ffmpeg/);
    expect(notes).toMatch(reason);
    expect(notes).not.toMatch(/run by the resident encoder/);
    expect(await countFrames(outputPath)).toBe(226);
    await encoder.close();
  });
});
