/**
 * Clip planning: from the stored keyframe index and media facts, decide how a half-open frame range
 * [inFrame, outFrame) is cut. Pure and instant: no I/O, no probing.
 *
 * A smart cut is three video parts in display order:
 *   head  [inFrame, copyStart)       re-encoded (missing when inFrame starts a clean GOP)
 *   copy  [copyStart, copyEnd)       packets copied from the master, bit-identical
 *   tail  [copyEnd, outFrame)        re-encoded (missing when outFrame ends a GOP cleanly)
 * and the audio cut once for the whole range by sample position.
 *
 * Open GOPs: the leading pictures of an open-GOP keyframe (display before it, decoded after it)
 * reference the previous GOP. The number of them is derived from the index alone: within one
 * stream `pts - dts` of a keyframe is the stream's constant decode delay plus its leading pictures,
 * and the first keyframe (frame 0) has none.
 */

import { frameToTimecode, type TimecodeFormat } from '../../lib/timecode/timecode.ts';
import type { Keyframe, KeyframeIndex } from '../../media/public.ts';
import {
  type AudioCut,
  type AudioCutMethod,
  type ClipMethod,
  type ClipPlan,
  ClipPlanError,
  type ClipPlanInput,
  type CopyPart,
  type EncodePart,
  type VideoPart,
} from './types.ts';

export {
  type AudioCut,
  type AudioCutMethod,
  type ClipMethod,
  type ClipPlan,
  ClipPlanError,
  type ClipPlanErrorCode,
  type ClipPlanInput,
  type ClipProfile,
  type CopyPart,
  type EncodePart,
  type VideoPart,
} from './types.ts';

export const INTRA_ONLY_CODECS: ReadonlySet<string> = new Set([
  'prores',
  'dnxhd',
  'mjpeg',
  'jpeg2000',
  'v210',
  'v410',
  'rawvideo',
  'dvvideo',
  'cfhd',
  'qtrle',
]);

/** Long-GOP codecs with a matched-settings encoder: head and tail re-encoded, the middle copied. */
export const SMART_CUT_CODECS: ReadonlySet<string> = new Set(['h264', 'mpeg2video']);

const PCM = /^pcm_/;

function unitsPerFrame(index: KeyframeIndex): number {
  // Time-base units per frame.
  return (index.timeBase.den * index.frameRate.den) / (index.timeBase.num * index.frameRate.num);
}

/**
 * Leading pictures of each keyframe (0 for closed GOPs), from pts - dts against the first keyframe.
 * null when an open-GOP keyframe has no dts to tell.
 */
export function leadingPictures(index: KeyframeIndex): (number | null)[] {
  const first = index.keyframes[0];
  const baseDelay = first && first.dts !== null ? first.pts - first.dts : null;
  return index.keyframes.map((keyframe) => {
    if (!keyframe.openGop) return 0;
    if (keyframe.dts === null || baseDelay === null) return null;
    const frames = (keyframe.pts - keyframe.dts - baseDelay) / unitsPerFrame(index);
    return Math.max(0, Math.round(frames));
  });
}

function validate(input: ClipPlanInput): void {
  const { index, inFrame, outFrame, profile } = input;
  if (profile !== 'broadcast' && profile !== 'web') {
    throw new ClipPlanError('CLIP_PROFILE_INVALID', `unknown profile "${String(profile)}"`);
  }
  if (!Number.isInteger(inFrame) || !Number.isInteger(outFrame)) {
    throw new ClipPlanError('CLIP_RANGE_INVALID', 'in and out must be whole frame numbers');
  }
  if (inFrame < 0 || outFrame > index.totalFrames) {
    throw new ClipPlanError(
      'CLIP_RANGE_OUT_OF_BOUNDS',
      `range [${inFrame}, ${outFrame}) is outside the master's ${index.totalFrames} frames`,
    );
  }
  if (outFrame <= inFrame) {
    throw new ClipPlanError('CLIP_RANGE_EMPTY', `out (${outFrame}) must be after in (${inFrame})`);
  }
  const keyframes = index.keyframes;
  if (keyframes.length === 0 || keyframes[0]!.frame !== 0) {
    throw new ClipPlanError('CLIP_INDEX_INVALID', 'keyframe index must start with frame 0');
  }
  for (let i = 1; i < keyframes.length; i++) {
    if (keyframes[i]!.frame <= keyframes[i - 1]!.frame) {
      throw new ClipPlanError('CLIP_INDEX_INVALID', 'keyframe index must be sorted by frame');
    }
  }
  if (!(index.frameRate.num > 0 && index.frameRate.den > 0 && index.timeBase.num > 0)) {
    throw new ClipPlanError('CLIP_INDEX_INVALID', 'keyframe index has no valid frame rate or time base');
  }
}

/** The last keyframe at or before `frame` from which decoding is clean (for encode parts). */
function decodeStart(index: KeyframeIndex, frame: number): Keyframe {
  let found = index.keyframes[0]!;
  for (const keyframe of index.keyframes) {
    if (keyframe.frame > frame) break;
    found = keyframe;
  }
  return found;
}

