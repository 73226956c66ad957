/**
 * Joins an H.264 MP4/MOV clip at the sample-table level, without a remux: the master's copied
 * samples are byte ranges of the master, the re-encoded head and tail are the samples of their own
 * files, the audio (cut by ffmpeg into a side file) keeps its tracks. The video track keeps the
 * master's sample description (so parameter sets must match) and gets new timing tables; the
 * timecode track is the master's with the clip's first timecode.
 *
 * Because sample positions are free in MP4, the copied stretch is written while the head is still
 * being encoded; the head and tail samples follow it in the file. Output is one `mdat` and the
 * `moov` after it.
 */
import { open } from 'node:fs/promises';
import {
  type AvcConfig,
  avcCWithParameterSets,
  extraParameterSets,
  parseAvcC,
  readMp4AvcFacts,
} from '../../lib/isobmff/avc.ts';
import {
  avcConfigPayload,
  type BoxRef,
  box,
  boxBytes,
  childBoxes,
  findBox,
  handlerType,
  headerTimescale,
  patchHeader,
  payloadStart,
  relocateChunks,
  stsdWithAvcC,
  trackIdOf,
  traks,
  u64,
  videoTrak,
} from '../../lib/isobmff/boxes.ts';
import { readMp4File } from '../../lib/isobmff/file.ts';
import { SampleWriter } from '../../lib/isobmff/sample-writer.ts';
import { readMp4TrackSamples, type SampleTable, trackSamples } from '../../lib/isobmff/samples.ts';
import {
  audioSampleTable,
  type OutputSample,
  retimedTrak,
  timecodeTrak,
  videoSampleTable,
} from '../../lib/isobmff/tracks.ts';
import { cachedRead, type MasterCache } from './master-cache.ts';
import type { AudioFrames } from './mp4-audio-cut.ts';

export type VideoSegment =
  /** A re-encoded part: all samples of an MP4/MOV file written by ffmpeg, once `ready` resolves. */
  | { kind: 'file'; path: string; frames: number; ready: Promise<unknown> }
  /** `count` master samples from `firstSample` (decode order), displaying exactly `frames` frames. */
  | { kind: 'master'; firstSample: number; count: number; frames: number };

export interface Mp4JoinInput {
  masterPath: string;
  /** The master's video samples (any codec: H.264 or an intra-only one copied whole). */
  master: SampleTable;
  /** Video segments in display (and decode) order. */
  segments: VideoSegment[];
  /**
   * The audio: the master's own coded frames (mp4-audio-cut.ts), or an audio-only file cut by ffmpeg
   * (same container); null when the master has no audio.
   */
  audio: { kind: 'frames'; tracks: AudioFrames[] } | { kind: 'file'; path: Promise<string> } | null;
  /** Frame number (timecode track sample) of the clip's first frame. */
  startTimecodeFrame: number;
  frameRate: { num: number; den: number };
  outputPath: string;
}

export interface MasterMovie {
  moov: Buffer;
  ftyp: Buffer | null;
  video: BoxRef;
  timecode: BoxRef | null;
  /** Media time units per frame. */
  ticks: number;
  /** The sample tables of the sound tracks, in track order. */
  soundTables: SampleTable[];
}

/**
 * What the join needs from the master, or the reason it cannot be used (then the caller joins with
 * ffmpeg): a video track at a constant frame duration over the copied samples, and at most one
 * timecode track, of a single sample.
 */
