/**
 * ffmpeg argument arrays for executing a clip plan (pure: built here, run by smartcut.ts through
 * the ffmpeg adapter). Times are derived from the plan (stored keyframe index), never probed.
 */
import type { Keyframe } from '../../media/public.ts';
import { masterInputArgs } from '../../platform/ffmpeg/input.ts';
import type { AudioCut, ClipPlan, CopyPart, EncodePart } from './plan.ts';

/** Seconds as ffmpeg reads them: microseconds, rounded (ffmpeg truncates beyond 6 digits). */
export function secondsArg(seconds: number): string {
  return (Math.round(seconds * 1e6) / 1e6).toFixed(6);
}

/** Time of a timestamp relative to the master's first frame. */
export function relativeSeconds(plan: ClipPlan, ts: number): number {
  return ((ts - plan.firstPts) * plan.timeBase.num) / plan.timeBase.den;
}

/**
 * Input options seeking to a stream timestamp. `-seek_timestamp 1` makes `-ss` an absolute time,
 * so the container's start time (MPEG-TS, audio starting first) does not shift it.
 */
export function seekArgs(plan: ClipPlan, ts: number): string[] {
  return ['-seek_timestamp', '1', '-ss', secondsArg(absoluteSeconds(plan, ts))];
}

/** Absolute time of a timestamp (the concat demuxer compares inpoint/outpoint with packet times). */
export function absoluteSeconds(plan: ClipPlan, ts: number): number {
  return (ts * plan.timeBase.num) / plan.timeBase.den;
}

export function frameSeconds(plan: ClipPlan, frames: number): number {
  return (frames * plan.frameRate.den) / plan.frameRate.num;
}

/** Time-base units per frame. */
export function unitsPerFrame(plan: ClipPlan): number {
  return (plan.timeBase.den * plan.frameRate.den) / (plan.timeBase.num * plan.frameRate.num);
}

export function frameRateArg(plan: ClipPlan): string {
  return `${plan.frameRate.num}/${plan.frameRate.den}`;
}

/**
 * Where a re-encoded part's pictures come from: the master, seeking exactly to a keyframe that
 * decodes alone (accurate seek drops its leading pictures); or an H.264 elementary stream on
 * standard input (h264-feed.ts) whose first `leading` pictures are references shown before the part.
 */
/** Input options reading the master in its probed format (`MediaInfo.container`), when given. */
export function masterFormatArgs(masterFormat: string | undefined): string[] {
  return masterFormat ? masterInputArgs(masterFormat) : [];
}

export type PartSource = ({ masterPath: string; masterFormat?: string } | { fedLeading: number }) & {
  /** Decoder threads (ffmpeg's default: one per core, and one more). */
  decoderThreads?: number;
};

/** Re-encodes display frames [start, end) of the master, counting frames, re-timed from 0. */
export function encodePartArgs(
  plan: ClipPlan,
  part: EncodePart,
  source: PartSource,
  encoderArgs: readonly string[],
  muxer: string,
  outputPath: string,
  /** Filters after the frame selection (e.g. deinterlacing for the web profile). */
  extraFilters: readonly string[] = [],
): string[] {
  const fed = 'fedLeading' in source;
  const skip = fed ? source.fedLeading : part.startFrame - part.decodeFrom.frame;
  const count = part.endFrame - part.startFrame;
  const filters = [
    `trim=start_frame=${skip}:end_frame=${skip + count}`,
    // An elementary stream has no timestamps of its own: number the frames.
    fed ? 'setpts=N/(FRAME_RATE*TB)' : 'setpts=PTS-STARTPTS',
    ...extraFilters,
  ];
  const threads = source.decoderThreads ? ['-threads', String(source.decoderThreads)] : [];
  const input = fed
    ? [...threads, '-f', 'h264', '-framerate', frameRateArg(plan), '-i', 'pipe:0', '-map', '0:v:0']
    : [
        ...threads,
        ...seekArgs(plan, part.decodeFrom.pts),
        ...masterFormatArgs(source.masterFormat),
        '-i',
        source.masterPath,
        '-map',
        `0:${plan.videoStreamIndex}`,
      ];
  return [
    ...['-v', 'error', '-y'],
    ...input,
    ...['-an', '-sn', '-dn', '-vf', filters.join(',')],
    ...['-frames:v', String(count), '-fps_mode', 'passthrough'],
    ...encoderArgs,
    ...['-f', muxer, outputPath],
  ];
}

