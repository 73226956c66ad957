/** What ingest records about a master: the facts a clip needs without reading the file again. */

export interface Rational {
  num: number;
  den: number;
}

export type ScanType = 'progressive' | 'interlaced';
export type FieldOrder = 'progressive' | 'tff' | 'bff' | 'unknown';

export interface VideoStreamInfo {
  /** ffprobe stream index in the master. */
  index: number;
  codec: string; // ffprobe codec_name: h264, mpeg2video, prores, dnxhd…
  profile: string | null;
  level: number | null;
  pixFmt: string | null;
  width: number;
  height: number;
  /** Frames (not fields) per second: 1080i50 is 25/1. */
  frameRate: Rational;
  timeBase: Rational;
  scan: ScanType;
  fieldOrder: FieldOrder;
  colorPrimaries: string | null;
  colorTransfer: string | null;
  colorSpace: string | null;
  colorRange: string | null;
  bitrate: number | null;
  /** Whether the stream has B-frames (ffprobe has_b_frames > 0). */
  hasBFrames: boolean;
  /** GOP-level details when known: closed GOP, max GOP length in frames. */
  gopSize: number | null;
}

export interface AudioStreamInfo {
  index: number;
  codec: string; // pcm_s24le, aac…
  profile: string | null;
  sampleRate: number;
  channels: number;
  channelLayout: string | null;
  sampleFormat: string | null;
  bitsPerSample: number | null;
  bitrate: number | null;
  /** Language tag (ISO 639, 'und' left out) and the stream's title or handler name, when declared. */
  language?: string | null;
  title?: string | null;
}

export interface MediaInfo {
  /** ffprobe format_name, e.g. "mxf", "mov,mp4,m4a,3gp,3g2,mj2", "mpegts". */
  container: string;
  /** Normalised container family used to choose muxers: mxf, mov, mp4, mpegts. */
  containerFamily: 'mxf' | 'mov' | 'mp4' | 'mpegts' | 'other';
  sizeBytes: number;
  bitrate: number | null;
  durationSeconds: number;
  /** Frames in the video stream (display order), counted, not estimated. */
  durationFrames: number;
  /** SMPTE start timecode of the first frame, "HH:MM:SS:FF" or "HH:MM:SS;FF"; 00:00:00:00 when none. */
  startTimecode: string;
  dropFrame: boolean;
  video: VideoStreamInfo;
  audio: AudioStreamInfo[];
}

/** One keyframe of the master's video stream, as the keyframe index stores it. */
export interface Keyframe {
  /** Display-order frame number from the master's first frame (0-based). */
  frame: number;
  /** Presentation timestamp in the stream's time base. */
  pts: number;
  /** Decode timestamp in the stream's time base (null when the container has none). */
  dts: number | null;
  /** Byte position of the packet in the file (null when unknown). */
  pos: number | null;
  /**
   * True when frames that follow this keyframe in decode order but precede it in display order
   * (leading B-frames) reference the previous GOP: a copy cannot start cleanly here without
   * dropping or re-encoding them. H.264 IDR and MPEG-2 closed GOPs are false.
   */
  openGop: boolean;
  /**
   * Lengths n (0 < n < GOP length) for which this GOP's first n packets in decode order display
   * exactly its first n frames, with decode times one frame apart: a copy can stop after them
   * (no frame before the cut references one after it). Absent for open GOPs, uneven decode times,
   * and indexes built before it existed.
   */
  prefixEnds?: number[];
  /**
   * True for an H.264 keyframe that is not an IDR picture (a recovery point, as x264 writes with
   * open GOPs and at scene cuts): decoding does not restart there (picture order counts and the
   * reference buffer carry on), so a copy cannot start at it after re-encoded pictures. Absent:
   * an IDR, another codec, or not known (indexes built before it existed).
   */
  nonIdr?: boolean;
}

export interface KeyframeIndex {
  timeBase: Rational;
  frameRate: Rational;
  /** Total frames of the video stream, display order. */
  totalFrames: number;
  /** pts of display frame 0, in the time base. */
  firstPts: number;
  /** Sorted by frame. */
  keyframes: Keyframe[];
}
