/**
 * What a finished clip must be, and whether it is (pure: no I/O). From the plan, the expectations:
 * frame count, declared durations, audio samples per stream, and which edge frames were copied or
 * re-encoded. From the facts measured on the file (probe.ts), a list of failures; none means the
 * clip may be delivered.
 *
 * Edge frames: a copied edge frame must decode bit-identical to the master's frame at the planned
 * position (MD5 of the decoded picture in its own pixel format). A re-encoded edge frame must be
 * close to its source frame (luma PSNR at or above a floor) and clearly closer to it than to either
 * neighbour (by EDGE_MARGIN_DB), unless that neighbour differs from the source by less than the
 * clip's own coding noise (PSNR(source, neighbour) ≥ PSNR(clip, source) + NOISE_MARGIN_DB): then no
 * check on pixels can tell the two apart, and neither can a viewer.
 */
import { codedFrameSamples } from '../plan/commands.ts';
import type { ClipPlan } from '../plan/plan.ts';

/** Lowest luma PSNR of a re-encoded edge frame against its source frame (8-bit, full picture). */
export const EDGE_FLOOR_DB = { broadcast: 30, web: 24 } as const;
/** How much closer a re-encoded edge frame must be to its source than to a neighbour. */
export const EDGE_MARGIN_DB = 1;
/** A neighbour this much more like the source than the clip frame is cannot be told apart from it. */
export const NOISE_MARGIN_DB = 3;

export type VerifyFailureCode =
  | 'decode_errors'
  | 'frame_count'
  | 'timestamps'
  | 'declared_duration'
  | 'audio_streams'
  | 'audio_samples'
  | 'edge_frame'
  | 'copied_packets';

export interface VerifyFailure {
  code: VerifyFailureCode;
  detail: string;
}

/** One audio stream as decoded from the clip. */
export interface DecodedAudio {
  channels: number;
  sampleRate: number;
  /** Samples per channel decoded. */
  samples: number;
  /** Duration the container declares for the stream, seconds (null when it declares none). */
  declaredSeconds: number | null;
  /** How long before the video the stream starts, seconds, as the container times it (null: unknown). */
  leadSeconds?: number | null;
}

/** What was measured on the clip file. */
export interface ClipFacts {
  /** What `ffmpeg -v error` printed while decoding every stream ('' when clean). */
  decodeErrors: string;
  videoFrames: number;
  /** Presentation times of the decoded video frames, in decode output order (any unit). */
  videoPts: number[];
  /** Video duration and frame count the container declares (null when it declares none). */
  declaredVideoSeconds: number | null;
  declaredVideoFrames: number | null;
  /** The container's own duration (null when none). */
  declaredFormatSeconds: number | null;
  /** When the container presents the first picture, in seconds (null or absent: not read). */
  videoStartSeconds?: number | null;
  audio: DecodedAudio[];
  /**
   * When only the seams were decoded (windows.ts): each window's frames planned and decoded (the
   * tail's must start on its keyframe; MP4/MOV: `timesRight`, they are the clip's frames at those
   * display positions, at their times), whether the packets' presentation times are all different,
   * and the first difference between the copied middle's packets and the master's (null: none).
   * `videoFrames` then counts the clip's video packets, one a frame.
   */
  windows?: { name: string; frames: number; decoded: number; startsRight?: boolean; timesRight?: boolean }[];
  packetTimesDistinct?: boolean;
  copiedMiddle?: string | null;
}

/** A decoded picture: MD5 of its native pixels, and its luma plane (8-bit) for PSNR. */
export interface Picture {
  md5: string;
  luma: Uint8Array;
}

/** One edge of the clip: its decoded frame, the master's frame at the planned position, neighbours. */
export interface EdgeFacts {
  edge: 'first' | 'last';
  /** Master frame number the clip frame must show. */
  frame: number;
  /** Whether the plan copies this frame (bit-identical expected) or re-encodes it. */
  copied: boolean;
  clip: Picture;
  source: Picture;
  /** The master's frames just before and after (absent at the master's ends). */
  neighbours: { frame: number; picture: Picture }[];
}

