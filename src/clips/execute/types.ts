/** Shared types of the clip executors. */
import type { MediaInfo } from '../../media/public.ts';
import type { ResidentEncoder, ResidentJob } from '../../platform/ffmpeg/resident-encoder.ts';
import type { X264Effort } from '../plan/encoders/x264.ts';
import type { ClipPlan } from '../plan/plan.ts';
import type { MasterCache } from './master-cache.ts';

export type ClipStage = 'encode' | 'copy' | 'join' | 'done';

export interface ClipProgress {
  stage: ClipStage;
  /** 0..1 over the whole job. */
  fraction: number;
}

export interface ExecuteClipOptions {
  masterPath: string;
  media: MediaInfo;
  plan: ClipPlan;
  /** Final path of the clip; written as `<path>.tmp-…` and renamed when complete. */
  outputPath: string;
  signal?: AbortSignal;
  onProgress?: (progress: ClipProgress) => void;
  /** x264 analysis effort for re-encoded parts (headers match either way); default 'fast'. */
  x264Effort?: X264Effort;
  /** Called with every ffmpeg argument list before it runs (logging, debugging). */
  onCommand?: (args: readonly string[]) => void;
  /** Encoder threads per part (0 = encoder default). Head and tail run at the same time. */
  threads?: number;
  /**
   * Runs re-encoded parts (fed H.264 edges, MXF edges) without an ffmpeg process (the clip
   * worker's, platform/ffmpeg/resident-encoder.ts); absent or null: always ffmpeg.
   */
  residentEncoder?: ResidentEncoder | null;
  /** Facts of masters kept for the next clips (the clip worker's); absent: read for this clip only. */
  masterCache?: MasterCache;
  /**
   * The master's frames around a re-encoded edge that the clip's verification needs (make.ts):
   * written raw by the decode that encodes the edge, when it is a fed H.264 part run by the
   * resident encoder; each request is settled, written or not, before executeClip settles.
   */
  edgeReferences?: readonly EdgeReferenceRequest[];
}

/**
 * The master's display frames [from, to) around one edge of the clip, asked of the cut: written raw
 * (the decoder's pixel format, planes packed) to `output` by the resident encoder's job that encodes
 * that edge, from its own feed (`settle(true)`), or not (`settle(false)`: the asker decodes them).
 */
export interface EdgeReferenceRequest {
  edge: 'first' | 'last';
  from: number;
  to: number;
  output: string;
  /** Called once by the cut (later calls are ignored): whether `output` holds the frames. */
  settle(written: boolean): void;
}

export interface ClipResult {
  path: string;
  plan: ClipPlan;
  /** How H.264 parameter sets are carried: matched (avc1, sample description only), in-band (avc3). */
  parameterSets: 'matched' | 'in-band' | 'not-applicable';
  notes: string[];
  timings: { encodeMs: number; joinMs: number; totalMs: number };
}

export class ClipExecutionError extends Error {
  constructor(
    readonly code: 'CLIP_CODEC_UNSUPPORTED' | 'CLIP_ABORTED' | 'CLIP_FFMPEG_FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ClipExecutionError';
  }
}

/**
 * Runs one ffmpeg of the clip, reporting progress under `key` (frames expected, 0 = unknown), with
 * `input` on its standard input when given, at a lower priority when `niceness` is given.
 */
export type Runner = (
  args: string[],
  key: string,
  frames: number,
  input?: Iterable<Buffer> | AsyncIterable<Buffer>,
  niceness?: number,
) => Promise<unknown>;

export interface ExecutionContext {
  options: ExecuteClipOptions;
  workDir: string;
  /** Temporary output path (renamed by the caller on success). */
  output: string;
  run: Runner;
  /** Aborts on the caller's abort or on any part failing. */
  signal: AbortSignal;
  report: (key: string, fraction: number) => void;
  /**
   * Re-encodes part `part` in the resident encoder when it runs and understands `encoderArgs`
   * (`job` is asked for only then), else, or when it fails (said in the clip's notes), by `ffmpeg`.
   */
  encodePart: (
    part: number,
    encoderArgs: readonly string[],
    job: () => Promise<ResidentPartJob> | ResidentPartJob,
    ffmpeg: () => Promise<unknown>,
  ) => Promise<unknown>;
}

/** A part's resident job, less what the executor adds (encoder, frame rate, abort, progress). */
export type ResidentPartJob = Omit<ResidentJob, 'encoder' | 'frameRate' | 'signal' | 'onProgress'>;

export interface Executed {
  parameterSets: ClipResult['parameterSets'];
  notes: string[];
  encodeMs: number;
  joinMs: number;
}

/**
 * Index in `plan.parts` of the re-encoded part with the most frames, `except` one: it decides when
 * the clip is done, so it gets every core; the others yield to it (one thread each, lower priority).
 */
export function longestEncodePart(plan: ClipPlan, except = -1): number {
  const lengths = plan.parts.map((p, i) =>
    p.kind === 'encode' && i !== except ? p.endFrame - p.startFrame : -1,
  );
  return lengths.indexOf(Math.max(...lengths));
}

/** Niceness of the processes of a clip that are not on its critical path. */
export const YIELDING = 10;