function encodePart(index: KeyframeIndex, startFrame: number, endFrame: number): EncodePart {
  return { kind: 'encode', startFrame, endFrame, decodeFrom: decodeStart(index, startFrame) };
}

interface CopyChoice {
  from: number;
  until: number | null;
  start: number;
  end: number;
  endPrefix: number;
}

/** The longest copyable prefix of keyframe i's GOP that ends at or before `outFrame` (0: none). */
function prefixWithin(keyframe: Keyframe, outFrame: number): number {
  if (keyframe.openGop || !keyframe.prefixEnds) return 0;
  let best = 0;
  for (const n of keyframe.prefixEnds) if (keyframe.frame + n <= outFrame) best = Math.max(best, n);
  return best;
}

/** Chooses the copied stretch: starts at a clean keyframe ≥ in, ends before the out-frame. */
function chooseCopy(input: ClipPlanInput, leading: (number | null)[]): CopyChoice | null {
  const { index, inFrame, outFrame } = input;
  const codec = input.media.video.codec;
  const keyframes = index.keyframes;
  // Open-GOP starts can be fixed up for MPEG-2 (drop leading B, closed_gop, temporal_reference);
  // an H.264 open-GOP I-frame (recovery point, not IDR) cannot start a copy that decodes alone.
  // Nor can an H.264 recovery point without leading pictures: decoding does not restart there, so
  // the re-encoded pictures before it would mix with its own in the decoder's reorder buffer.
  const canStart = (i: number) =>
    leading[i] !== null &&
    (!keyframes[i]!.openGop || codec === 'mpeg2video' || leading[i] === 0) &&
    !(codec === 'h264' && keyframes[i]!.nonIdr && i > 0);
  let from = -1;
  for (let i = 0; i < keyframes.length; i++) {
    if (keyframes[i]!.frame >= inFrame && canStart(i)) {
      from = i;
      break;
    }
  }
  if (from < 0) return null;
  const start = keyframes[from]!.frame;
  if (outFrame === index.totalFrames) {
    return start < outFrame ? { from, until: null, start, end: outFrame, endPrefix: 0 } : null;
  }
  // H.264 copies may also stop inside the last GOP, after a prefix that decodes alone.
  const prefix = (i: number) => (codec === 'h264' ? prefixWithin(keyframes[i]!, outFrame) : 0);
  // Copy ends at the decode position of a later keyframe; its leading pictures are not copied.
  for (let i = keyframes.length - 1; i > from; i--) {
    const lead = leading[i];
    if (lead === null || lead === undefined) continue;
    const end = keyframes[i]!.frame - lead;
    if (end <= outFrame && end > start) {
      const endPrefix = lead === 0 ? prefix(i) : 0;
      return { from, until: i, start, end: end + endPrefix, endPrefix };
    }
  }
  // No later keyframe before the out-frame: a prefix of the first copied GOP itself.
  const endPrefix = prefix(from);
  return endPrefix > 0 ? { from, until: from, start, end: start + endPrefix, endPrefix } : null;
}

function videoPlan(input: ClipPlanInput): { method: ClipMethod; reason: string; parts: VideoPart[] } {
  const { index, inFrame, outFrame, profile, media } = input;
  const codec = media.video.codec;
  const whole = () => [encodePart(index, inFrame, outFrame)];
  if (profile === 'web' && codec !== 'h264') {
    return {
      method: 'reencode',
      reason: `web profile from a ${codec} master: the range is re-encoded to H.264`,
      parts: whole(),
    };
  }
  // Browsers show interlaced pictures as they are stored, combed: a web clip is progressive, as the
  // web version of a video is (deinterlaced frame for frame), wherever its in and out points fall.
  if (profile === 'web' && media.video.scan === 'interlaced') {
    return {
      method: 'reencode',
      reason: 'web profile from interlaced H.264: the range is re-encoded progressive (deinterlaced)',
      parts: whole(),
    };
  }
  if (profile === 'web' && media.video.pixFmt !== null && media.video.pixFmt !== 'yuv420p') {
    return {
      method: 'reencode',
      reason: `web profile from ${media.video.pixFmt} H.264: the range is re-encoded to 8-bit 4:2:0`,
      parts: whole(),
    };
  }
  const leading = leadingPictures(index);
  const allKeyframes = index.keyframes.filter((k) => k.frame >= inFrame && k.frame < outFrame).length;
  if (allKeyframes === outFrame - inFrame && (INTRA_ONLY_CODECS.has(codec) || !media.video.hasBFrames)) {
    const parts = chooseCopy(input, leading);
    const copy = parts && buildCopy(input, parts, leading);
    if (copy && copy.startFrame === inFrame && copy.endFrame === outFrame) {
      return {
        method: 'copy',
        reason: `${codec} is intra-only (every frame a keyframe): exact stream copy`,
        parts: [copy],
      };
    }
  }
  if (!SMART_CUT_CODECS.has(codec)) {
    return {
      method: 'reencode',
      reason: `${codec} cannot be smart-cut here: the range is re-encoded with matched settings`,
      parts: whole(),
    };
  }
  const choice = chooseCopy(input, leading);
  if (!choice) {
    return {
      method: 'reencode',
      reason: 'the range holds no complete GOP: the whole range is re-encoded',
      parts: whole(),
    };
  }
  const parts: VideoPart[] = [];
  if (choice.start > inFrame) parts.push(encodePart(index, inFrame, choice.start));
  parts.push(buildCopy(input, choice, leading));
  if (choice.end < outFrame) parts.push(encodePart(index, choice.end, outFrame));
  const reencoded = parts
    .filter((p) => p.kind === 'encode')
    .reduce((n, p) => n + p.endFrame - p.startFrame, 0);
  return {
    method: 'smart',
    reason:
      `smart cut: ${choice.end - choice.start} frames copied from the master, ` +
      `${reencoded} re-encoded at the edges with matched settings`,
    parts,
  };
}

