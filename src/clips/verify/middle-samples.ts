/**
 * The copied middle of an MP4/MOV clip compared with an MP4/MOV master's samples byte for byte, from
 * both files' sample tables (I/O: the master's table, cached by the clip worker, the clip's moov, and
 * the samples' bytes in large reads; no process). It replaces two packet listings by ffmpeg (a
 * process each, ~0.3 CPU-s for a 60-s 1080p clip, and an Adler-32 of every packet) with reads of
 * bytes the page cache holds and a comparison of them.
 *
 * The master's samples are found from the middle's keyframe's byte position in the keyframe index
 * (what ffprobe reported at ingest, not what the executor chose to copy): the sync sample that starts
 * there, and the samples after it in decode order, as ffmpeg's stream copy from a seek to that
 * keyframe lists them. The clip's samples are its video track's, in decode order: the packet listing
 * ffmpeg makes of the clip (frame count, times, the tail window) must show the same sizes, or the
 * difference is reported.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { findBox, handlerType, headerTimescale, traks } from '../../lib/isobmff/boxes.ts';
import { readMp4File } from '../../lib/isobmff/file.ts';
import { readMp4TrackSamples, type SampleTable, trackSamples } from '../../lib/isobmff/samples.ts';
import { cachedRead, type MasterCache } from '../execute/master-cache.ts';
import { trackEdit } from '../execute/mp4-audio-cut.ts';
import type { ClipPlan } from '../plan/plan.ts';
import type { AudioCut } from '../plan/types.ts';
import type { BoxAudio } from './clip-boxes.ts';
import { equalTimes, type TimeBase } from './window-decode.ts';
import { leftOutOfRun, type PacketFacts, withoutLeading } from './windows.ts';

/** A master sample as a packet (composition time for pts, sync for key) and where its bytes are. */
export interface SamplePacket extends Pick<PacketFacts, 'pts' | 'size' | 'key'> {
  offset: number;
}

/** The master's samples for the middle: the file and its samples from the middle's keyframe. */
export interface MasterMiddleSamples {
  path: string;
  packets: SamplePacket[];
}

/**
 * Up to `count` samples of the master's first video track from the sync sample at byte `pos`; null
 * when there is no table or no such sync sample (the caller lists the packets with ffmpeg).
 */
export async function masterMiddleSamples(
  masterPath: string,
  pos: number,
  count: number,
  cache?: MasterCache,
): Promise<MasterMiddleSamples | null> {
  const table = await cachedRead(cache, 'track-samples', masterPath, () =>
    readMp4TrackSamples(masterPath),
  ).catch(() => null);
  if (!table) return null;
  const first = table.offsets.indexOf(pos);
  if (first < 0 || !table.sync[first]) return null;
  return { path: masterPath, packets: packetsOf(table, first, Math.min(table.sizes.length, first + count)) };
}

function packetsOf(table: SampleTable, from: number, to: number): SamplePacket[] {
  const packets: SamplePacket[] = [];
  for (let i = from; i < to; i++) {
    packets.push({
      pts: table.cts[i]!,
      size: table.sizes[i]!,
      key: table.sync[i] === 1,
      offset: table.offsets[i]!,
    });
  }
  return packets;
}

/** Reads byte ranges of a file through a window of at least WINDOW bytes (samples come in order). */
const WINDOW = 8 << 20;
/** Audio frames read before the event loop is given a turn. */
const BATCH = 512;

async function rangeReader(path: string, window = WINDOW) {
  const handle = await open(path, 'r');
  let buffer = Buffer.alloc(0);
  let start = 0;
  let end = 0;
  return {
    async read(offset: number, size: number): Promise<Buffer> {
      if (offset < start || offset + size > end) {
        if (buffer.length < Math.max(window, size)) buffer = Buffer.alloc(Math.max(window, size));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        start = offset;
        end = offset + bytesRead;
        if (offset + size > end) throw new Error(`the file ends before byte ${offset + size}`);
      }
      return buffer.subarray(offset - start, offset - start + size);
    },
    close: () => handle.close(),
  };
}

/**
 * The first difference between the clip's video samples [from, to) (decode order, the clip's
 * `listing` showing the same packets) and the master's samples, after the master's first
 * `dropLeading` leading pictures (re-encoded in the clip); null when they are the same bytes.
 */
