/**
 * The coded audio of a clip taken straight from an MP4/MOV master's samples (AAC and the other codecs
 * whose frames are copied), with no decoder and no ffmpeg process (pure): which frames, and the edit
 * that starts the clip's audio on its exact first sample and ends it on its last.
 *
 * One frame before the in-point is kept and skipped by the edit, as an encoder's priming is: an AAC
 * decoder overlaps each frame with the one before it, so the clip's first samples come out as the
 * master's own rather than faded in.
 */
import {
  type BoxRef,
  childBoxes,
  findBox,
  handlerType,
  headerTimescale,
  payloadStart,
  traks,
} from '../../lib/isobmff/boxes.ts';
import type { SampleTable } from '../../lib/isobmff/samples.ts';
import type { AudioCut } from '../plan/types.ts';

/** A track's edit list when it is one rate-1 edit, after at most one empty edit. */
export interface TrackEdit {
  /** Movie time before the media starts (an empty edit), in the movie's timescale. */
  emptyDuration: number;
  /** Media time shown first, in the track's timescale. */
  mediaTime: number;
}

/** The edit of a trak (none: the media from 0); null when its edit list is anything else. */
export function trackEdit(moov: Buffer, trak: BoxRef): TrackEdit | null {
  const elst = findBox(moov, ['edts', 'elst'], trak);
  if (!elst) return { emptyDuration: 0, mediaTime: 0 };
  const p = payloadStart(elst);
  const v1 = moov[p] === 1;
  const count = moov.readUInt32BE(p + 4);
  const size = v1 ? 20 : 12;
  const entries = Array.from({ length: count }, (_, i) => {
    const at = p + 8 + i * size;
    return {
      duration: v1 ? Number(moov.readBigUInt64BE(at)) : moov.readUInt32BE(at),
      mediaTime: v1 ? Number(moov.readBigInt64BE(at + 8)) : moov.readInt32BE(at + 4),
      rate: moov.readInt32BE(at + (v1 ? 16 : 8)),
    };
  });
  const empty = entries[0]?.mediaTime === -1 ? entries.shift()! : null;
  if (entries.length !== 1 || entries[0]!.rate !== 0x10000 || entries[0]!.mediaTime < 0) return null;
  return { emptyDuration: empty?.duration ?? 0, mediaTime: entries[0]!.mediaTime };
}

/** The coded frames of one audio track of the master that make the clip's audio. */
export interface AudioFrames {
  trak: BoxRef;
  /** The frames in the master (decode order): where they are, their sizes and durations. */
  offsets: Float64Array;
  sizes: Uint32Array;
  /** In the track's timescale. */
  durations: number[];
  /** From the first frame's start to the clip's first sample (the new edit's media time). */
  skip: number;
  /** The clip's audio duration, in the track's timescale. */
  duration: number;
  timescale: number;
}

/** The last sample whose decode time is at or before `time` (-1 when none). */
function sampleAt(dts: Float64Array, time: number): number {
  let low = 0;
  let high = dts.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (dts[middle]! <= time) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

export interface MasterAudioInput {
  moov: Buffer;
  cuts: readonly AudioCut[];
  /** The master's sample tables of its sound tracks, in track order. */
  tables: readonly SampleTable[];
  /** When the master's first video frame is shown, in seconds of movie time (the index's first pts). */
  videoStart: number;
}

/**
 * The frames of every audio track for the plan's audio cuts; a reason instead when the audio
 * cannot be taken this way (then ffmpeg cuts it): PCM or re-encoded cuts, sound tracks that do not
 * match the plan's audio streams one to one, or edit lists other than a single edit.
 */
export function masterAudioFrames(input: MasterAudioInput): AudioFrames[] | string {
  const { moov, cuts } = input;
  if (cuts.some((cut) => cut.method !== 'copy-frames')) return 'audio cut by samples, not by frames';
  const sound = traks(moov).filter((t) => handlerType(moov, t) === 'soun');
  if (sound.length !== cuts.length || input.tables.length !== cuts.length)
    return 'sound tracks do not match the audio streams';
  const mvhd = childBoxes(moov, 8).find((b) => b.type === 'mvhd');
  if (!mvhd) return 'no movie header';
  const movieTimescale = headerTimescale(moov, mvhd);
  const result: AudioFrames[] = [];
  for (const [n, cut] of [...cuts].sort((a, b) => a.streamIndex - b.streamIndex).entries()) {
    const trak = sound[n]!;
    const table = input.tables[n]!;
    const mdhd = findBox(moov, ['mdia', 'mdhd'], trak);
    const edit = trackEdit(moov, trak);
    if (!mdhd || !edit) return 'audio edit list of several edits';
    const timescale = headerTimescale(moov, mdhd);
    const trackStart = edit.emptyDuration / movieTimescale;
    // The cut's samples count from the first video frame; the track's media time from its own start.
    const toMedia = (sample: number) =>
      Math.round((sample / cut.sampleRate + input.videoStart - trackStart) * timescale) + edit.mediaTime;
    const from = toMedia(cut.startSample);
    const until = toMedia(cut.startSample + cut.sampleCount);
    const total = table.dts.length;
    if (total === 0) return 'empty audio track';
    // A frame ends where the next starts; the track's last lasts as long as the one before it.
    const end = (i: number) =>
      i + 1 < total ? table.dts[i + 1]! : 2 * table.dts[i]! - (table.dts[i - 1] ?? table.dts[i]!);
    const inFrame = sampleAt(table.dts, from);
    if (inFrame < 0) return 'the clip starts before the audio';
    const first = Math.max(0, inFrame - 1);
    const last = Math.max(inFrame, sampleAt(table.dts, until - 1));
    const durations = Array.from(
      { length: last - first + 1 },
      (_, k) => end(first + k) - table.dts[first + k]!,
    );
    result.push({
      trak,
      offsets: table.offsets.subarray(first, last + 1),
      sizes: table.sizes.subarray(first, last + 1),
      durations,
      skip: from - table.dts[first]!,
      duration: Math.min(until, end(last)) - from,
      timescale,
    });
  }
  return result;
}
