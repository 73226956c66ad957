/** The shapes of a clip plan (see plan.ts, which makes them). */
import type { Keyframe, KeyframeIndex, MediaInfo } from '../../media/public.ts';

export type ClipProfile = 'broadcast' | 'web';

export type ClipPlanErrorCode =
  | 'CLIP_RANGE_INVALID'
  | 'CLIP_RANGE_EMPTY'
  | 'CLIP_RANGE_OUT_OF_BOUNDS'
  | 'CLIP_INDEX_INVALID'
  | 'CLIP_PROFILE_INVALID'
  /** A master this engine cannot cut exactly in the profile asked for (refused before any work). */
  | 'CLIP_UNSUPPORTED';

export class ClipPlanError extends Error {
  constructor(
    readonly code: ClipPlanErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ClipPlanError';
  }
}

/**
 * - `copy`: every frame of the range is a keyframe (intra-only codec): pure stream copy, exact.
 * - `smart`: head/tail re-encoded with matched settings, the rest copied.
 * - `reencode`: the whole range re-encoded (codec cannot be smart-cut, range inside one GOP, web
 *   profile from a non-H.264 master).
 */
export type ClipMethod = 'copy' | 'smart' | 'reencode';

export interface EncodePart {
  kind: 'encode';
  /** Display-order frames [startFrame, endFrame) of the master. */
  startFrame: number;
  endFrame: number;
  /** Keyframe the decoder starts from (a point that decodes alone, at or before startFrame). */
  decodeFrom: Keyframe;
}

export interface CopyPart {
  kind: 'copy';
  /** Display-order frames [startFrame, endFrame) copied bit-identically. */
  startFrame: number;
  endFrame: number;
  /** Keyframe at startFrame: copying starts with its packet. */
  fromKeyframe: Keyframe;
  /** Keyframe whose packet (in decode order) ends the copy; null copies to the end of the stream. */
  untilKeyframe: Keyframe | null;
  /**
   * The keyframe after fromKeyframe when it is before untilKeyframe (null when the copy is one GOP),
   * with its leading pictures: the copy from there on needs no fix-up.
   */
  nextKeyframe: Keyframe | null;
  nextLeading: number;
  /**
   * Packets of untilKeyframe's GOP copied after it (one of its prefixEnds; 0: the copy stops before
   * untilKeyframe): they display exactly its first endPrefix frames, so the tail re-encodes only the
   * few frames after them (H.264).
   */
  endPrefix: number;
  /** Packets copied from fromKeyframe (decode order), leading pictures and endPrefix included. */
  packetCount: number;
  /**
   * Leading pictures of fromKeyframe (open GOP) that follow it in decode order but are displayed
   * before startFrame: dropped from the copy (they are re-encoded in the head); for MPEG-2 the GOP
   * header is then marked closed and temporal_reference renumbered.
   */
  dropLeading: number;
}

export type VideoPart = EncodePart | CopyPart;

export type AudioCutMethod = 'pcm' | 'copy-frames' | 'encode';

export interface AudioCut {
  /** Stream index in the master. */
  streamIndex: number;
  codec: string;
  sampleRate: number;
  channels: number;
  /** First sample of the range (sample 0 = the master's first video frame time). */
  startSample: number;
  sampleCount: number;
  /** pcm: decoded and trimmed to the sample (lossless); copy-frames: coded frames copied; encode: web. */
  method: AudioCutMethod;
  /** True when the sample count is exact (PCM, or encoded); false for copied coded frames (AAC: 1024). */
  exact: boolean;
}

export interface ClipPlan {
  inFrame: number;
  outFrame: number;
  frameCount: number;
  profile: ClipProfile;
  method: ClipMethod;
  /** Why this method: shown to the user with the clip. */
  reason: string;
  sourceCodec: string;
  /** Video codec of the clip (ffprobe codec_name). */
  outputCodec: string;
  /** Container of the clip: the master's family for broadcast, mp4 for web. */
  container: 'mxf' | 'mov' | 'mp4' | 'mpegts';
  /** Video parts in display order; they cover [inFrame, outFrame) without gaps. */
  parts: VideoPart[];
  audio: AudioCut[];
  frameRate: { num: number; den: number };
  /** The index's time base and first pts: turn keyframe pts/dts into seek times. */
  timeBase: { num: number; den: number };
  firstPts: number;
  /** Video stream index in the master. */
  videoStreamIndex: number;
  /** Timecode of the clip's first frame (the in-frame's timecode in the master). */
  startTimecode: string;
  durationSeconds: number;
}

export interface ClipPlanInput {
  index: KeyframeIndex;
  media: Pick<MediaInfo, 'containerFamily' | 'startTimecode' | 'dropFrame' | 'video' | 'audio'>;
  inFrame: number;
  outFrame: number;
  profile: ClipProfile;
}

/** Codecs whose frames are all keyframes: a cut on any frame is a pure stream copy. */
