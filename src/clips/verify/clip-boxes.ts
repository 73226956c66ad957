/**
 * What an MP4/MOV clip declares and holds, read from its own boxes (I/O: one read of its moov; the
 * rest pure): it replaces ffprobe and ffmpeg's packet listing of a windowed clip (two processes,
 * ~0.55 CPU-s for a 60-s 1080p clip, most of it decoding the audio only to count its samples).
 *
 * - **video**: the first video track's samples in decode order (stsz, stts, ctts, stss), as packets
 *   with the times ffmpeg's demuxer gives them (composition time less the edit's media time, plus
 *   any empty edit, in the track's timescale: checked against ffmpeg's listing by
 *   clips-verify-seams.test.ts), so that the tail window is found and checked as before;
 * - **declared**: the video's sample count (ffprobe's `nb_frames`), the video's and each sound
 *   track's presented duration (its edit's, else its media's), the movie's duration (`mvhd`);
 * - **audio**, per sound track: channels and rate from its sample description, and the samples it
 *   presents: PCM from its bytes (sizes ÷ bytes per sample frame), coded frames (AAC…) as frames ×
 *   samples per frame, less the edit's media time (priming, the frame kept before the in-point),
 *   at most the edit's duration (the trim at the end). That count is only worth what the frames
 *   are: copied coded frames are proved to be the master's own bytes, from the planned sample
 *   (`compareCopiedAudio`), so they decode as the master's do; PCM is counted from its bytes.
 */
import { type AvcConfig, parseAvcC } from '../../lib/isobmff/avc.ts';
import {
  avcConfigPayload,
  childBoxes,
  findBox,
  handlerType,
  headerTimescale,
  payloadStart,
  sampleEntry,
  traks,
} from '../../lib/isobmff/boxes.ts';
import { audioSpecificConfig, configChannels } from '../../lib/isobmff/esds.ts';
import { readMp4File } from '../../lib/isobmff/file.ts';
import { type SampleTable, trackSamples } from '../../lib/isobmff/samples.ts';
import { type TrackEdit, trackEdit } from '../execute/mp4-audio-cut.ts';
import type { PacketFacts } from './windows.ts';

/** One sound track of the clip. */
export interface BoxAudio {
  /** Sample entry type (mp4a, sowt, twos, in24, lpcm…). */
  format: string;
  channels: number;
  sampleRate: number;
  /** Bytes per sample frame (all channels) of PCM; null for coded frames. */
  pcmFrameBytes: number | null;
  table: SampleTable;
  timescale: number;
  edit: TrackEdit;
  /** The edit's duration in the track's timescale (null: no edit list, the media's duration). */
  editDuration: number | null;
  /** The media's duration (mdhd), in the track's timescale. */
  mediaDuration: number;
  /** Presented duration in seconds, as ffprobe declares it. */
  declaredSeconds: number;
}

export interface ClipBoxes {
  /** The video track's samples in decode order, as ffmpeg's demuxer times them. */
  packets: PacketFacts[];
  table: SampleTable;
  timeBase: { num: number; den: number };
  declaredVideoFrames: number;
  declaredVideoSeconds: number | null;
  declaredFormatSeconds: number | null;
  /** When the first picture is presented, seconds (after any empty edit; null without samples). */
  videoStartSeconds: number | null;
  audio: BoxAudio[];
  /**
   * The video's H.264 decoder configuration (its SPS and PPS, the NAL length size) when its sample
   * description is one avc1/avc3 entry; null otherwise (another codec, several entries).
   */
  avcC: AvcConfig | null;
}

const PCM_FORMATS = new Set(['sowt', 'twos', 'in24', 'in32', 'fl32', 'fl64', 'lpcm', 'raw ', 'ipcm', 'fpcm']);

