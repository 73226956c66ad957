/**
 * Decoding a clip's windows (I/O): an ffmpeg framecrc run (`runListing`), a window of the clip's
 * video decoded by the clip worker's resident encoder or, when it cannot, an ffmpeg process
 * (`decodeWindow`), and the tail window found from the clip's packets (`decodeTailWindow`).
 * seams.ts decides which windows a clip needs and judges what they give.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type ResidentEncoder, ResidentEncoderError } from '../../platform/ffmpeg/resident-encoder.ts';
import { runFfmpeg } from '../../platform/ffmpeg/run.ts';
import { unitsPerFrame } from '../plan/commands.ts';
import type { ClipPlan } from '../plan/plan.ts';
import { pictureOutputs } from './probe.ts';
import { rawPicture, rawPictureBytes } from './resident-reference.ts';
import { type Picture, parseFramecrc } from './rules.ts';
import { type PacketFacts, packetOfFrame } from './windows.ts';

export interface Run {
  errors: string;
  text: string;
}

/** Runs ffmpeg writing framecrc to `crcPath`; what it printed (or why it failed) and the listing. */
export async function runListing(args: string[], crcPath: string, signal?: AbortSignal): Promise<Run> {
  let errors = '';
  try {
    errors = (await runFfmpeg([...args, '-f', 'framecrc', crcPath], { signal })).stderr;
  } catch (error) {
    if (signal?.aborted) throw error;
    errors = (error as Error).message || 'ffmpeg failed';
  }
  return { errors, text: await readFile(crcPath, 'utf8').catch(() => '') };
}

/** A decode window's result: what it printed, its frames' times (in `timeBase`), the picture kept. */
export interface WindowDecoded {
  errors: string;
  pts: number[];
  timeBase: TimeBase | null;
  picture: Picture | null;
}

/** How a window is decoded: by the clip worker's resident encoder when there is one (8-bit YUV). */
export interface WindowDecoder {
  resident?: ResidentEncoder | null;
  pixFmt?: string | null;
  frameRate: { num: number; den: number };
}

/** The clip whose windows are decoded, where their files go and how: the same for each of its windows. */
export interface WindowClip {
  clipPath: string;
  size: { width: number; height: number };
  workDir: string;
  decoder: WindowDecoder;
  signal?: AbortSignal;
}

/** One window of the clip's video. */
export interface WindowRequest extends WindowClip {
  /** Absolute seconds: the keyframe sought, every frame from it kept; the clip's start when absent. */
  seek?: string | undefined;
  /** Frames decoded. */
  frames: number;
  /** The picture kept, counted from the window's first frame. */
  pick: number;
  /** Names the window's files in `workDir`. */
  name: string;
  /** Decoder threads (frame threads); one when absent. */
  threads?: number;
}

/**
 * Decodes a window of the clip's video from its start, or from the keyframe sought at `seek`
 * (absolute seconds, every frame from it kept), `frames` frames, keeping picture `pick`: by the
 * resident encoder (one job, no process), else by an ffmpeg process.
 */
export async function decodeWindow(request: WindowRequest): Promise<WindowDecoded> {
  const { clipPath, seek, frames, pick, name, size, workDir, decoder, signal, threads = 1 } = request;
  const resident = decoder.resident ? await residentWindow(decoder.resident, request) : null;
  if (resident) return resident;
  const input = seek ? ['-copyts', '-noaccurate_seek', '-seek_timestamp', '1', '-ss', seek] : ['-copyts'];
  const pictures = pictureOutputs('e', workDir, name, size);
  const run = await runListing(
    [
      ...['-v', 'error', '-xerror', '-threads', String(threads), ...input, '-i', clipPath],
      ...[
        '-filter_complex',
        `[0:v:0]trim=end_frame=${frames},split=2[all][e0];[e0]select=eq(n\\,${pick})[e];${pictures.filter}`,
      ],
      ...pictures.outputs,
      ...['-map', '[all]', '-c:v', 'wrapped_avframe', '-fps_mode', 'passthrough'],
    ],
    join(workDir, `${name}.crc`),
    signal,
  );
  const found = await pictures.read().catch(() => [] as Picture[]);
  return {
    errors: run.errors,
    pts: parseFramecrc(run.text).video,
    timeBase: timeBaseOf(run.text),
    picture: found[0] ?? null,
  };
}

/**
 * A decode window as a job of the resident encoder (native/resident-encoder: the same libraries,
 * demuxer, decoder and seek as the ffmpeg command; anything logged at error level, or a packet the
 * decoder refuses, is the window's decode error); null when it cannot (another pixel format, a
 * failed job: the caller runs ffmpeg).
 */