/**
 * Extracts the copied stretch of an MPEG-2 master as an elementary stream: from the first copied
 * I-frame, `packetCount` packets in decode order, the open GOP's leading B-frames dropped.
 */
export function mpeg2CopyArgs(
  plan: ClipPlan,
  part: CopyPart,
  masterPath: string,
  outputPath: string,
  packets = part.packetCount,
  masterFormat?: string,
): string[] {
  const drop = part.dropLeading > 0 ? ['-bsf:v', 'noise=drop=lt(pts\\,0)'] : [];
  return [
    ...['-v', 'error', '-y'],
    ...seekArgs(plan, part.fromKeyframe.pts),
    ...masterFormatArgs(masterFormat),
    ...['-i', masterPath],
    ...['-map', `0:${plan.videoStreamIndex}`, '-c:v', 'copy', ...drop],
    // -frames counts packets written, after the bitstream filter dropped the leading pictures.
    ...['-frames:v', String(packets - part.dropLeading), '-f', 'mpeg2video', outputPath],
  ];
}

export type ConcatEntry =
  | { kind: 'file'; path: string; frames: number }
  | { kind: 'copy'; part: CopyPart }
  /** Master packets from `from` (its pts) to `until` (its dts); `frames` display slots. */
  | { kind: 'master'; from: Keyframe; until: Keyframe | null; frames: number };

function quote(path: string): string {
  return `'${path.replace(/'/g, "'\\''")}'`;
}

/**
 * ffconcat list joining re-encoded parts and the master's copied stretch. Every entry states its
 * duration (frames / rate), so parts follow one another exactly; the copy starts at its keyframe's
 * presentation time and ends at the next keyframe's decode time (docs/smart-cut.md, trap 3).
 */