/** The single edit's duration (movie timescale) of a trak, less any empty edit; null without edits. */
function editDurationOf(moov: Buffer, trak: Parameters<typeof trackEdit>[1]): number | null {
  const elst = findBox(moov, ['edts', 'elst'], trak);
  if (!elst) return null;
  const p = payloadStart(elst);
  const v1 = moov[p] === 1;
  const count = moov.readUInt32BE(p + 4);
  const size = v1 ? 20 : 12;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const at = p + 8 + i * size;
    const duration = v1 ? Number(moov.readBigUInt64BE(at)) : moov.readUInt32BE(at);
    const mediaTime = v1 ? Number(moov.readBigInt64BE(at + 8)) : moov.readInt32BE(at + 4);
    if (mediaTime !== -1) total += duration;
  }
  return total;
}

/** The duration of an mdhd or mvhd box. */
function headerDuration(data: Buffer, ref: { start: number; headerSize: number }): number {
  const p = ref.start + ref.headerSize;
  return data[p] === 1 ? Number(data.readBigUInt64BE(p + 24)) : data.readUInt32BE(p + 16);
}

/**
 * Channels of an `mp4a` entry as its AudioSpecificConfig declares them (esds.ts; the entry's own
 * count is a template in ISO files), from its `esds` or, in QuickTime, its `wave` box's; else null.
 */
function mp4aChannels(
  moov: Buffer,
  entry: { type: string; start: number; headerSize: number; size: number },
  version: number,
): number | null {
  if (entry.type !== 'mp4a') return null;
  // The fixed fields of a sound sample entry: 28 bytes, 16 more in version 1.
  const children = childBoxes(
    moov,
    entry.start + entry.headerSize + (version === 1 ? 44 : 28),
    entry.start + entry.size,
  );
  const wave = children.find((b) => b.type === 'wave');
  const esds =
    children.find((b) => b.type === 'esds') ??
    (wave && childBoxes(moov, payloadStart(wave), wave.start + wave.size).find((b) => b.type === 'esds'));
  const config = esds && audioSpecificConfig(moov.subarray(payloadStart(esds), esds.start + esds.size));
  return config ? configChannels(config) : null;
}

/** Channels, rate and PCM frame size of a sound sample entry (QuickTime v0/v1/v2, ISO). */
function soundEntry(
  moov: Buffer,
  entry: { type: string; start: number; headerSize: number; size: number },
): { channels: number; sampleRate: number; pcmFrameBytes: number | null } {
  const p = entry.start + entry.headerSize;
  const version = moov.readUInt16BE(p + 8);
  const pcm = PCM_FORMATS.has(entry.type);
  if (version === 2) {
    const channels = moov.readUInt32BE(p + 40);
    const bits = moov.readUInt32BE(p + 48);
    const packetBytes = moov.readUInt32BE(p + 56);
    const packetFrames = moov.readUInt32BE(p + 60);
    return {
      channels,
      sampleRate: moov.readDoubleBE(p + 32),
      pcmFrameBytes: pcm ? (packetFrames === 1 && packetBytes ? packetBytes : (channels * bits) / 8) : null,
    };
  }
  const channels = mp4aChannels(moov, entry, version) ?? moov.readUInt16BE(p + 16);
  const bits = moov.readUInt16BE(p + 18);
  const bytesPerFrame = version === 1 ? moov.readUInt32BE(p + 36) : 0;
  const bitsOf: Record<string, number> = { in24: 24, in32: 32, fl32: 32, fl64: 64 };
  return {
    channels,
    sampleRate: moov.readUInt32BE(p + 24) / 65536,
    pcmFrameBytes: pcm ? bytesPerFrame || (channels * (bitsOf[entry.type] ?? bits)) / 8 : null,
  };
}