export async function compareMiddleSamples(
  clipPath: string,
  listing: readonly PacketFacts[],
  from: number,
  to: number,
  master: MasterMiddleSamples,
  dropLeading: number,
  /** The clip's video sample table when already read (clip-boxes.ts: then it is the listing too). */
  clipTable?: SampleTable,
  /**
   * The time bases of the clip's listing and of the master's samples: when given, each copied
   * sample must also be shown at the master's time, less one constant (the clip's start).
   */
  timeBases?: { clip: TimeBase; master: TimeBase },
): Promise<string | null> {
  const clip = clipTable ?? (await readMp4TrackSamples(clipPath).catch(() => null));
  if (!clip) return "the clip's sample table could not be read";
  if (clip.sizes.length !== listing.length) {
    return `the clip's sample table holds ${clip.sizes.length} video samples, ffmpeg lists ${listing.length}`;
  }
  const masterPackets = withoutLeading(master.packets, dropLeading);
  if (masterPackets.length < to - from) {
    return `${to - from} copied packets in the clip, ${masterPackets.length} read from the master`;
  }
  const [clipBytes, masterBytes] = await Promise.all([rangeReader(clipPath), rangeReader(master.path)]);
  try {
    for (let i = from; i < to; i++) {
      const theirs = masterPackets[i - from]!;
      const size = clip.sizes[i]!;
      if (size !== listing[i]!.size) {
        return `clip sample ${i} holds ${size} bytes in its sample table, ${listing[i]!.size} as ffmpeg reads it`;
      }
      const same =
        size === theirs.size &&
        (await clipBytes.read(clip.offsets[i]!, size)).equals(await masterBytes.read(theirs.offset, size));
      if (!same) {
        return `copied packet ${i - from} differs from the master's (${size} bytes, master ${theirs.size} bytes)`;
      }
      if (timeBases && !sameShift(listing, masterPackets, from, i, timeBases)) {
        return `copied packet ${i - from} is shown at another time than the master's`;
      }
    }
    // The copied run must show every master frame up to its last one (a closed prefix).
    const missing = timeBases ? leftOutOfRun(masterPackets, to - from) : null;
    return missing
      ? `the copied packets leave out the master's frame at ${missing.pts}, shown among them`
      : null;
  } finally {
    await Promise.all([clipBytes.close(), masterBytes.close()]);
  }
}

/**
 * Whether clip packet `i` is as far from clip packet `from` in time as their master samples are
 * (exact, in seconds as rationals): the copied stretch keeps the master's display order and times.
 */
function sameShift(
  clip: readonly Pick<PacketFacts, 'pts'>[],
  master: readonly Pick<PacketFacts, 'pts'>[],
  from: number,
  i: number,
  { clip: c, master: m }: { clip: TimeBase; master: TimeBase },
): boolean {
  const clipDelta = clip[i]!.pts - clip[from]!.pts;
  const masterDelta = master[i - from]!.pts - master[0]!.pts;
  return equalTimes(clipDelta, c, masterDelta, m);
}

/** The master's movie and its sound tracks' sample tables, through the clip worker's cache. */
async function masterSound(masterPath: string, cache?: MasterCache) {
  const file = await cachedRead(cache, 'movie', masterPath, () => readMp4File(masterPath));
  const moov = file.moov;
  if (!moov) throw new Error("the master's moov could not be read");
  // The same kind as the executor's (mp4-join.ts): one read per master for both.
  const tables = await cachedRead(cache, 'sound', masterPath, async () =>
    traks(moov)
      .filter((t) => handlerType(moov, t) === 'soun')
      .map((t) => trackSamples(moov, t)),
  );
  return { moov, tables };
}

/**
 * Whether a clip's copied coded audio (`cut`, clip sound track `audio`) is the master's own frames
 * from the planned sample: its first frame is the master's frame at the master media time the clip's
 * first sample (its edit's media time) stands for, and every frame after it has the master's bytes
 * and duration. Null when it is; the first difference otherwise. With the count of the samples the
 * clip presents (clip-boxes.ts), this proves what decoding the clip's audio proved: the frames
 * decode as the master's do, and as many samples are shown as planned.
 */
