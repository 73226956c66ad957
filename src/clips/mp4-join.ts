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
import { cachedRead } from './master-cache.ts';
import {
  type BoxRef,
  box,
  boxBytes,
  childBoxes,
  findBox,
  fullBox,
  h264Trak,
  handlerType,
  headerTimescale,
  patchHeader,
  payloadStart,
  relocateChunks,
  trackIdOf,
  traks,
  u32,
  u64,
} from './mp4-boxes.ts';
import { readMp4File } from './mp4-file.ts';
import { SampleWriter } from './mp4-sample-writer.ts';
import { type Mp4VideoSamples, readMp4VideoSamples } from './mp4-samples.ts';

export type VideoSegment =
  /** A re-encoded part: all samples of an MP4/MOV file written by ffmpeg, once `ready` resolves. */
  | { kind: 'file'; path: string; frames: number; ready: Promise<unknown> }
  /** `count` master samples from `firstSample` (decode order), displaying exactly `frames` frames. */
  | { kind: 'master'; firstSample: number; count: number; frames: number };

export interface Mp4JoinInput {
  masterPath: string;
  master: Mp4VideoSamples;
  /** Video segments in display (and decode) order. */
  segments: VideoSegment[];
  /** Audio-only file cut by ffmpeg (same container), or null when the master has no audio. */
  audio: Promise<string> | null;
  /** Frame number (timecode track sample) of the clip's first frame. */
  startTimecodeFrame: number;
  frameRate: { num: number; den: number };
  outputPath: string;
}

interface MasterMovie {
  moov: Buffer;
  ftyp: Buffer | null;
  video: BoxRef;
  timecode: BoxRef | null;
  /** Media time units per frame. */
  ticks: number;
}

/**
 * What the join needs from the master, or the reason it cannot be used (then the caller joins with
 * ffmpeg): an avc1/avc3 video track at a constant frame duration over the copied samples, and
 * exactly one timecode track, of a single sample.
 */
export async function readMasterMovie(
  input: Pick<Mp4JoinInput, 'masterPath' | 'master' | 'segments' | 'frameRate'>,
): Promise<MasterMovie | string> {
  const file = await cachedRead('movie', input.masterPath, () => readMp4File(input.masterPath));
  const moov = file.moov;
  if (!moov) return 'no moov';
  const video = h264Trak(moov);
  if (!video) return 'no H.264 video track';
  const timecodes = traks(moov).filter((t) => handlerType(moov, t) === 'tmcd');
  if (timecodes.length !== 1) return 'no single timecode track';
  const tmcdSizes = findBox(moov, ['mdia', 'minf', 'stbl', 'stsz'], timecodes[0]);
  if (!tmcdSizes || moov.readUInt32BE(payloadStart(tmcdSizes) + 8) !== 1)
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
  return {
    moov,
    ftyp: file.ftyp,
    video,
    timecode: timecodes[0] ?? null,
    ticks,
  };
}