export interface Expectation {
  frameCount: number;
  frameSeconds: number;
  profile: ClipPlan['profile'];
  /** Whether the container declares durations worth checking (not MPEG-TS). */
  declaresDurations: boolean;
  /** MP4 and MOV: the picture is presented from 0 (no empty edit before it). */
  startsAtZero: boolean;
  audio: {
    channels: number;
    sampleRate: number;
    samples: number;
    toleranceSamples: number;
    /**
     * Whole coded frames in a container that cannot trim them (copied AAC in MPEG-TS): the first
     * starts less than a frame before the picture, the last ends less than a frame after it, each at
     * its own time. Otherwise the count is within `toleranceSamples` of `samples`.
     */
    overhangs: boolean;
    /**
     * The declared duration is held within a millisecond (MP4/MOV coded sound) to `samples`, or up
     * to `rangeSamples`, the picture's: a master whose sound ends before its last picture decodes
     * its last frame's padding up to there.
     */
    declaredExactly: boolean;
    /** Samples the clip's pictures last. */
    rangeSamples: number;
  }[];
}

/**
 * What the plan promises. `masterSamples` (per planned audio stream, samples from the master's
 * sample 0; null: unknown) caps a stream that the master ends before its last picture: a clip to
 * the master's end cannot hold sound the master does not have.
 */
export function expectationOf(plan: ClipPlan, masterSamples: readonly (number | null)[] = []): Expectation {
  const isoFile = plan.container === 'mp4' || plan.container === 'mov';
  return {
    frameCount: plan.frameCount,
    frameSeconds: plan.frameRate.den / plan.frameRate.num,
    profile: plan.profile,
    declaresDurations: plan.container !== 'mpegts',
    startsAtZero: isoFile,
    audio: plan.audio.map((cut, n) => ({
      channels: cut.channels,
      sampleRate: cut.sampleRate,
      samples: Math.max(
        0,
        Math.min(cut.sampleCount, (masterSamples[n] ?? Number.POSITIVE_INFINITY) - cut.startSample),
      ),
      // Copied coded frames (AAC) hold whole frames, and an encoded AAC stream ends on a whole frame:
      // strictly less than one coded frame more or less. PCM is exact to the sample.
      toleranceSamples:
        cut.method === 'pcm' ? 0 : codedFrameSamples(cut.method === 'encode' ? 'aac' : cut.codec) - 1,
      overhangs: plan.container === 'mpegts' && cut.method === 'copy-frames',
      // MP4 and MOV trim coded sound to the sample by an edit list: what the file declares is
      // held to the plan, within the movie timescale's millisecond (ffmpeg's join declared the
      // copied AAC frames whole, 8 ms past the picture, and its decode counted them so too).
      declaredExactly: cut.method !== 'pcm' && isoFile,
      rangeSamples: cut.sampleCount,
    })),
  };
}

/**
 * Whole coded frames over the picture (`overhangs`): '' when the stream starts less than a frame
 * before the picture (or within a sample after it) and ends less than a frame after it; what is
 * wrong otherwise. Pure.
 */
function overhangOf(got: DecodedAudio, planned: Expectation['audio'][number]): string {
  const frame = planned.toleranceSamples + 1;
  if (got.leadSeconds === null || got.leadSeconds === undefined) return 'its start time unknown';
  const lead = got.leadSeconds * planned.sampleRate;
  if (!(lead > -2 && lead < frame)) return `starting ${lead.toFixed(0)} samples before the picture`;
  const tail = got.samples - planned.samples - Math.max(0, lead);
  if (!(tail > -2 && tail < frame)) return `ending ${tail.toFixed(0)} samples after the picture`;
  return '';
}

/** Which edges are copied frames: the first and last parts of the plan. */
export function edgesOf(plan: ClipPlan): { edge: 'first' | 'last'; frame: number; copied: boolean }[] {
  const first = plan.parts[0]!;
  const last = plan.parts[plan.parts.length - 1]!;
  const edges: { edge: 'first' | 'last'; frame: number; copied: boolean }[] = [
    { edge: 'first', frame: plan.inFrame, copied: first.kind === 'copy' },
  ];
  if (plan.frameCount > 1)
    edges.push({ edge: 'last', frame: plan.outFrame - 1, copied: last.kind === 'copy' });
  return edges;
}