function buildCopy(input: ClipPlanInput, choice: CopyChoice, leading: (number | null)[]): CopyPart {
  const keyframes = input.index.keyframes;
  const fromKeyframe = keyframes[choice.from]!;
  const untilKeyframe = choice.until === null ? null : keyframes[choice.until]!;
  const dropLeading = leading[choice.from] ?? 0;
  const untilLeading = choice.until === null ? 0 : (leading[choice.until] ?? 0);
  // Decode-order packets [from, until) display [from - L1, until - L2): count them all.
  const untilFrame = untilKeyframe ? untilKeyframe.frame - untilLeading : input.index.totalFrames;
  const nextIndex = choice.from + 1;
  const hasNext = nextIndex < keyframes.length && (choice.until === null || nextIndex < choice.until);
  return {
    kind: 'copy',
    startFrame: choice.start,
    endFrame: choice.end,
    fromKeyframe,
    untilKeyframe,
    nextKeyframe: hasNext ? keyframes[nextIndex]! : null,
    nextLeading: hasNext ? (leading[nextIndex] ?? 0) : 0,
    endPrefix: choice.endPrefix,
    packetCount: untilFrame - fromKeyframe.frame + dropLeading + choice.endPrefix,
    dropLeading,
  };
}

function audioPlan(input: ClipPlanInput): AudioCut[] {
  const { inFrame, outFrame, profile, index } = input;
  const { num, den } = index.frameRate;
  return input.media.audio.map((stream) => {
    const startSample = Math.round((inFrame * stream.sampleRate * den) / num);
    const endSample = Math.round((outFrame * stream.sampleRate * den) / num);
    const pcm = PCM.test(stream.codec);
    const method: AudioCutMethod = profile === 'web' ? 'encode' : pcm ? 'pcm' : 'copy-frames';
    return {
      streamIndex: stream.index,
      codec: stream.codec,
      sampleRate: stream.sampleRate,
      channels: stream.channels,
      startSample,
      sampleCount: endSample - startSample,
      method,
      exact: method !== 'copy-frames',
    };
  });
}

function outputContainer(input: ClipPlanInput): ClipPlan['container'] {
  if (input.profile === 'web') return 'mp4';
  const family = input.media.containerFamily;
  if (family === 'mxf' || family === 'mov' || family === 'mpegts') return family;
  return 'mp4';
}

/**
 * Masters whose broadcast clips this engine cannot make exact, refused at request time rather than
 * delivered wrong: MPEG-2 video in MPEG-TS (its open GOPs would need the elementary-stream fix-up
 * that only the MXF path does).
 */
function refuseUnsupported(input: ClipPlanInput): void {
  const { media, profile } = input;
  if (profile === 'broadcast' && media.containerFamily === 'mpegts' && media.video.codec === 'mpeg2video') {
    throw new ClipPlanError(
      'CLIP_UNSUPPORTED',
      'MPEG-2 video in MPEG-TS cannot be cut exactly in the broadcast profile: choose the web profile',
    );
  }
}

/** Plans a clip. Throws ClipPlanError on an invalid range or index, or a master it cannot cut. */
export function planClip(input: ClipPlanInput): ClipPlan {
  validate(input);
  refuseUnsupported(input);
  const { inFrame, outFrame, profile, index, media } = input;
  const video = videoPlan(input);
  const format: TimecodeFormat = { rate: index.frameRate, dropFrame: media.dropFrame };
  return {
    inFrame,
    outFrame,
    frameCount: outFrame - inFrame,
    profile,
    method: video.method,
    reason: video.reason,
    sourceCodec: media.video.codec,
    outputCodec: profile === 'web' ? 'h264' : media.video.codec,
    container: outputContainer(input),
    parts: video.parts,
    audio: audioPlan(input),
    frameRate: { ...index.frameRate },
    timeBase: { ...index.timeBase },
    firstPts: index.firstPts,
    videoStreamIndex: media.video.index,
    startTimecode: frameToTimecode(inFrame, media.startTimecode, format),
    durationSeconds: ((outFrame - inFrame) * index.frameRate.den) / index.frameRate.num,
  };
}
