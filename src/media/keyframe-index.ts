/**
 * Builds the keyframe index of a master's video stream from ffprobe's packet list (no decoding),
 * streamed line by line so multi-GB masters never sit in one string.
 */
import { stat } from 'node:fs/promises';
import { masterInputArgs } from '../platform/ffmpeg/input.ts';
import { type RunOptions, streamFfprobeLines } from '../platform/ffmpeg/run.ts';
import { markNonIdrKeyframes } from './keyframe-idr.ts';
import { KeyframeIndexBuilder } from './keyframe-parse.ts';
import type { KeyframeIndex, MediaInfo } from './types.ts';

export { KeyframeIndexBuilder, maxGopLength, parseKeyframeCsv } from './keyframe-parse.ts';
export { normaliseStreamTimes, type StreamTimeOptions, unwrapTimestamps } from './keyframe-time.ts';

export interface KeyframeIndexOptions extends Pick<RunOptions, 'signal' | 'timeoutMs'> {
  /** Fraction of the file read, 0..1 (from packet byte positions), at most every ~1 %. */
  onProgress?: (fraction: number) => void;
}

/**
 * ffprobe arguments listing one stream's packets (pure; `path` last), reading the master in the
 * format its probe detected (`formatName`, MediaInfo.container) when given.
 */
export function keyframeIndexArgs(path: string, streamIndex: number, formatName?: string): string[] {
  return [
    ...['-select_streams', String(streamIndex)],
    ...['-show_entries', 'packet=pts,dts,pos,flags', '-of', 'csv=p=0'],
    ...(formatName ? masterInputArgs(formatName) : []),
    path,
  ];
}

export async function buildKeyframeIndex(
  path: string,
  info: Pick<MediaInfo, 'video'> & Partial<Pick<MediaInfo, 'container' | 'containerFamily'>>,
  options: KeyframeIndexOptions = {},
): Promise<KeyframeIndex> {
  const { size } = await stat(path);
  const builder = new KeyframeIndexBuilder();
  let reported = 0;
  await streamFfprobeLines(
    keyframeIndexArgs(path, info.video.index, info.container),
    (line) => {
      builder.pushLine(line);
      if (options.onProgress && size > 0) {
        const fraction = Math.min(1, builder.lastPos / size);
        if (fraction - reported >= 0.01) {
          reported = fraction;
          options.onProgress(fraction);
        }
      }
    },
    { signal: options.signal, timeoutMs: options.timeoutMs ?? 60 * 60_000 },
  );
  options.onProgress?.(1);
  // MPEG-TS timestamps are 33 bits and wrap (about every 26.5 hours).
  const wrapBits = info.container === 'mpegts' ? 33 : undefined;
  const index = builder.finish(info.video.timeBase, info.video.frameRate, { wrapBits });
  // H.264 in MP4/MOV: which keyframes are recovery points rather than IDR pictures.
  await markNonIdrKeyframes(path, index, { codec: info.video.codec, family: info.containerFamily ?? '' });
  return index;
}
