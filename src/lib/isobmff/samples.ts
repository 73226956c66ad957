/**
 * The sample tables of an MP4/MOV file's tracks, read without spawning anything (ISO/IEC 14496-12
 * stbl: stsz, stsc, stco/co64, stts, ctts, stss): where every sample is, its decode and composition
 * times, and whether it is a sync sample. Lets a smart cut feed a decoder exactly the pictures it
 * needs (see h264-feed.ts) and take the audio's coded frames straight from the master.
 */
import { type AvcConfig, parseAvcC } from './avc.ts';
import {
  avcConfigPayload,
  type BoxRef,
  childBoxes,
  findBox,
  h264Trak,
  payloadStart,
  videoTrak,
} from './boxes.ts';
import { readMp4File } from './file.ts';

/** A track's samples, per sample in decode order. */
export interface SampleTable {
  offsets: Float64Array;
  sizes: Uint32Array;
  /** Decode and composition times in the track's timescale (before any edit list). */
  dts: Float64Array;
  cts: Float64Array;
  sync: Uint8Array;
}

export interface Mp4VideoSamples extends SampleTable {
  avcC: AvcConfig;
}

/** Parses the sample tables of one stbl (payloads by box type) into per-sample arrays. Pure. */
export function parseSampleTables(tables: Map<string, Buffer>): SampleTable {
  const stsz = tables.get('stsz');
  const stsc = tables.get('stsc');
  const chunkBox = tables.get('co64') ?? tables.get('stco');
  const stts = tables.get('stts');
  if (!stsz || !stsc || !chunkBox || !stts) throw new Error('incomplete sample table');
  const fixedSize = stsz.readUInt32BE(4);
  const count = stsz.readUInt32BE(8);
  const sizes = new Uint32Array(count);
  for (let i = 0; i < count; i++) sizes[i] = fixedSize || stsz.readUInt32BE(12 + 4 * i);

  const chunkCount = chunkBox.readUInt32BE(4);
  const wide = tables.has('co64');
  const chunkOffset = (c: number) =>
    wide ? Number(chunkBox.readBigUInt64BE(8 + 8 * c)) : chunkBox.readUInt32BE(8 + 4 * c);
  const offsets = new Float64Array(count);
  const entries = stsc.readUInt32BE(4);
  let sample = 0;
  for (let e = 0; e < entries; e++) {
    const firstChunk = stsc.readUInt32BE(8 + 12 * e) - 1;
    const perChunk = stsc.readUInt32BE(12 + 12 * e);
    const lastChunk = e + 1 < entries ? stsc.readUInt32BE(8 + 12 * (e + 1)) - 1 : chunkCount;
    for (let c = firstChunk; c < lastChunk && sample < count; c++) {
      let position = chunkOffset(c);
      for (let k = 0; k < perChunk && sample < count; k++) {
        offsets[sample] = position;
        position += sizes[sample]!;
        sample++;
      }
    }
  }

  const dts = new Float64Array(count);
  let time = 0;
  sample = 0;
  for (let e = 0, n = stts.readUInt32BE(4); e < n; e++) {
    const runs = stts.readUInt32BE(8 + 8 * e);
    const delta = stts.readUInt32BE(12 + 8 * e);
    for (let k = 0; k < runs && sample < count; k++) {
      dts[sample++] = time;
      time += delta;
    }
  }
  const cts = Float64Array.from(dts);
  const ctts = tables.get('ctts');
  if (ctts) {
    const signed = ctts[0] === 1;
    sample = 0;
    for (let e = 0, n = ctts.readUInt32BE(4); e < n; e++) {
      const runs = ctts.readUInt32BE(8 + 8 * e);
      const offset = signed ? ctts.readInt32BE(12 + 8 * e) : ctts.readUInt32BE(12 + 8 * e);
      for (let k = 0; k < runs && sample < count; k++) cts[sample] = dts[sample++]! + offset;
    }
  }
  const sync = new Uint8Array(count);
  const stss = tables.get('stss');
  if (stss) {
    for (let e = 0, n = stss.readUInt32BE(4); e < n; e++) {
      const index = stss.readUInt32BE(8 + 4 * e) - 1;
      if (index < count) sync[index] = 1;
    }
  } else {
    sync.fill(1);
  }
  return { offsets, sizes, dts, cts, sync };
}

/** The sample table of a track of a moov. Pure. */
export function trackSamples(moov: Buffer, trak: BoxRef): SampleTable | null {
  const stbl = findBox(moov, ['mdia', 'minf', 'stbl'], trak);
  if (!stbl) return null;
  const tables = new Map<string, Buffer>();
  for (const table of childBoxes(moov, payloadStart(stbl), stbl.start + stbl.size)) {
    tables.set(table.type, moov.subarray(payloadStart(table), table.start + table.size));
  }
  return parseSampleTables(tables);
}

/** The sample table of a moov's first H.264 (avc1/avc3) video track; null when there is none. Pure. */
export function videoSamples(moov: Buffer): Mp4VideoSamples | null {
  const trak = h264Trak(moov);
  const config = trak && avcConfigPayload(moov, trak);
  const table = trak && config && trackSamples(moov, trak);
  return table && config ? { ...table, avcC: parseAvcC(config) } : null;
}

/** Reads the sample table of the first H.264 video track of an MP4/MOV file; null when none. */
export async function readMp4VideoSamples(path: string): Promise<Mp4VideoSamples | null> {
  const { moov } = await readMp4File(path);
  return moov ? videoSamples(moov) : null;
}

/** Reads the sample table of the first video track of an MP4/MOV file, any codec; null when none. */
export async function readMp4TrackSamples(path: string): Promise<SampleTable | null> {
  const { moov } = await readMp4File(path);
  const trak = moov ? videoTrak(moov) : undefined;
  return moov && trak ? trackSamples(moov, trak) : null;
}