export async function residentWindow(
  resident: ResidentEncoder,
  request: WindowRequest,
): Promise<WindowDecoded | null> {
  const { clipPath, seek, frames, pick, name, size, workDir, decoder, signal } = request;
  const pictureBytes = rawPictureBytes(decoder.pixFmt, size);
  if (pictureBytes === null || frames <= 0) return null;
  const output = join(workDir, `${name}.raw`);
  const timesOutput = join(workDir, `${name}.times`);
  try {
    await resident.run({
      input: clipPath,
      ...(seek ? { seek } : {}),
      output,
      format: 'rawvideo',
      leading: 0,
      count: frames,
      frameRate: decoder.frameRate,
      encoder: { codec: 'rawvideo', pixFmt: null, options: [] },
      decoderThreads: request.threads ?? 1,
      window: { timesOutput, keep: pick, accurate: false },
      signal,
    });
    const [lines, raw] = await Promise.all([
      readFile(timesOutput, 'utf8').then((text) => text.split('\n').filter(Boolean)),
      readFile(output).catch(() => null),
    ]);
    const base = /^tb (\d+)\/(\d+)$/.exec(lines[0] ?? '');
    if (!base) return null;
    // A picture of another size than the master's: ffmpeg decodes the window instead.
    if (raw && raw.length !== pictureBytes) return null;
    return {
      errors: '',
      pts: lines.slice(1).map(Number),
      timeBase: { num: Number(base[1]), den: Number(base[2]) },
      picture: raw ? rawPicture(raw, size.width * size.height) : null,
    };
  } catch (error) {
    if (signal?.aborted) throw error;
    if (error instanceof ResidentEncoderError && error.decodeError) {
      return { errors: error.message || 'decode error', pts: [], timeBase: null, picture: null };
    }
    return null;
  } finally {
    await Promise.all([rm(output, { force: true }), rm(timesOutput, { force: true })]);
  }
}

export interface TimeBase {
  num: number;
  den: number;
}

/** Whether `a` in time base `ta` and `b` in `tb` are the same time, exactly (rationals). */
export function equalTimes(a: number, ta: TimeBase, b: number, tb: TimeBase): boolean {
  return a * ta.num * tb.den === b * tb.num * ta.den;
}

/** Time base of stream 0 in a framecrc listing. */
export function timeBaseOf(text: string): TimeBase | null {
  const found = /#tb 0: (\d+)\/(\d+)/.exec(text);
  return found ? { num: Number(found[1]), den: Number(found[2]) } : null;
}

/** Whether a decoded window's first frame has the time `pts` (in `timeBase`), exactly. */
export function sameTime(
  window: WindowDecoded | null,
  pts: number | undefined,
  timeBase: TimeBase | null,
): boolean {
  const own = window?.timeBase ?? null;
  const first = window?.pts[0];
  if (!own || !timeBase || first === undefined || pts === undefined) return false;
  return equalTimes(first, own, pts, timeBase);
}

/**
 * Whether a decoded window's frames are exactly the frames at times `pts` (in `timeBase`), in that
 * order: none lost, none added, none shown at another frame's time.
 */
export function sameTimes(
  window: WindowDecoded | null,
  pts: readonly number[],
  timeBase: TimeBase | null,
): boolean {
  const own = window?.timeBase ?? null;
  if (!window || !own || !timeBase || window.pts.length !== pts.length) return false;
  return window.pts.every((t, i) => equalTimes(t, own, pts[i]!, timeBase));
}

/** Where the tail window seeks: half a frame after its keyframe's time, absolute seconds. */
export function tailSeek(pts: number, plan: ClipPlan, timeBase: TimeBase): string {
  return (((pts + unitsPerFrameOf(plan, timeBase) / 2) * timeBase.num) / timeBase.den).toFixed(6);
}

/** Units of the clip's video time base per frame. */
function unitsPerFrameOf(plan: ClipPlan, timeBase: TimeBase): number {
  return unitsPerFrame({ ...plan, timeBase });
}

/**
 * Where the tail window would seek if the clip's display frame `tailStart` has the time of its
 * first frame (the head window's) plus `tailStart` frame durations: a guess, made before the
 * packet listing says where that frame is, so that the window can be decoded beside the listing.
 * Null when the head window gave no time. Pure.
 */
export function predictedTailSeek(head: WindowDecoded, tailStart: number, plan: ClipPlan): string | null {
  const first = head.pts[0];
  if (!head.timeBase || first === undefined) return null;
  return tailSeek(first + tailStart * unitsPerFrameOf(plan, head.timeBase), plan, head.timeBase);
}

/** The tail window of a clip: where it is found, and the clip's frames. */
export interface TailWindowRequest extends WindowClip {
  /** The clip's video packets, and their time base. */
  packets: PacketFacts[];
  timeBase: TimeBase | null;
  /** The clip's display frame the window is to start on (it starts on that frame's keyframe). */
  tailStart: number;
  /** The clip's frames: the window runs to its end. */
  clipFrames: number;
  plan: ClipPlan;
  /** The tail window decoded earlier from a predicted seek (`predictedTailSeek`), if any. */
  early?: { seek: string; decoded: Promise<WindowDecoded> } | null;
}

/**
 * The tail window: from the keyframe of the clip's frame `tailStart` (its packet's time, half a
 * frame after, so that the demuxer seeks to that keyframe and every frame from it is kept) to the
 * clip's end (`clipFrames` in all); null when that packet or the time base is unknown.
 */
export function decodeTailWindow(request: TailWindowRequest): {
  packet: PacketFacts | undefined;
  decoded: Promise<WindowDecoded> | null;
} {
  const { packets, tailStart, clipFrames, plan, timeBase, early } = request;
  const packet = packets[packetOfFrame(packets, tailStart)];
  const count = clipFrames - tailStart;
  const seek = packet && timeBase ? tailSeek(packet.pts, plan, timeBase) : null;
  // Already decoded with exactly this seek (the same job, the same arguments): that result.
  if (seek !== null && early?.seek === seek) return { packet, decoded: early.decoded };
  const { clipPath, size, workDir, decoder, signal } = request;
  const decoded =
    seek !== null
      ? decodeWindow({
          clipPath,
          seek,
          frames: count,
          pick: count - 1,
          name: 'tail',
          size,
          workDir,
          decoder,
          signal,
        })
      : null;
  return { packet, decoded };
}
