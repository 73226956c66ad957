/**
 * The track boxes of a clip joined at the sample level, built from the master's own (pure): sample
 * description, handler and headers kept byte for byte; new timing tables, chunk offsets, durations
 * and edit lists.
 */
import {
  type BoxRef,
  box,
  boxBytes,
  childBoxes,
  findBox,
  fullBox,
  headerTimescale,
  patchHeader,
  payloadStart,
  u32,
  u32s,
  u64s,
} from './boxes.ts';

export interface OutputSample {
  offset: number;
  size: number;
  sync: boolean;
  /** Display index in the clip. */
  display: number;
}

/** A table of run-length entries (count, value) of a sequence, preceded by the entry count. */
export function runTable(values: readonly number[]): Buffer {
  const entries: number[] = [];
  let i = 0;
  while (i < values.length) {
    let j = i + 1;
    while (j < values.length && values[j] === values[i]) j++;
    entries.push(j - i, values[i]!);
    i = j;
  }
  return Buffer.concat([u32(entries.length / 2), u32s(entries)]);
}

export function videoSampleTable(
  stsd: Buffer,
  samples: OutputSample[],
  ticks: number,
  delay: number,
): Buffer {
  const n = samples.length;
  const ctts = samples.map((s, g) => (s.display + delay - g) * ticks);
  const sync = samples.flatMap((s, g) => (s.sync ? [g + 1] : []));
  return box(
    'stbl',
    stsd,
    fullBox('stts', 0, 0, u32(1, n, ticks)),
    ...(sync.length < n ? [fullBox('stss', 0, 0, u32(sync.length), u32s(sync))] : []),
    ...(ctts.some((c) => c !== 0) ? [fullBox('ctts', 0, 0, runTable(ctts))] : []),
    fullBox('stsc', 0, 0, u32(1, 1, 1, 1)),
    fullBox('stsz', 0, 0, u32(0, n), u32s(samples.map((s) => s.size))),
    chunkOffsets(samples.map((s) => s.offset)),
  );
}

/** A trak with its edit list and the duration fields of tkhd/mdhd replaced (copies `trak`). */
export function retimedTrak(
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
export function timecodeTrak(
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

/** Chunk offsets of samples stored one per chunk: `stco`, or `co64` when one lies beyond 4 GB. */
function chunkOffsets(offsets: readonly number[]): Buffer {
  return offsets.some((o) => o > 0xffffffff)
    ? fullBox('co64', 0, 0, u32(offsets.length), u64s(offsets))
    : fullBox('stco', 0, 0, u32(offsets.length), u32s(offsets));
}

/**
 * The sample table of coded audio frames taken from the master: its sample description, their
 * durations and sizes, one sample per chunk; the master's sample group (AAC's roll distance) when
 * one group covers every sample.
 */
export function audioSampleTable(
  moov: Buffer,
  trak: BoxRef,
  frames: { offsets: readonly number[]; sizes: readonly number[]; durations: readonly number[] },
): Buffer {
  const stbl = findBox(moov, ['mdia', 'minf', 'stbl'], trak)!;
  const tables = new Map(
    childBoxes(moov, payloadStart(stbl), stbl.start + stbl.size).map((b) => [b.type, b] as const),
  );
  const n = frames.offsets.length;
  const groups: Buffer[] = [];
  const sgpd = tables.get('sgpd');
  const sbgp = tables.get('sbgp');
  if (sgpd && sbgp) {
    const p = payloadStart(sbgp);
    const v1 = moov[p] === 1;
    const entries = moov.readUInt32BE(p + (v1 ? 12 : 8));
    if (entries === 1) {
      const groupType = moov.subarray(p + 4, p + 8);
      const index = moov.readUInt32BE(p + (v1 ? 20 : 16));
      const parameter = v1 ? [moov.subarray(p + 8, p + 12)] : [];
      groups.push(
        boxBytes(moov, sgpd),
        fullBox('sbgp', v1 ? 1 : 0, 0, groupType, ...parameter, u32(1, n, index)),
      );
    }
  }
  return box(
    'stbl',
    boxBytes(moov, tables.get('stsd')!),
    fullBox('stts', 0, 0, runTable(frames.durations)),
    fullBox('stsc', 0, 0, u32(1, 1, 1, 1)),
    fullBox('stsz', 0, 0, u32(0, n), u32s(frames.sizes)),
    chunkOffsets(frames.offsets),
    ...groups,
  );
}
