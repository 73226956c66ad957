/**
 * The sample table of an MP4/MOV file's H.264 video track, read without spawning anything (ISO/IEC
 * 14496-12 stbl: stsz, stsc, stco/co64, stts, ctts, stss): where every coded picture is, its decode
 * and composition times, and whether it is a sync sample. Lets a smart cut feed a decoder exactly
 * the pictures it needs (see h264-feed.ts).
 */
import { type FileHandle, open } from 'node:fs/promises';
import { type AvcConfig, parseAvcC } from './mp4-avc.ts';

export interface Mp4VideoSamples {
  avcC: AvcConfig;
  /** Per sample, decode order. */
  offsets: Float64Array;
  sizes: Uint32Array;
  /** Decode and composition times in the track's timescale (before any edit list). */
  dts: Float64Array;
  cts: Float64Array;
  sync: Uint8Array;
}

interface Box {
  type: string;
  start: number;
  headerSize: number;
  size: number;
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);

class BoxReader {
  constructor(
    private readonly handle: FileHandle,
    private readonly fileSize: number,
  ) {}

  async read(position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.alloc(Math.max(0, Math.min(length, this.fileSize - position)));
    const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, position);
    return buffer.subarray(0, bytesRead);
  }

  async children(start: number, end: number): Promise<Box[]> {
    const boxes: Box[] = [];
    let position = start;
    while (position + 8 <= end) {
      const header = await this.read(position, 16);
      if (header.length < 8) break;
      let size = header.readUInt32BE(0);
      let headerSize = 8;
      if (size === 1) {
        size = Number(header.readBigUInt64BE(8));
        headerSize = 16;
      } else if (size === 0) {
        size = end - position;
      }
      if (size < headerSize) break;
      boxes.push({ type: header.toString('latin1', 4, 8), start: position, headerSize, size });
      position += size;
    }
    return boxes;
  }

  payload(box: Box): Promise<Buffer> {
    return this.read(box.start + box.headerSize, box.size - box.headerSize);
  }
}

/** Parses the sample tables of one stbl (payloads by box type) into per-sample arrays. Pure. */
export function parseSampleTables(tables: Map<string, Buffer>, avcC: AvcConfig): Mp4VideoSamples {
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
  return { avcC, offsets, sizes, dts, cts, sync };
}

/** Reads the sample table of the first H.264 (avc1/avc3) video track; null when there is none. */
export async function readMp4VideoSamples(path: string): Promise<Mp4VideoSamples | null> {
  const handle = await open(path, 'r');
  try {
    const reader = new BoxReader(handle, (await handle.stat()).size);
    const moov = (await reader.children(0, Number.MAX_SAFE_INTEGER)).find((b) => b.type === 'moov');
    if (!moov) return null;
    const walk = async (box: Box): Promise<Map<string, Box> | null> => {
      const found = new Map<string, Box>();
      for (const child of await reader.children(box.start + box.headerSize, box.start + box.size)) {
        if (CONTAINERS.has(child.type)) {
          const inner = await walk(child);
          if (inner) for (const [type, b] of inner) found.set(type, b);
        } else {
          found.set(child.type, child);
        }
      }
      return found;
    };
    for (const trak of (await reader.children(moov.start + moov.headerSize, moov.start + moov.size)).filter(
      (b) => b.type === 'trak',
    )) {
      const boxes = await walk(trak);
      const stsd = boxes?.get('stsd');
      if (!boxes || !stsd) continue;
      const entry = (await reader.children(stsd.start + stsd.headerSize + 8, stsd.start + stsd.size))[0];
      if (!entry || !['avc1', 'avc3'].includes(entry.type)) continue;
      // VisualSampleEntry fixed part: 78 bytes after the box header.
      const config = (
        await reader.children(entry.start + entry.headerSize + 78, entry.start + entry.size)
      ).find((b) => b.type === 'avcC');
      if (!config) continue;
      const tables = new Map<string, Buffer>();
      for (const type of ['stsz', 'stsc', 'stco', 'co64', 'stts', 'ctts', 'stss']) {
        const box = boxes.get(type);
        if (box) tables.set(type, await reader.payload(box));
      }
      return parseSampleTables(tables, parseAvcC(await reader.payload(config)));
    }
    return null;
  } finally {
    await handle.close();
  }
}