interface OutputSample {
  offset: number;
  size: number;
  sync: boolean;
  /** Display index in the clip. */
  display: number;
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

/** Run-length entries (count, value) of a sequence. */
function runs(values: readonly number[]): Buffer[] {
  const entries: Buffer[] = [];
  let i = 0;
  while (i < values.length) {
    let j = i + 1;
    while (j < values.length && values[j] === values[i]) j++;
    entries.push(u32(j - i, values[i]!));
    i = j;
  }
  return entries;
}

function videoSampleTable(stsd: Buffer, samples: OutputSample[], ticks: number, delay: number): Buffer {
  const n = samples.length;
  const ctts = samples.map((s, g) => (s.display + delay - g) * ticks);
  const cttsEntries = runs(ctts);
  const sync = samples.flatMap((s, g) => (s.sync ? [g + 1] : []));
  const wide = samples.some((s) => s.offset + s.size > 0xffffffff);
  return box(
    'stbl',
    stsd,
    fullBox('stts', 0, 0, u32(1, n, ticks)),
    ...(sync.length < n ? [fullBox('stss', 0, 0, u32(sync.length, ...sync))] : []),
    ...(ctts.some((c) => c !== 0) ? [fullBox('ctts', 0, 0, u32(cttsEntries.length), ...cttsEntries)] : []),
    fullBox('stsc', 0, 0, u32(1, 1, 1, 1)),
    fullBox('stsz', 0, 0, u32(0, n, ...samples.map((s) => s.size))),
    wide
      ? fullBox('co64', 0, 0, u32(n), u64(...samples.map((s) => s.offset)))
      : fullBox('stco', 0, 0, u32(n, ...samples.map((s) => s.offset))),
  );
}

/** A trak with its edit list and the duration fields of tkhd/mdhd replaced (copies `trak`). */
function retimedTrak(
  moov: Buffer,
  trak: BoxRef,
  options: { movieDuration: number; mediaDuration: number; mediaTime: number; stbl?: Buffer },
): Buffer {
  const parts: Buffer[] = [];
  for (const child of childBoxes(moov, payloadStart(trak), trak.start + trak.size)) {
    if (child.type === 'edts') continue;
    const bytes = Buffer.from(boxBytes(moov, child));
    if (child.type === 'tkhd') {
      patchHeader(bytes, { ...child, start: 0 }, { duration: options.movieDuration });
      parts.push(
        bytes,
        box('edts', fullBox('elst', 0, 0, u32(1, options.movieDuration, options.mediaTime, 0x10000))),
      );
    } else if (child.type === 'mdia') {
      parts.push(retimedMdia(bytes, options));
    } else {
      parts.push(bytes);
    }
  }
  return box('trak', ...parts);
}

function retimedMdia(mdia: Buffer, options: { mediaDuration: number; stbl?: Buffer }): Buffer {
  const parts: Buffer[] = [];
  for (const child of childBoxes(mdia, 8, mdia.length)) {
    const bytes = Buffer.from(boxBytes(mdia, child));
    if (child.type === 'mdhd')
      patchHeader(bytes, { ...child, start: 0 }, { duration: options.mediaDuration });
    if (child.type === 'minf' && options.stbl) {
      const inner = childBoxes(bytes, 8, bytes.length).map((b) =>
        b.type === 'stbl' ? (options.stbl as Buffer) : boxBytes(bytes, b),
      );
      parts.push(box('minf', ...inner));
    } else {
      parts.push(bytes);
    }
  }
  return box('mdia', ...parts);
}

/** The master's timecode track for the clip: one sample at `sampleOffset`, spanning the clip. */
function timecodeTrak(
  moov: Buffer,
  trak: BoxRef,
  movieDuration: number,
  seconds: number,
  sampleOffset: number,
): Buffer {
  const mdhd = findBox(moov, ['mdia', 'mdhd'], trak)!;
  const mediaDuration = Math.round(seconds * headerTimescale(moov, mdhd));
  const copy = Buffer.from(retimedTrak(moov, trak, { movieDuration, mediaDuration, mediaTime: 0 }));
  const ref: BoxRef = { type: 'trak', start: 0, headerSize: 8, size: copy.length };
  const stts = findBox(copy, ['mdia', 'minf', 'stbl', 'stts'], ref)!;
  copy.writeUInt32BE(mediaDuration, payloadStart(stts) + 12);
  const stco = findBox(copy, ['mdia', 'minf', 'stbl', 'stco'], ref);
  if (!stco) throw new Error('timecode track without a 32-bit chunk table');
  copy.writeUInt32BE(sampleOffset, payloadStart(stco) + 8);
  return copy;
}

/**
 * Writes the clip to `outputPath`. Preconditions (readMasterMovie) are checked by the caller; the
 * re-encoded parts' sample descriptions must equal the master's.
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
    const place = async (
      index: number,
      source: string,
      table: Mp4VideoSamples,
      first: number,
      count: number,
    ) => {
      const offsets = table.offsets.subarray(first, first + count);
      const sizes = table.sizes.subarray(first, first + count);
      const placed = await out.copySamples(source, offsets, sizes);
      const rank = ranks(table.cts, first, count);
      samples[index] = placed.map((offset, k) => ({
        offset,
        size: sizes[k]!,
        sync: table.sync[first + k] === 1,
        display: starts[index]! + rank[k]!,
      }));
    };
    // The copied stretch first, while the parts encode; the audio after it unless its 32-bit chunk
    // offsets could then pass 4 GB (the audio is bounded by 16 MB a second); then the parts.
    const copyBytes = input.segments.reduce(
      (n, s) => n + (s.kind === 'master' ? sumSizes(input.master.sizes, s.firstSample, s.count) : 0),
      0,
    );
    const seconds = (display * input.frameRate.den) / input.frameRate.num;
    const audioFirst = out.position + copyBytes + seconds * (16 << 20) > 0xffffffff;
    const placeAudio = async () => {
      if (!input.audio) return;
      const side = await readMp4File(await input.audio);
      if (!side.moov || !side.mdat) throw new Error('the audio side file has no moov or mdat');
      const sideMoov = side.moov;
      const sideMdat = side.mdat;
      const sideMvhd = childBoxes(sideMoov, 8).find((b) => b.type === 'mvhd')!;
      movieTimescale = headerTimescale(sideMoov, sideMvhd);
      mvhd = Buffer.from(boxBytes(sideMoov, sideMvhd));
      const placed = await out.copySamples(await input.audio, [sideMdat.start], [sideMdat.size]);
      for (const trak of traks(sideMoov).filter((t) => handlerType(sideMoov, t) === 'soun')) {
        const copy = Buffer.from(boxBytes(sideMoov, trak));
        const ref: BoxRef = { type: 'trak', start: 0, headerSize: 8, size: copy.length };
        relocateChunks(copy, ref, (placed[0] ?? 0) - sideMdat.start);
        patchHeader(copy, findBox(copy, ['tkhd'], ref)!, { trackId: nextTrackId++ });
        audioTraks.push(copy);
      }
    };

    if (audioFirst) await placeAudio();
    for (const [i, segment] of input.segments.entries()) {
      if (segment.kind === 'master')
        await place(i, input.masterPath, input.master, segment.firstSample, segment.count);
    }
    if (!audioFirst) await placeAudio();
    for (const [i, segment] of input.segments.entries()) {
      if (segment.kind !== 'file') continue;
      await segment.ready;
      const table = await readMp4VideoSamples(segment.path);
      if (!table || table.offsets.length !== segment.frames) {
        throw new Error(`re-encoded part ${segment.path} does not hold ${segment.frames} frames`);
      }
      await place(i, segment.path, table, 0, table.offsets.length);
    }
    const video = samples.flat();
    await out.flush();
    const mdatEnd = out.position;
    await handle.write(u64(mdatEnd - mdatStart), 0, 8, mdatStart + 8);

    const delay = Math.max(0, ...video.map((s, g) => g - s.display));
    const mediaDuration = video.length * movie.ticks;
    const movieDuration = Math.round(seconds * movieTimescale);
    const stsd = boxBytes(movie.moov, findBox(movie.moov, ['mdia', 'minf', 'stbl', 'stsd'], movie.video)!);
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
