/**
 * Reads what a smart cut needs from an MP4/MOV H.264 master without spawning anything: the avcC
 * sample description (SPS/PPS as the file declares them) and the x264 settings string that x264
 * writes into an SEI of the first access unit. A few small reads, whatever the file size.
 */
import { open } from 'node:fs/promises';

export interface AvcConfig {
  profile: number;
  compatibility: number;
  level: number;
  nalLengthSize: number;
  sps: Buffer[];
  pps: Buffer[];
}

interface Box {
  type: string;
  start: number;
  headerSize: number;
  size: number;
}

type Reader = (position: number, length: number) => Promise<Buffer>;

async function readBoxes(read: Reader, start: number, end: number): Promise<Box[]> {
  const boxes: Box[] = [];
  let position = start;
  while (position + 8 <= end) {
    const header = await read(position, 16);
    if (header.length < 8) break;
    let size = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    let headerSize = 8;
    if (size === 1) {
      size = Number(header.readBigUInt64BE(8));
      headerSize = 16;
    } else if (size === 0) {
      size = end - position;
    }
    if (size < headerSize) break;
    boxes.push({ type, start: position, headerSize, size });
    position += size;
  }
  return boxes;
}

async function child(read: Reader, parent: Box, type: string, skip = 0): Promise<Box | undefined> {
  const boxes = await readBoxes(read, parent.start + parent.headerSize + skip, parent.start + parent.size);
  return boxes.find((b) => b.type === type);
}

/** Parses an avcC payload (ISO/IEC 14496-15 AVCDecoderConfigurationRecord). */
export function parseAvcC(data: Buffer): AvcConfig {
  const sps: Buffer[] = [];
  const pps: Buffer[] = [];
  let offset = 5;
  const spsCount = data[offset++]! & 0x1f;
  for (let i = 0; i < spsCount; i++) {
    const length = data.readUInt16BE(offset);
    sps.push(Buffer.from(data.subarray(offset + 2, offset + 2 + length)));
    offset += 2 + length;
  }
  const ppsCount = data[offset++]!;
  for (let i = 0; i < ppsCount; i++) {
    const length = data.readUInt16BE(offset);
    pps.push(Buffer.from(data.subarray(offset + 2, offset + 2 + length)));
    offset += 2 + length;
  }
  return {
    profile: data[1]!,
    compatibility: data[2]!,
    level: data[3]!,
    nalLengthSize: (data[4]! & 3) + 1,
    sps,
    pps,
  };
}

export interface Mp4AvcFacts {
  avcC: AvcConfig | null;
  /** The x264 options string ("cabac=1 ref=3 …"), when the encoder was x264. */
  x264Options: string | null;
  /** The x264 core version, e.g. 164. */
  x264Core: number | null;
}

const X264 = /x264 - core (\d+)[^\0]*? - options: ([^\0]*)/;

/** Reads avcC and the x264 SEI string of the first video track of an MP4/MOV file. */
export async function readMp4AvcFacts(path: string): Promise<Mp4AvcFacts> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const read: Reader = async (position, length) => {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      return buffer.subarray(0, bytesRead);
    };
    const top = await readBoxes(read, 0, size);
    const moov = top.find((b) => b.type === 'moov');
    let avcC: AvcConfig | null = null;
    if (moov) {
      for (const trak of (await readBoxes(read, moov.start + moov.headerSize, moov.start + moov.size)).filter(
        (b) => b.type === 'trak',
      )) {
        const mdia = await child(read, trak, 'mdia');
        const minf = mdia && (await child(read, mdia, 'minf'));
        const stbl = minf && (await child(read, minf, 'stbl'));
        const stsd = stbl && (await child(read, stbl, 'stsd'));
        if (!stsd) continue;
        // stsd: version/flags (4) + entry count (4), then sample entries.
        const entry = (await readBoxes(read, stsd.start + stsd.headerSize + 8, stsd.start + stsd.size))[0];
        if (!entry || !['avc1', 'avc3'].includes(entry.type)) continue;
        // VisualSampleEntry fixed part: 78 bytes after the box header.
        const config = await child(read, entry, 'avcC', 78);
        if (config) {
          avcC = parseAvcC(await read(config.start + config.headerSize, config.size - config.headerSize));
          break;
        }
      }
    }
    let x264Options: string | null = null;
    let x264Core: number | null = null;
    const mdat = top.find((b) => b.type === 'mdat');
    if (mdat) {
      const head = await read(mdat.start + mdat.headerSize, Math.min(2 << 20, mdat.size));
      const match = X264.exec(head.toString('latin1'));
      if (match) {
        x264Core = Number(match[1]);
        x264Options = match[2]!.trim();
      }
    }
    return { avcC, x264Options, x264Core };
  } finally {
    await handle.close();
  }
}

/** Byte equality of two sample descriptions' parameter sets. */
export function sameParameterSets(a: AvcConfig | null, b: AvcConfig | null): boolean {
  if (!a || !b) return false;
  const same = (x: Buffer[], y: Buffer[]) => x.length === y.length && x.every((buf, i) => buf.equals(y[i]!));
  return a.nalLengthSize === b.nalLengthSize && same(a.sps, b.sps) && same(a.pps, b.pps);
}