export function concatList(plan: ClipPlan, masterPath: string, entries: readonly ConcatEntry[]): string {
  const lines = ['ffconcat version 1.0'];
  for (const entry of entries) {
    if (entry.kind === 'file') {
      lines.push(`file ${quote(entry.path)}`, `duration ${secondsArg(frameSeconds(plan, entry.frames))}`);
      continue;
    }
    const { from, until, frames, endPrefix } =
      entry.kind === 'master'
        ? { ...entry, endPrefix: 0 }
        : {
            from: entry.part.fromKeyframe,
            until: entry.part.untilKeyframe,
            frames: entry.part.endFrame - entry.part.startFrame,
            endPrefix: entry.part.endPrefix,
          };
    lines.push(`file ${quote(masterPath)}`);
    lines.push(`inpoint ${secondsArg(absoluteSeconds(plan, from.pts))}`);
    if (until) {
      // After endPrefix more packets (decode times one frame apart): half a frame before the next.
      const end = (until.dts ?? until.pts) + (endPrefix > 0 ? (endPrefix - 0.5) * unitsPerFrame(plan) : 0);
      lines.push(`outpoint ${secondsArg(absoluteSeconds(plan, end))}`);
    }
    lines.push(`duration ${secondsArg(frameSeconds(plan, frames))}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Samples per coded frame of the audio codecs that are copied rather than decoded. */
export function codedFrameSamples(codec: string): number {
  if (codec === 'mp2' || codec === 'mp3') return 1152;
  if (codec === 'ac3' || codec === 'eac3') return 1536;
  return 1024;
}

export interface AudioArgs {
  /** Inputs (after the video input, which is input 0). */
  inputs: string[];
  filters: string[];
  maps: string[];
  codecs: string[];
  /** PCM is copied as whole packets (one a video frame) rather than decoded and trimmed. */
  pcmPacketsCopied: boolean;
}

/**
 * Audio cut once for the whole range from the master (input 1), by sample position:
 * - pcm / encode: accurate seek to a keyframe time before the in-point, then `atrim` by samples;
 * - copy-frames (AAC): the coded frames overlapping the range, shifted so the in-sample is at 0
 *   (the MP4 muxer records the offset into the first frame as an edit);
 * - pcm with `pcmFramePackets` (every PCM stream one video frame per packet, from the first frame;
 *   pcm-frame-packets.ts): the packets of the range's frames copied the same way, sample-exact.
 */
export function audioArgs(
  plan: ClipPlan,
  masterPath: string,
  pcmCodecFor: (cut: AudioCut) => string,
  /** Index of the master's input among the command's inputs. */
  input = 1,
  pcmFramePackets = false,
  /** The master's probed format_name: read in that format only, when given. */
  masterFormat?: string,
  /**
   * Samples each stream of the master holds from its first picture, as its container declares
   * (execute/master-audio.ts; null or absent: unknown): decoded sound is trimmed there.
   */
  available: readonly (number | null)[] = [],
): AudioArgs {
  const result: AudioArgs = { inputs: [], filters: [], maps: [], codecs: [], pcmPacketsCopied: false };
  if (plan.audio.length === 0) return result;
  const first = plan.parts[0]!;
  const seekKeyframe = first.kind === 'encode' ? first.decodeFrom : first.fromKeyframe;
  // Relative to the first video frame (audio sample 0), and as seek arguments (absolute).
  const seek = relativeSeconds(plan, seekKeyframe.pts);
  const inSeconds = frameSeconds(plan, plan.inFrame);
  const packetsCopied =
    pcmFramePackets && plan.audio.every((a) => a.method === 'pcm' && pcmCodecFor(a) === a.codec);
  result.pcmPacketsCopied = packetsCopied;
  /** Samples per copied packet (the coded frame, or the video frame's PCM); 0 when decoded. */
  const copiedSamples = (cut: AudioCut): number => {
    if (cut.method === 'copy-frames') return codedFrameSamples(cut.codec);
    return packetsCopied ? (cut.sampleRate * plan.frameRate.den) / plan.frameRate.num : 0;
  };
  const copyFrames = plan.audio.some((a) => copiedSamples(a) > 0);
  const offset = copyFrames ? ['-itsoffset', secondsArg(seek - inSeconds)] : [];
  // Stop reading the master soon after the range (copied frames are timed from the in-point once
  // shifted; decoded audio from the seek point); without it the rest of the file is demuxed.
  const margin = 0.1;
  const limit = copyFrames ? plan.durationSeconds + margin : inSeconds - seek + plan.durationSeconds + margin;
  result.inputs.push(
    ...seekArgs(plan, seekKeyframe.pts),
    ...offset,
    '-t',
    secondsArg(limit),
    ...masterFormatArgs(masterFormat),
    '-i',
    masterPath,
  );
  plan.audio.forEach((cut, n) => {
    if (copiedSamples(cut) > 0) {
      // Keep the coded frames that overlap [0, duration): times in seconds (pts*tb), so the
      // stream's time base (1/48000 in MP4, 1/90000 in MPEG-TS) does not matter.
      result.maps.push('-map', `${input}:${cut.streamIndex}`);
      const frame = copiedSamples(cut) / cut.sampleRate;
      const half = 0.5 / cut.sampleRate;
      const end = cut.sampleCount / cut.sampleRate;
      const drop = `lte(pts*tb\\,${(half - frame).toFixed(9)})+gte(pts*tb\\,${(end - half).toFixed(9)})`;
      result.codecs.push(`-c:a:${n}`, 'copy', `-bsf:a:${n}`, `noise=drop=${drop}`);
      return;
    }
    const skip = cut.startSample - Math.round(seek * cut.sampleRate);
    const label = `a${n}`;
    const count = Math.max(
      0,
      Math.min(cut.sampleCount, (available[n] ?? Number.POSITIVE_INFINITY) - cut.startSample),
    );
    result.filters.push(
      `[${input}:${cut.streamIndex}]atrim=start_sample=${skip}:end_sample=${skip + count},` +
        `asetpts=PTS-STARTPTS[${label}]`,
    );
    result.maps.push('-map', `[${label}]`);
    if (cut.method === 'pcm') result.codecs.push(`-c:a:${n}`, pcmCodecFor(cut));
    else result.codecs.push(`-c:a:${n}`, 'aac', `-b:a:${n}`, cut.channels > 1 ? '192k' : '128k');
  });
  return result;
}

function withAudio(audio: AudioArgs): string[] {
  return [
    ...(audio.filters.length ? ['-filter_complex', audio.filters.join(';')] : []),
    ...audio.maps,
    ...audio.codecs,
  ];
}

/** The audio of the clip alone, in the clip's container (joined with the video by mp4-join.ts). */
export function audioOnlyArgs(audio: AudioArgs, muxer: string, outputPath: string): string[] {
  return ['-v', 'error', '-y', ...audio.inputs, ...withAudio(audio), '-f', muxer, outputPath];
}

/** Joins MP4/MOV parts and the copied stretch in one pass with the audio (concat demuxer). */
export function concatJoinArgs(
  plan: ClipPlan,
  listPath: string,
  audio: AudioArgs,
  options: {
    inBandParameterSets: boolean;
    declareAvc3: boolean;
    muxer: string;
    outputPath: string;
    /** An entry of the list is `pipe:0` (the concat demuxer allows only files unless told). */
    standardInput?: boolean;
    /**
     * The video bit rate the container declares (the master's): a stream copy knows none of its
     * own, and ffmpeg's MXF muxer writes the descriptor's BitRate from it (0 otherwise, and
     * mediainfo then no longer reads the clip as XDCAM HD422). Absent: none set.
     */
    videoBitRate?: number | null;
  },
): string[] {
  return [
    ...['-v', 'error', '-y'],
    ...['-f', 'concat', '-safe', '0', '-auto_convert', options.inBandParameterSets ? '1' : '0'],
    ...(options.standardInput ? ['-protocol_whitelist', 'file,pipe'] : []),
    ...['-i', listPath, ...audio.inputs],
    ...['-map', '0:v:0', '-c:v', 'copy'],
    ...(options.videoBitRate ? ['-b:v', String(options.videoBitRate)] : []),
    ...(options.declareAvc3 ? ['-tag:v', 'avc3'] : []),
    ...withAudio(audio),
    ...['-timecode', plan.startTimecode, '-f', options.muxer, options.outputPath],
  ];
}

/**
 * Joins MPEG-2 elementary streams at the bitstream level into MXF with the audio: one input that is
 * the whole bitstream (`pipe:0` fed by the executor, or files through the concat protocol).
 */
export function mxfJoinArgs(
  plan: ClipPlan,
  esPaths: readonly string[],
  audio: AudioArgs,
  outputPath: string,
): string[] {
  return [
    ...['-v', 'error', '-y'],
    ...['-f', 'mpegvideo', '-framerate', frameRateArg(plan)],
    ...['-i', esPaths.length === 1 ? esPaths[0]! : `concat:${esPaths.join('|')}`],
    ...audio.inputs,
    ...['-map', '0:v:0', '-c:v', 'copy'],
    ...withAudio(audio),
    ...['-timecode', plan.startTimecode, '-f', 'mxf', outputPath],
  ];
}
