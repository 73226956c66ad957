/**
 * Marks the H.264 keyframes of an MP4/MOV or MPEG-TS master that are not IDR pictures (recovery
 * points: x264's open-GOP and scene-cut I-frames), reading only the first bytes of each keyframe's
 * sample (MP4/MOV) or of the transport packets its PES starts in (MPEG-TS, where ffmpeg flags a
 * recovery point SEI's I-frame as a keyframe): the planner never starts a copy there (see
 * Keyframe.nonIdr). Other codecs and containers are left as they are.
 */
import { open } from 'node:fs/promises';
import { nalUnits } from '../lib/h264/bits.ts';
import { readMp4VideoSamples } from '../lib/isobmff/samples.ts';
import type { KeyframeIndex } from './types.ts';

/** Bytes read at a keyframe: its first slice follows at most a few parameter sets and SEIs. */
const HEAD = 64 << 10;
/** What is read first (an intra-only master has a keyframe a frame: a few KB each, not 64). */
const FIRST = 4 << 10;

/** NAL unit type of the first slice of a length-prefixed access unit (null: none in `unit`). */
export function firstSliceType(unit: Buffer, lengthSize: number): number | null {
  for (const nal of nalUnits(unit, lengthSize)) {
    const type = nal.length > 0 ? nal[0]! & 0x1f : 0;
    if (type === 1 || type === 5) return type;
  }
  return null;
}

/** Transport stream packet layout at the start of `data`: 188-byte packets, or 192 (M2TS). */
function tsLayout(data: Buffer): { stride: number; offset: number } | null {
  // A position may point at an M2TS packet's 4-byte time code or at its sync byte.
  for (const [stride, offset] of [
    [188, 0],
    [192, 0],
    [192, 4],
  ] as const) {
    if (data[offset] === 0x47 && (data.length < offset + stride + 1 || data[offset + stride] === 0x47))
      return { stride, offset };
  }
  return null;
}

/** First NAL unit type 1 or 5 in an Annex B byte stream (null: none complete in `data`). */
function firstSliceTypeAnnexB(data: Buffer): number | null {
  for (let i = 0; i + 3 < data.length; i++) {
    if (data[i] !== 0 || data[i + 1] !== 0 || data[i + 2] !== 1) continue;
    const type = data[i + 3]! & 0x1f;
    if (type === 1 || type === 5) return type;
    i += 2;
  }
  return null;
}

/**
 * NAL unit type of the first slice of the H.264 access unit whose PES starts in the transport
 * packet at the start of `data` (ISO/IEC 13818-1 2.4.3: the PID's payloads after the PES header,
 * up to the next PES); null when `data` does not show one.
 */
export function firstSliceTypeInTs(data: Buffer): number | null {
  const layout = tsLayout(data);
  if (!layout) return null;
  const { stride, offset } = layout;
  const pid = ((data[offset + 1]! & 0x1f) << 8) | data[offset + 2]!;
  if (!(data[offset + 1]! & 0x40)) return null; // not the start of a PES
  const payloads: Buffer[] = [];
  for (let at = offset; at + 188 <= data.length; at += stride) {
    if (data[at] !== 0x47) break;
    const start = (data[at + 1]! & 0x40) !== 0;
    if ((((data[at + 1]! & 0x1f) << 8) | data[at + 2]!) !== pid) continue;
    if (start && payloads.length > 0) break; // the next PES
    const control = (data[at + 3]! >> 4) & 3;
    if (!(control & 1)) continue; // adaptation field only
    let payload = at + 4 + (control & 2 ? 1 + data[at + 4]! : 0);
    if (start) {
      // PES header: start code prefix, stream id, length, two flag bytes, header data length.
      if (data[payload] !== 0 || data[payload + 1] !== 0 || data[payload + 2] !== 1) return null;
      payload += 9 + data[payload + 8]!;
    }
    if (payload < at + 188) payloads.push(data.subarray(payload, at + 188));
  }
  return firstSliceTypeAnnexB(Buffer.concat(payloads));
}

/** MPEG-TS: each keyframe's first slice, read from the transport packets at its position. */
async function markNonIdrInTs(path: string, index: KeyframeIndex): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD);
    for (const keyframe of index.keyframes) {
      if (keyframe.pos === null) continue;
      let type: number | null = null;
      for (const length of [FIRST, HEAD]) {
        const { bytesRead } = await handle.read(buffer, 0, length, keyframe.pos);
        type = firstSliceTypeInTs(buffer.subarray(0, bytesRead));
        if (type !== null || bytesRead < length) break;
      }
      if (type === 1) keyframe.nonIdr = true;
    }
  } finally {
    await handle.close();
  }
}

export async function markNonIdrKeyframes(
  path: string,
  index: KeyframeIndex,
  info: { codec: string; family: string },
): Promise<void> {
  if (info.codec !== 'h264') return;
  if (info.family === 'mpegts') return markNonIdrInTs(path, index);
  if (info.family !== 'mp4' && info.family !== 'mov') return;
  const samples = await readMp4VideoSamples(path).catch(() => null);
  if (!samples) return;
  const sizes = new Map<number, number>();
  samples.offsets.forEach((offset, i) => {
    if (samples.sync[i]) sizes.set(offset, samples.sizes[i]!);
  });
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD);
    for (const keyframe of index.keyframes) {
      const size = keyframe.pos === null ? undefined : sizes.get(keyframe.pos);
      if (keyframe.pos === null || size === undefined) continue;
      // Usually the first few hundred bytes hold the first slice's header: read more only if not.
      let type: number | null = null;
      for (const length of [Math.min(FIRST, size), Math.min(HEAD, size)]) {
        const { bytesRead } = await handle.read(buffer, 0, length, keyframe.pos);
        type = firstSliceType(buffer.subarray(0, bytesRead), samples.avcC.nalLengthSize);
        if (type !== null || length === size) break;
      }
      if (type === 1) keyframe.nonIdr = true;
    }
  } finally {
    await handle.close();
  }
}