export async function readMasterMovie(
  input: Pick<Mp4JoinInput, 'masterPath' | 'master' | 'segments' | 'frameRate'> & { cache?: MasterCache },
): Promise<MasterMovie | string> {
  const file = await cachedRead(input.cache, 'movie', input.masterPath, () => readMp4File(input.masterPath));
  const moov = file.moov;
  if (!moov) return 'no moov';
  const video = videoTrak(moov);
  if (!video) return 'no video track';
  // A master without a timecode track gives a clip without one (as the master declares nothing).
  const timecodes = traks(moov).filter((t) => handlerType(moov, t) === 'tmcd');
  if (timecodes.length > 1) return 'several timecode tracks';
  const tmcdSizes = timecodes[0] && findBox(moov, ['mdia', 'minf', 'stbl', 'stsz'], timecodes[0]);
  if (timecodes[0] && (!tmcdSizes || moov.readUInt32BE(payloadStart(tmcdSizes) + 8) !== 1))
    return 'timecode track of several samples';
  const mdhd = findBox(moov, ['mdia', 'mdhd'], video);
  if (!mdhd) return 'no mdhd';
  const mediaTimescale = headerTimescale(moov, mdhd);
  const ticks = (mediaTimescale * input.frameRate.den) / input.frameRate.num;
  if (!Number.isInteger(ticks)) return 'frame duration is not a whole number of media units';
  for (const segment of input.segments) {
    if (segment.kind !== 'master') continue;
    for (let i = segment.firstSample + 1; i < segment.firstSample + segment.count; i++) {
      if (input.master.dts[i]! - input.master.dts[i - 1]! !== ticks) return 'variable frame duration';
    }
  }
  const soundTables = await cachedRead(input.cache, 'sound', input.masterPath, async () =>
    traks(moov)
      .filter((t) => handlerType(moov, t) === 'soun')
      .map((t) => trackSamples(moov, t)),
  );
  if (soundTables.some((table) => table === null)) return 'sound track without a sample table';
  return {
    moov,
    ftyp: file.ftyp,
    video,
    timecode: timecodes[0] ?? null,
    ticks,
    soundTables: soundTables as SampleTable[],
  };
}

/**
 * The master's video sample description, with the re-encoded parts' parameter sets added to its
 * avcC when they differ from the master's (under ids of their own, or the join fails).
 */
function videoDescription(movie: MasterMovie, parts: readonly AvcConfig[]): Buffer {
  const stsd = boxBytes(movie.moov, findBox(movie.moov, ['mdia', 'minf', 'stbl', 'stsd'], movie.video)!);
  const payload = avcConfigPayload(movie.moov, movie.video);
  if (!payload || parts.length === 0) return stsd;
  const extra = extraParameterSets(parseAvcC(payload), parts);
  if (!extra) throw new Error("the re-encoded parts' parameter sets clash with the master's");
  if (extra.sps.length === 0 && extra.pps.length === 0) return stsd;
  return stsdWithAvcC(stsd, avcCWithParameterSets(payload, extra.sps, extra.pps));
}

/** Display rank of each sample of a run (by composition time). */
function ranks(cts: Float64Array, first: number, count: number): Int32Array {
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => cts[first + a]! - cts[first + b]!);
  const rank = new Int32Array(count);
  order.forEach((sample, r) => {
    rank[sample] = r;
  });
  return rank;
}

function sumSizes(sizes: Uint32Array, first: number, count: number): number {
  let total = 0;
  for (let i = first; i < first + count; i++) total += sizes[i]!;
  return total;
}

/** Share of a copied byte range that may be other data than the clip's (then it is copied whole). */
const REGION_SLACK = 0.02;

/** Where audio frames landed in the clip: their new offsets, once known, by track. */
type PlacedAudio = { frames: AudioFrames; offsets: (number | undefined)[] };

/**
 * Writes the clip to `outputPath`. Preconditions (readMasterMovie) are checked by the caller; the
 * re-encoded parts' sample descriptions must equal the master's.
 *
 * A copied stretch whose bytes in the master hold little else than its video and the clip's audio
 * frames (interleaved) is copied as one byte range, its audio frames used where they lie; otherwise
 * its samples are gathered one by one.
 */