/** Parses a clip's moov (pure); a reason instead when it has no readable video track. */
export function clipBoxesOf(moov: Buffer): ClipBoxes | string {
  const mvhd = findBox(moov, ['mvhd'], { type: 'moov', start: 0, headerSize: 8, size: moov.length });
  if (!mvhd) return 'no movie header';
  const movieTimescale = headerTimescale(moov, mvhd);
  const all = traks(moov);
  const video = all.find((t) => handlerType(moov, t) === 'vide');
  if (!video) return 'no video track';
  const mdhd = findBox(moov, ['mdia', 'mdhd'], video);
  const table = trackSamples(moov, video);
  const edit = trackEdit(moov, video);
  if (!mdhd || !table) return 'no video sample table';
  if (!edit) return 'a video edit list of several edits';
  const timescale = headerTimescale(moov, mdhd);
  // ffmpeg's times: the edit's media time is time 0, after any empty edit.
  const shift = Math.round((edit.emptyDuration * timescale) / movieTimescale) - edit.mediaTime;
  const packets: PacketFacts[] = Array.from(table.sizes, (size, i) => ({
    pts: table.cts[i]! + shift,
    size,
    crc: '',
    key: table.sync[i] === 1,
  }));
  const videoEdit = editDurationOf(moov, video);
  const audio: BoxAudio[] = [];
  for (const trak of all.filter((t) => handlerType(moov, t) === 'soun')) {
    const entry = sampleEntry(moov, trak);
    const soundMdhd = findBox(moov, ['mdia', 'mdhd'], trak);
    const soundTable = trackSamples(moov, trak);
    const soundEdit = trackEdit(moov, trak);
    if (!entry || !soundMdhd || !soundTable) return 'a sound track without a sample table';
    if (!soundEdit) return 'a sound edit list of several edits';
    const soundTimescale = headerTimescale(moov, soundMdhd);
    const mediaDuration = headerDuration(moov, soundMdhd);
    const edited = editDurationOf(moov, trak);
    const editDuration = edited === null ? null : Math.round((edited * soundTimescale) / movieTimescale);
    audio.push({
      format: entry.type,
      ...soundEntry(moov, entry),
      table: soundTable,
      timescale: soundTimescale,
      edit: soundEdit,
      editDuration,
      mediaDuration,
      declaredSeconds: (editDuration ?? mediaDuration) / soundTimescale,
    });
  }
  return {
    packets,
    table,
    timeBase: { num: 1, den: timescale },
    avcC: avcConfigOf(moov, video),
    declaredVideoFrames: table.sizes.length,
    declaredVideoSeconds:
      videoEdit === null ? headerDuration(moov, mdhd) / timescale : videoEdit / movieTimescale,
    declaredFormatSeconds: headerDuration(moov, mvhd) / movieTimescale,
    videoStartSeconds:
      packets.length > 0 ? packets.reduce((first, p) => Math.min(first, p.pts), Infinity) / timescale : null,
    audio,
  };
}

/** The avcC of a video trak whose sample description is exactly one avc1/avc3 entry, else null. */
function avcConfigOf(moov: Buffer, trak: Parameters<typeof trackEdit>[1]): AvcConfig | null {
  const stsd = findBox(moov, ['mdia', 'minf', 'stbl', 'stsd'], trak);
  const entry = sampleEntry(moov, trak);
  if (!stsd || !entry || !['avc1', 'avc3'].includes(entry.type)) return null;
  if (moov.readUInt32BE(payloadStart(stsd) + 4) !== 1) return null;
  const payload = avcConfigPayload(moov, trak);
  try {
    return payload ? parseAvcC(Buffer.from(payload)) : null;
  } catch {
    return null;
  }
}

/** Reads a clip's boxes; a reason instead when they cannot be read. */
export async function readClipBoxes(clipPath: string): Promise<ClipBoxes | string> {
  try {
    const { moov } = await readMp4File(clipPath);
    return moov ? clipBoxesOf(moov) : 'no moov box';
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Samples per channel a sound track presents: its media's samples (PCM: its bytes; coded frames:
 * `frameSamples` each) from the edit's media time, at most the edit's duration.
 */
export function presentedSamples(audio: BoxAudio, frameSamples: number): number {
  const toSamples = (units: number) => Math.round((units * audio.sampleRate) / audio.timescale);
  let bytes = 0;
  for (const size of audio.table.sizes) bytes += size;
  const media =
    audio.pcmFrameBytes !== null
      ? Math.floor(bytes / audio.pcmFrameBytes)
      : audio.table.sizes.length * frameSamples;
  const after = Math.max(0, media - toSamples(audio.edit.mediaTime));
  return audio.editDuration === null ? after : Math.min(after, toSamples(audio.editDuration));
}
