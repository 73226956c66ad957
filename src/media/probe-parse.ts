/**
 * Pure translation of ffprobe's JSON (`-show_format -show_streams -count_packets`) into MediaInfo,
 * with the refusals that need no further reading (not media, no video, truncated). Unit-tested from
 * JSON fixtures; `probe.ts` runs ffprobe.
 */
import { acceptedDemuxer } from '../platform/ffmpeg/input.ts';
import { MediaError, stderrSaysTruncated } from './probe-errors.ts';
import type { AudioStreamInfo, FieldOrder, MediaInfo, Rational, ScanType, VideoStreamInfo } from './types.ts';

/** The subset of ffprobe's stream object we read. */
export interface FfprobeStream {
  index: number;
  codec_name?: string;
  codec_type?: string;
  codec_tag_string?: string;
  profile?: string;
  level?: number;
  pix_fmt?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  time_base?: string;
  field_order?: string;
  color_primaries?: string;
  color_transfer?: string;
  color_space?: string;
  color_range?: string;
  bit_rate?: string;
  has_b_frames?: number;
  nb_frames?: string;
  nb_read_packets?: string;
  duration?: string;
  sample_rate?: string;
  channels?: number;
  channel_layout?: string;
  sample_fmt?: string;
  bits_per_sample?: number;
  bits_per_raw_sample?: string;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
}

export interface FfprobeFormat {
  format_name?: string;
  duration?: string;
  size?: string;
  bit_rate?: string;
  tags?: Record<string, string>;
}

export interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: FfprobeFormat;
}

/** Formats ffmpeg opens that are not moving pictures (still images, text rendered as video). */
const NOT_VIDEO_FORMATS = /(^|,)(image2|tty|[a-z0-9]+_pipe|gif|webp|apng|lavfi)(,|$)/;
const STILL_CODECS = new Set([
  'mjpeg',
  'png',
  'bmp',
  'gif',
  'webp',
  'tiff',
  'ansi',
  'bintext',
  'xbin',
  'idf',
]);

/** Standard broadcast rates that imprecise container rates are snapped to. */
const STANDARD_RATES: Rational[] = [
  { num: 24000, den: 1001 },
  { num: 24, den: 1 },
  { num: 25, den: 1 },
  { num: 30000, den: 1001 },
  { num: 30, den: 1 },
  { num: 48, den: 1 },
  { num: 50, den: 1 },
  { num: 60000, den: 1001 },
  { num: 60, den: 1 },
];

export function parseRational(text: string | undefined): Rational | null {
  if (!text) return null;
  const [n, d] = text.split('/');
  const num = Number(n);
  const den = d === undefined ? 1 : Number(d);
  if (!Number.isFinite(num) || !Number.isFinite(den) || num <= 0 || den <= 0) return null;
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y) [x, y] = [y, x % y];
  return x || 1;
}

/** A rate within 0.1 % of a standard one becomes exactly that one (29.97 → 30000/1001). */
export function snapFrameRate(rate: Rational): Rational {
  const value = rate.num / rate.den;
  for (const standard of STANDARD_RATES) {
    const s = standard.num / standard.den;
    if (Math.abs(value - s) / s < 0.001) return standard;
  }
  return rate;
}

/**
 * Frames (not fields) per second. avg_frame_rate is the frame rate for interlaced streams whose
 * r_frame_rate counts fields (H.264 PAFF in TS); r_frame_rate when avg is missing.
 */
export function videoFrameRate(stream: FfprobeStream): Rational | null {
  const avg = parseRational(stream.avg_frame_rate);
  const real = parseRational(stream.r_frame_rate);
  const rate = avg ?? real;
  return rate ? snapFrameRate(rate) : null;
}

export function scanFromFieldOrder(fieldOrder: string | undefined): {
  scan: ScanType;
  fieldOrder: FieldOrder;
} {
  switch (fieldOrder) {
    case 'progressive':
      return { scan: 'progressive', fieldOrder: 'progressive' };
    // tt: top coded and displayed first; bt: bottom coded first, top displayed first.
    case 'tt':
    case 'bt':
      return { scan: 'interlaced', fieldOrder: 'tff' };
    case 'bb':
    case 'tb':
      return { scan: 'interlaced', fieldOrder: 'bff' };
    default:
      return { scan: 'progressive', fieldOrder: 'unknown' };
  }
}