export async function joinMp4(input: Mp4JoinInput, movie: MasterMovie): Promise<void> {
  const handle = await open(input.outputPath, 'w');
  try {
    const out = new SampleWriter(handle);
    if (movie.ftyp) await out.write(movie.ftyp);
    const mdatStart = await out.write(
      Buffer.from([0, 0, 0, 1, 0x6d, 0x64, 0x61, 0x74, 0, 0, 0, 0, 0, 0, 0, 0]),
    );
    const timecodeSample = Buffer.alloc(4);
    timecodeSample.writeUInt32BE(input.startTimecodeFrame >>> 0, 0);
    const timecodeOffset = await out.write(timecodeSample);

    const audioTraks: Buffer[] = [];
    const partConfigs: AvcConfig[] = [];
    const masterMvhd = childBoxes(movie.moov, 8).find((b) => b.type === 'mvhd')!;
    let movieTimescale = headerTimescale(movie.moov, masterMvhd);
    let mvhd = Buffer.from(boxBytes(movie.moov, masterMvhd));
    let nextTrackId =
      Math.max(...traks(movie.moov).map((t) => trackIdOf(movie.moov, findBox(movie.moov, ['tkhd'], t)!))) + 1;
    const samples: OutputSample[][] = input.segments.map(() => []);
    let display = 0;
    const starts = input.segments.map((s) => {
      const at = display;
      display += s.frames;
      return at;
    });
    const outputSamples = (index: number, table: SampleTable, first: number, placed: ArrayLike<number>) => {
      const rank = ranks(table.cts, first, placed.length);
      samples[index] = Array.from(placed, (offset, k) => ({
        offset,
        size: table.sizes[first + k]!,
        sync: table.sync[first + k] === 1,
        display: starts[index]! + rank[k]!,
      }));
    };
    const gather = async (
      index: number,
      source: string,
      table: SampleTable,
      first: number,
      count: number,
    ) => {
      const offsets = table.offsets.subarray(first, first + count);
      const sizes = table.sizes.subarray(first, first + count);
      outputSamples(index, table, first, await out.copySamples(source, offsets, sizes));
    };
    const audioFrames: PlacedAudio[] =
      input.audio?.kind === 'frames'
        ? input.audio.tracks.map((frames) => ({
            frames,
            offsets: Array.from(frames.offsets, () => undefined),
          }))
        : [];
    /** Copies a master segment as one byte range when little else lies in it; false otherwise. */
    const copyRegion = async (index: number, first: number, count: number): Promise<boolean> => {
      const { offsets, sizes } = input.master;
      let start = Number.POSITIVE_INFINITY;
      let end = 0;
      for (let i = first; i < first + count; i++) {
        start = Math.min(start, offsets[i]!);
        end = Math.max(end, offsets[i]! + sizes[i]!);
      }
      let used = sumSizes(sizes, first, count);
      const inside = (offset: number, size: number) => offset >= start && offset + size <= end;
      for (const { frames } of audioFrames) {
        frames.offsets.forEach((offset, k) => {
          if (inside(offset, frames.sizes[k]!)) used += frames.sizes[k]!;
        });
      }
      if (used < (1 - REGION_SLACK) * (end - start)) return false;
      const at = await out.copyRange(input.masterPath, start, end - start);
      const moved = Float64Array.from(
        offsets.subarray(first, first + count),
        (offset) => at + offset - start,
      );
      outputSamples(index, input.master, first, moved);
      for (const placed of audioFrames) {
        placed.frames.offsets.forEach((offset, k) => {
          if (placed.offsets[k] === undefined && inside(offset, placed.frames.sizes[k]!))
            placed.offsets[k] = at + offset - start;
        });
      }
      return true;
    };
    /** The master's audio frames not already copied with the video, then their tracks. */
    const placeMasterAudio = async () => {
      for (const placed of audioFrames) {
        const missing = placed.offsets.flatMap((offset, k) => (offset === undefined ? [k] : []));
        const copied = await out.copySamples(
          input.masterPath,
          missing.map((k) => placed.frames.offsets[k]!),
          missing.map((k) => placed.frames.sizes[k]!),
        );
        missing.forEach((k, n) => {
          placed.offsets[k] = copied[n];
        });
        const { frames } = placed;
        const mediaDuration = frames.durations.reduce((a, b) => a + b, 0);
        audioTraks.push(
          retimedTrak(movie.moov, frames.trak, {
            movieDuration: Math.round((frames.duration * movieTimescale) / frames.timescale),
            mediaDuration,
            mediaTime: frames.skip,
            stbl: audioSampleTable(movie.moov, frames.trak, {
              offsets: placed.offsets as number[],
              sizes: Array.from(frames.sizes),
              durations: frames.durations,
            }),
          }),
        );
      }
    };
    /** The audio cut by ffmpeg into a side file: its data copied whole, its tracks relocated. */
    const placeAudioFile = async (path: string) => {
      const side = await readMp4File(path);
      if (!side.moov || !side.mdat) throw new Error('the audio side file has no moov or mdat');
      const sideMoov = side.moov;
      const sideMdat = side.mdat;
      const sideMvhd = childBoxes(sideMoov, 8).find((b) => b.type === 'mvhd')!;
      movieTimescale = headerTimescale(sideMoov, sideMvhd);
      mvhd = Buffer.from(boxBytes(sideMoov, sideMvhd));
      const at = await out.copyRange(path, sideMdat.start, sideMdat.size);
      for (const trak of traks(sideMoov).filter((t) => handlerType(sideMoov, t) === 'soun')) {
        const copy = Buffer.from(boxBytes(sideMoov, trak));
        const ref: BoxRef = { type: 'trak', start: 0, headerSize: 8, size: copy.length };
        relocateChunks(copy, ref, at - sideMdat.start);
        patchHeader(copy, findBox(copy, ['tkhd'], ref)!, { trackId: nextTrackId++ });
        audioTraks.push(copy);
      }
    };

    // The copied stretch first, while the parts encode; an audio side file after it unless its
    // 32-bit chunk offsets could then pass 4 GB (the audio is bounded by 16 MB a second); then the
    // parts.
    const copyBytes = input.segments.reduce(
      (n, s) => n + (s.kind === 'master' ? sumSizes(input.master.sizes, s.firstSample, s.count) : 0),
      0,
    );
    const seconds = (display * input.frameRate.den) / input.frameRate.num;
    const sideFile = input.audio?.kind === 'file' ? input.audio.path : null;
    const audioFirst = out.position + copyBytes + seconds * (16 << 20) > 0xffffffff;
    if (sideFile && audioFirst) await placeAudioFile(await sideFile);
    for (const [i, segment] of input.segments.entries()) {
      if (segment.kind !== 'master') continue;
      if (!(await copyRegion(i, segment.firstSample, segment.count)))
        await gather(i, input.masterPath, input.master, segment.firstSample, segment.count);
    }
    await placeMasterAudio();
    if (sideFile && !audioFirst) await placeAudioFile(await sideFile);
    for (const [i, segment] of input.segments.entries()) {
      if (segment.kind !== 'file') continue;
      await segment.ready;
      const table = await readMp4TrackSamples(segment.path);
      const partAvc = await readMp4AvcFacts(segment.path);
      if (partAvc.avcC) partConfigs.push(partAvc.avcC);
      if (!table || table.offsets.length !== segment.frames) {
        throw new Error(`re-encoded part ${segment.path} does not hold ${segment.frames} frames`);
      }
      await gather(i, segment.path, table, 0, table.offsets.length);
    }
    const video = samples.flat();
    await out.flush();
    const mdatEnd = out.position;
    await handle.write(u64(mdatEnd - mdatStart), 0, 8, mdatStart + 8);

    const delay = Math.max(0, ...video.map((s, g) => g - s.display));
    const mediaDuration = video.length * movie.ticks;
    const movieDuration = Math.round(seconds * movieTimescale);
    const stsd = videoDescription(movie, partConfigs);
    const videoTrak = retimedTrak(movie.moov, movie.video, {
      movieDuration,
      mediaDuration,
      mediaTime: delay * movie.ticks,
      stbl: videoSampleTable(stsd, video, movie.ticks, delay),
    });
    const timecode = movie.timecode
      ? [timecodeTrak(movie.moov, movie.timecode, movieDuration, seconds, timecodeOffset)]
      : [];
    patchHeader(
      mvhd,
      { type: 'mvhd', start: 0, headerSize: 8, size: mvhd.length },
      { duration: movieDuration, nextTrackId },
    );
    await out.write(box('moov', mvhd, videoTrak, ...timecode, ...audioTraks));
  } finally {
    await handle.close();
  }
}