/** Luma PSNR in dB of two pictures of the same size; Infinity when identical. */
export function psnr(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length === 0) return Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return sum === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((255 * 255 * a.length) / sum);
}

const dB = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : String(value));

/** The failure of one edge frame, or null when it shows the planned master frame. */
export function judgeEdge(edge: EdgeFacts, profile: ClipPlan['profile']): VerifyFailure | null {
  const where = `${edge.edge} frame (master frame ${edge.frame})`;
  if (edge.copied) {
    return edge.clip.md5 === edge.source.md5
      ? null
      : { code: 'edge_frame', detail: `${where} is copied but not bit-identical to the master's` };
  }
  const self = psnr(edge.clip.luma, edge.source.luma);
  if (self < EDGE_FLOOR_DB[profile]) {
    return { code: 'edge_frame', detail: `${where}: ${dB(self)} dB against its source frame` };
  }
  for (const { frame, picture } of edge.neighbours) {
    const against = psnr(edge.clip.luma, picture.luma);
    if (self - against >= EDGE_MARGIN_DB) continue;
    if (psnr(edge.source.luma, picture.luma) >= self + NOISE_MARGIN_DB) continue;
    return {
      code: 'edge_frame',
      detail: `${where}: ${dB(self)} dB against its source, ${dB(against)} dB against frame ${frame}`,
    };
  }
  return null;
}

/** Failures in the order their reason is given: the first one is what the user is told. */
const PRIORITY: readonly VerifyFailureCode[] = [
  'decode_errors',
  'frame_count',
  'timestamps',
  'audio_streams',
  'audio_samples',
  'declared_duration',
  'copied_packets',
  'edge_frame',
];

export function byPriority(failures: readonly VerifyFailure[]): VerifyFailure[] {
  return [...failures].sort((a, b) => PRIORITY.indexOf(a.code) - PRIORITY.indexOf(b.code));
}