/** Normalises a timecode tag to HH:MM:SS:FF or HH:MM:SS;FF (drop frame), or null when malformed. */
export function normaliseTimecode(text: string | undefined): { timecode: string; dropFrame: boolean } | null {
  const match = /^\s*(\d{1,2}):(\d{2}):(\d{2})([:;.,])(\d{2,3})\s*$/.exec(text ?? '');
  if (!match) return null;
  const [, hh, mm, ss, sep, ff] = match;
  const dropFrame = sep === ';' || sep === ',';
  const timecode = `${hh!.padStart(2, '0')}:${mm}:${ss}${dropFrame ? ';' : ':'}${ff!.padStart(2, '0')}`;
  return { timecode, dropFrame };
}

/**
 * Start timecode: the video stream's tag, then a timecode (tmcd/data) stream's tag, then the
 * format's (MXF material package). 00:00:00:00 when none.
 */
export function findStartTimecode(
  output: FfprobeOutput,
  video: FfprobeStream,
): { timecode: string; dropFrame: boolean } {
  const candidates = [
    video.tags?.timecode,
    ...(output.streams ?? []).filter((s) => s.codec_type === 'data').map((s) => s.tags?.timecode),
    ...(output.streams ?? []).map((s) => s.tags?.timecode),
    output.format?.tags?.timecode,
  ];
  for (const candidate of candidates) {
    const parsed = normaliseTimecode(candidate);
    if (parsed) return parsed;
  }
  return { timecode: '00:00:00:00', dropFrame: false };
}

export function containerFamily(format: FfprobeFormat): MediaInfo['containerFamily'] {
  const name = format.format_name ?? '';
  if (name === 'mxf') return 'mxf';
  if (name === 'mpegts') return 'mpegts';
  if (name.startsWith('mov,mp4')) {
    const brand = (format.tags?.major_brand ?? '').trim();
    return brand === 'qt' ? 'mov' : 'mp4';
  }
  return 'other';
}

function num(text: string | number | undefined): number | null {
  if (text === undefined || text === 'N/A') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function known(text: string | undefined): string | null {
  return text && text !== 'unknown' && text !== 'N/A' ? text : null;
}

/** The main video stream: the first video stream that is not cover art. */
export function pickVideoStream(output: FfprobeOutput): FfprobeStream | null {
  return (output.streams ?? []).find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic) ?? null;
}

function videoInfo(stream: FfprobeStream, frameRate: Rational): VideoStreamInfo {
  const { scan, fieldOrder } = scanFromFieldOrder(stream.field_order);
  const level = num(stream.level);
  return {
    index: stream.index,
    codec: stream.codec_name ?? 'unknown',
    profile: known(stream.profile),
    level: level !== null && level >= 0 ? level : null,
    pixFmt: known(stream.pix_fmt),
    width: stream.width ?? 0,
    height: stream.height ?? 0,
    frameRate,
    timeBase: parseRational(stream.time_base) ?? { num: 1, den: 90000 },
    scan,
    fieldOrder,
    colorPrimaries: known(stream.color_primaries),
    colorTransfer: known(stream.color_transfer),
    colorSpace: known(stream.color_space),
    colorRange: known(stream.color_range),
    bitrate: num(stream.bit_rate),
    hasBFrames: (stream.has_b_frames ?? 0) > 0,
    gopSize: null,
  };
}

function audioInfo(stream: FfprobeStream): AudioStreamInfo {
  const channels = stream.channels ?? 0;
  const bits = num(stream.bits_per_raw_sample) || num(stream.bits_per_sample) || null;
  const language = known(stream.tags?.language === 'und' ? undefined : stream.tags?.language);
  const title = known(stream.tags?.title ?? stream.tags?.handler_name);
  return {
    index: stream.index,
    codec: stream.codec_name ?? 'unknown',
    profile: known(stream.profile),
    sampleRate: num(stream.sample_rate) ?? 0,
    channels,
    // MXF and MOV often leave a mono track's layout unset.
    channelLayout: known(stream.channel_layout) ?? (channels === 1 ? 'mono' : null),
    sampleFormat: known(stream.sample_fmt),
    bitsPerSample: bits,
    bitrate: num(stream.bit_rate),
    // Only when declared: stored facts of masters ingested before stay as they were.
    ...(language ? { language } : {}),
    ...(title ? { title } : {}),
  };
}

