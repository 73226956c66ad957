/**
 * Reads what a smart cut needs from an MP4/MOV H.264 master without spawning anything: the avcC
 * sample description (SPS/PPS as the file declares them) and the x264 settings string that x264
 * writes into an SEI of the first access unit. A few small reads, whatever the file size.
 */
import { open } from 'node:fs/promises';
import { parsePps, parseSps } from '../h264/headers.ts';
import { avcConfigPayload, h264Trak } from './boxes.ts';
import { readMp4File } from './file.ts';

export interface AvcConfig {
  profile: number;
  compatibility: number;
  level: number;
  nalLengthSize: number;
  sps: Buffer[];
  pps: Buffer[];
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

/** Reads avcC and the x264 SEI string of the first H.264 track of an MP4/MOV file. */
export async function readMp4AvcFacts(path: string): Promise<Mp4AvcFacts> {
  const { moov, mdat } = await readMp4File(path);
  const trak = moov ? h264Trak(moov) : undefined;
  const config = moov && trak ? avcConfigPayload(moov, trak) : undefined;
  const avcC = config ? parseAvcC(config) : null;
  let x264Options: string | null = null;
  let x264Core: number | null = null;
  if (mdat) {
    // x264 writes its settings into an SEI of the first access unit, near the start of the data.
    const head = Buffer.alloc(Math.min(2 << 20, mdat.size));
    const handle = await open(path, 'r');
    try {
      await handle.read(head, 0, head.length, mdat.start);
    } finally {
      await handle.close();
    }
    const match = X264.exec(head.toString('latin1'));
    if (match) {
      x264Core = Number(match[1]);
      x264Options = match[2]!.trim();
    }
  }
  return { avcC, x264Options, x264Core };
}

/** Byte equality of two sample descriptions' parameter sets. */
export function sameParameterSets(a: AvcConfig | null, b: AvcConfig | null): boolean {
  if (!a || !b) return false;
  const same = (x: Buffer[], y: Buffer[]) => x.length === y.length && x.every((buf, i) => buf.equals(y[i]!));
  return a.nalLengthSize === b.nalLengthSize && same(a.sps, b.sps) && same(a.pps, b.pps);
}

/** The ids of a sample description's parameter sets (seq_parameter_set_id, pic_parameter_set_id). */
export function parameterSetIds(config: AvcConfig): { sps: number[]; pps: number[] } {
  return { sps: config.sps.map((nal) => parseSps(nal).id), pps: config.pps.map((nal) => parsePps(nal).id) };
}

/**
 * The parameter sets of `parts` that `master` lacks, when each has an id the master does not use
 * (so one avc1 sample description can carry them all, ISO/IEC 14496-15 §5.3.3); null when an id is
 * used twice with different contents (then the sets must travel in-band).
 */
export function extraParameterSets(
  master: AvcConfig,
  parts: readonly AvcConfig[],
): { sps: Buffer[]; pps: Buffer[] } | null {
  const extra = { sps: [] as Buffer[], pps: [] as Buffer[] };
  const known = {
    sps: new Map(master.sps.map((nal) => [parseSps(nal).id, nal])),
    pps: new Map(master.pps.map((nal) => [parsePps(nal).id, nal])),
  };
  for (const part of parts) {
    if (part.nalLengthSize !== master.nalLengthSize) return null;
    for (const kind of ['sps', 'pps'] as const) {
      for (const nal of part[kind]) {
        const id = kind === 'sps' ? parseSps(nal).id : parsePps(nal).id;
        const existing = known[kind].get(id);
        if (existing?.equals(nal)) continue;
        if (existing) return null;
        known[kind].set(id, nal);
        extra[kind].push(nal);
      }
    }
  }
  return extra;
}

/**
 * An avcC payload with more parameter sets appended to its lists; the bytes after the lists (High
 * profile's chroma format and bit depths) are kept.
 */
export function avcCWithParameterSets(
  payload: Buffer,
  sps: readonly Buffer[],
  pps: readonly Buffer[],
): Buffer {
  let offset = 5;
  const spsCount = payload[offset]! & 0x1f;
  const spsStart = offset + 1;
  offset = spsStart;
  for (let i = 0; i < spsCount; i++) offset += 2 + payload.readUInt16BE(offset);
  const spsEnd = offset;
  const ppsCount = payload[offset]!;
  const ppsStart = offset + 1;
  offset = ppsStart;
  for (let i = 0; i < ppsCount; i++) offset += 2 + payload.readUInt16BE(offset);
  const ppsEnd = offset;
  if (spsCount + sps.length > 31 || ppsCount + pps.length > 255) throw new Error('too many parameter sets');
  const list = (sets: readonly Buffer[]) =>
    sets.flatMap((nal) => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(nal.length, 0);
      return [length, nal];
    });
  return Buffer.concat([
    payload.subarray(0, 5),
    Buffer.from([(payload[5]! & 0xe0) | (spsCount + sps.length)]),
    payload.subarray(spsStart, spsEnd),
    ...list(sps),
    Buffer.from([ppsCount + pps.length]),
    payload.subarray(ppsStart, ppsEnd),
    ...list(pps),
    payload.subarray(ppsEnd),
  ]);
}