/** Every way the clip differs from what was planned (empty: deliver it). */
export function judgeClip(
  expect: Expectation,
  facts: ClipFacts,
  edges: readonly EdgeFacts[],
): VerifyFailure[] {
  const failures: VerifyFailure[] = [];
  const fail = (code: VerifyFailureCode, detail: string) => failures.push({ code, detail });
  if (facts.decodeErrors.trim() !== '')
    fail('decode_errors', facts.decodeErrors.trim().split('\n')[0]!.slice(0, 300));
  if (facts.videoFrames !== expect.frameCount) {
    fail('frame_count', `${facts.videoFrames} frames decoded, ${expect.frameCount} planned`);
  }
  for (const window of facts.windows ?? []) {
    if (window.decoded !== window.frames || window.startsRight === false) {
      fail(
        'frame_count',
        `${window.decoded} frames decoded in the ${window.name} window, ${window.frames} planned` +
          (window.startsRight === false ? ', not from its keyframe' : ''),
      );
    }
  }
  if (
    facts.videoPts.some((pts, i) => i > 0 && !(pts > facts.videoPts[i - 1]!)) ||
    facts.packetTimesDistinct === false
  ) {
    fail('timestamps', 'decoded video timestamps do not increase');
  }
  const mistimed = (facts.windows ?? []).find((w) => w.timesRight === false && w.decoded === w.frames);
  if (mistimed) {
    fail('timestamps', `the ${mistimed.name} window's frames are not the clip's frames at their times`);
  }
  if (facts.copiedMiddle) fail('copied_packets', facts.copiedMiddle);
  const videoSeconds = expect.frameCount * expect.frameSeconds;
  const halfFrame = expect.frameSeconds / 2;
  // ffmpeg's join once put the picture 21 ms after the sound, by an empty edit.
  if (expect.startsAtZero && facts.videoStartSeconds != null && Math.abs(facts.videoStartSeconds) > 0.0005) {
    fail('timestamps', `the picture starts at ${facts.videoStartSeconds} s, after an empty edit`);
  }
  if (expect.declaresDurations) {
    if (facts.declaredVideoFrames !== null && facts.declaredVideoFrames !== expect.frameCount) {
      fail('declared_duration', `the video declares ${facts.declaredVideoFrames} frames`);
    }
    if (
      facts.declaredVideoSeconds !== null &&
      Math.abs(facts.declaredVideoSeconds - videoSeconds) >= halfFrame
    ) {
      fail(
        'declared_duration',
        `the video declares ${facts.declaredVideoSeconds} s for ${videoSeconds} s of frames`,
      );
    }
    // Nothing runs past the picture by more than the coded audio frames that may be copied whole.
    const audioSlack = Math.max(0, ...expect.audio.map((a) => a.toleranceSamples / a.sampleRate));
    if (
      facts.declaredFormatSeconds !== null &&
      (facts.declaredFormatSeconds >= videoSeconds + halfFrame + audioSlack ||
        facts.declaredFormatSeconds <= videoSeconds - halfFrame)
    ) {
      fail(
        'declared_duration',
        `the file declares ${facts.declaredFormatSeconds} s for ${videoSeconds} s of frames`,
      );
    }
  }
  if (facts.audio.length !== expect.audio.length) {
    fail('audio_streams', `${facts.audio.length} audio streams, ${expect.audio.length} planned`);
  } else {
    expect.audio.forEach((planned, n) => {
      const got = facts.audio[n]!;
      if (got.channels !== planned.channels || got.sampleRate !== planned.sampleRate) {
        fail(
          'audio_streams',
          `audio ${n}: ${got.channels} ch at ${got.sampleRate} Hz, planned ${planned.channels} ch at ${planned.sampleRate} Hz`,
        );
      }
      const overhang = planned.overhangs ? overhangOf(got, planned) : null;
      if (overhang === null && Math.abs(got.samples - planned.samples) > planned.toleranceSamples) {
        fail('audio_samples', `audio ${n}: ${got.samples} samples decoded, ${planned.samples} planned`);
      } else if (overhang) {
        fail(
          'audio_samples',
          `audio ${n}: ${got.samples} samples decoded, ${planned.samples} planned, ${overhang}`,
        );
      }
      const oneSample = 1 / planned.sampleRate;
      const declared = got.declaredSeconds === null ? null : got.declaredSeconds * planned.sampleRate;
      const millisecond = planned.sampleRate / 1000 + 1;
      // `samples` never exceeds `rangeSamples`: at most the picture's, capped by the master's sound.
      if (
        planned.declaredExactly &&
        declared !== null &&
        (declared < planned.samples - millisecond || declared > planned.rangeSamples + millisecond)
      ) {
        fail(
          'declared_duration',
          `audio ${n} declares ${got.declaredSeconds} s for ${planned.samples} samples planned`,
        );
      }
      if (
        expect.declaresDurations &&
        got.declaredSeconds !== null &&
        Math.abs(got.declaredSeconds - got.samples / planned.sampleRate) >
          planned.toleranceSamples * oneSample + halfFrame
      ) {
        fail(
          'declared_duration',
          `audio ${n} declares ${got.declaredSeconds} s for ${got.samples} samples decoded`,
        );
      }
    });
  }
  for (const edge of edges) {
    const failure = judgeEdge(edge, expect.profile);
    if (failure) failures.push(failure);
  }
  return failures;
}

/** Video frame presentation times and audio bytes per stream, from ffmpeg's framecrc output. */
export function parseFramecrc(text: string): { video: number[]; audioBytes: Map<number, number> } {
  const video: number[] = [];
  const audioBytes = new Map<number, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [stream, , pts, , size] = line.split(',').map((field) => field.trim());
    const index = Number(stream);
    if (index === 0) video.push(Number(pts));
    else audioBytes.set(index, (audioBytes.get(index) ?? 0) + Number(size));
  }
  return { video, audioBytes };
}