export async function compareCopiedAudio(
  clipPath: string,
  audio: BoxAudio,
  n: number,
  cut: AudioCut,
  plan: Pick<ClipPlan, 'firstPts' | 'timeBase'>,
  masterPath: string,
  cache?: MasterCache,
): Promise<string | null> {
  const { moov, tables } = await masterSound(masterPath, cache);
  const all = traks(moov);
  const trak = all[cut.streamIndex];
  if (!trak || handlerType(moov, trak) !== 'soun')
    return `audio ${n}: master stream ${cut.streamIndex} is not a sound track`;
  const table = tables[all.slice(0, cut.streamIndex).filter((t) => handlerType(moov, t) === 'soun').length];
  const mdhd = findBox(moov, ['mdia', 'mdhd'], trak);
  const mvhd = findBox(moov, ['mvhd'], { type: 'moov', start: 0, headerSize: 8, size: moov.length });
  const edit = trackEdit(moov, trak);
  if (!table || !mdhd || !mvhd || !edit) return `audio ${n}: the master's sound track could not be read`;
  const timescale = headerTimescale(moov, mdhd);
  if (timescale !== audio.timescale) {
    return `audio ${n}: timescale ${audio.timescale}, the master's ${timescale}`;
  }
  // The master's media time of the clip's first planned sample (sample 0: the master's first picture).
  const videoStart = (plan.firstPts * plan.timeBase.num) / plan.timeBase.den;
  const trackStart = edit.emptyDuration / headerTimescale(moov, mvhd);
  const from =
    Math.round((cut.startSample / cut.sampleRate + videoStart - trackStart) * timescale) + edit.mediaTime;
  // The clip's first frame starts its edit's media time before that sample: the master's frame
  // that starts there, or (a stream copy by ffmpeg, whose edit may be off by less than a frame, as
  // the sample count's tolerance allows) the nearest one, less than a frame away.
  const target = from - audio.edit.mediaTime;
  const first = nearestStart(table.dts, target);
  const clip = audio.table;
  const count = clip.sizes.length;
  const frameUnits = (table.dts[first + 1] ?? Number.POSITIVE_INFINITY) - table.dts[first]!;
  if (first < 0 || Math.abs(table.dts[first]! - target) >= frameUnits) {
    return `audio ${n}: the clip's first coded frame is none of the master's frames at the planned time`;
  }
  if (first + count > table.sizes.length)
    return `audio ${n}: ${count} coded frames, the master has ${table.sizes.length - first} from there`;
  const clipFrames = sampleBytes(clipPath, clip, 0, count);
  const masterFrames = sampleBytes(masterPath, table, first, count);
  try {
    for (let j = 0; j < count; j++) {
      const k = first + j;
      const size = clip.sizes[j]!;
      const duration = (i: number, t: SampleTable) => (t.dts[i + 1] ?? Number.NaN) - t.dts[i]!;
      const sameDuration = j + 1 === count || duration(j, clip) === duration(k, table);
      const [mine, theirs] = await Promise.all([clipFrames.next(), masterFrames.next()]);
      const same =
        size === table.sizes[k] &&
        sameDuration &&
        !mine.done &&
        !theirs.done &&
        mine.value.equals(theirs.value);
      if (!same) {
        return `audio ${n}: copied frame ${j} differs from the master's frame ${k} (${size} bytes, master ${table.sizes[k]} bytes)`;
      }
    }
    return null;
  } finally {
    await Promise.all([clipFrames.return(undefined), masterFrames.return(undefined)]);
  }
}

/**
 * The bytes of samples [from, from + count) of a table, in order: a read per sample, without the
 * thread pool (a few hundred bytes each, between video samples: a window would read the video
 * too), handing the event loop back every BATCH samples.
 */
async function* sampleBytes(
  path: string,
  table: Pick<SampleTable, 'offsets' | 'sizes'>,
  from: number,
  count: number,
): AsyncGenerator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    const end = Math.min(table.sizes.length, from + count);
    for (let i = from; i < end; i++) {
      if ((i - from) % BATCH === BATCH - 1) await new Promise((resolve) => setImmediate(resolve));
      const buffer = Buffer.allocUnsafe(table.sizes[i]!);
      if (readSync(fd, buffer, 0, buffer.length, table.offsets[i]!) < buffer.length) {
        throw new Error(`the file ends before byte ${table.offsets[i]! + buffer.length}`);
      }
      yield buffer;
    }
  } finally {
    closeSync(fd);
  }
}

/** The index of the value of sorted `dts` nearest `time` (-1 when empty). */
function nearestStart(dts: Float64Array, time: number): number {
  let low = 0;
  let high = dts.length - 1;
  if (high < 0) return -1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (dts[middle]! < time) low = middle + 1;
    else high = middle;
  }
  return low > 0 && time - dts[low - 1]! < dts[low]! - time ? low - 1 : low;
}