/**
 * MediaInfo from ffprobe's JSON with packet counts. `stderr` is ffprobe's error output of the same
 * run (used to see read errors). Throws MediaError (not_media, no_video, truncated).
 * With `counted: false` (JSON without packet counts) durationFrames is estimated from the declared
 * duration and truncation is not checked: for starting the preview early, never for storing.
 */
export function parseProbeOutput(
  output: FfprobeOutput,
  stderr = '',
  options: { counted?: boolean } = {},
): MediaInfo {
  const format = output.format;
  if (!format || !output.streams?.length) throw new MediaError('not_media', 'no streams');
  if (NOT_VIDEO_FORMATS.test(format.format_name ?? '')) {
    throw new MediaError('not_media', `format ${format.format_name}`);
  }
  // Only the containers the portal reads masters in (playlists and scripts that name other files
  // never get this far: the probe's format whitelist refuses them; this keeps it so).
  if (!acceptedDemuxer(format.format_name)) {
    throw new MediaError('not_media', `format ${format.format_name} not accepted`);
  }
  const video = pickVideoStream(output);
  if (!video) throw new MediaError('no_video', 'no video stream');
  if (STILL_CODECS.has(video.codec_name ?? '') && (num(video.nb_read_packets) ?? 0) <= 1) {
    throw new MediaError('not_media', `still image (${video.codec_name})`);
  }
  const frameRate = videoFrameRate(video);
  if (!frameRate) throw new MediaError('not_media', 'video stream without a frame rate');
  let counted: number;
  if (options.counted === false) {
    // Header-only probe: an estimate from the declared duration, to start work early.
    const seconds = num(video.duration) ?? num(format.duration) ?? 0;
    counted = Math.round((seconds * frameRate.num) / frameRate.den);
  } else {
    counted = num(video.nb_read_packets) ?? 0;
    if (counted === 0) throw new MediaError('truncated', 'video stream has no packets');
    checkComplete(video, format, frameRate, counted, stderr);
  }

  const { timecode, dropFrame } = findStartTimecode(output, video);
  const durationFrames = counted;
  return {
    container: format.format_name ?? 'unknown',
    containerFamily: containerFamily(format),
    sizeBytes: num(format.size) ?? 0,
    bitrate: num(format.bit_rate),
    durationSeconds: num(format.duration) ?? (durationFrames * frameRate.den) / frameRate.num,
    durationFrames,
    startTimecode: timecode,
    dropFrame,
    video: videoInfo(video, frameRate),
    audio: output.streams.filter((s) => s.codec_type === 'audio').map(audioInfo),
  };
}

/**
 * Truncation: ffprobe reported reading past the data, or the container's own frame count or
 * duration promises clearly more frames than could be read.
 */
function checkComplete(
  video: FfprobeStream,
  format: FfprobeFormat,
  frameRate: Rational,
  counted: number,
  stderr: string,
): void {
  if (stderrSaysTruncated(stderr)) {
    throw new MediaError('truncated', `read error: ${stderr.trim().split('\n').at(-1) ?? ''}`);
  }
  // A transport stream is a whole number of 188-byte packets (192 for M2TS): a cut one is not.
  const size = num(format.size);
  if (format.format_name === 'mpegts' && size !== null && size % 188 !== 0 && size % 192 !== 0) {
    throw new MediaError('truncated', `transport stream of ${size} bytes ends mid-packet`);
  }
  const declared = num(video.nb_frames);
  if (declared !== null && declared > counted) {
    throw new MediaError('truncated', `index lists ${declared} frames, file holds ${counted}`);
  }
  const seconds = num(video.duration) ?? num(format.duration);
  if (seconds !== null && seconds > 0) {
    const expected = (seconds * frameRate.num) / frameRate.den;
    // Leave room for containers that round durations and for field-coded streams.
    if (counted < expected - Math.max(3, expected * 0.02)) {
      throw new MediaError('truncated', `duration says ${expected.toFixed(1)} frames, file holds ${counted}`);
    }
  }
}
