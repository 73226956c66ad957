/**
 * Marks the H.264 keyframes of an MP4/MOV master that are not IDR pictures (recovery points: x264's
 * open-GOP and scene-cut I-frames), reading only the first bytes of each keyframe's sample: the
 * planner never starts a copy there (see Keyframe.nonIdr). Other codecs and containers are left as
 * they are.
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

export async function markNonIdrKeyframes(
  path: string,
  index: KeyframeIndex,
  info: { codec: string; family: string },
): Promise<void> {
  if (info.codec !== 'h264' || (info.family !== 'mp4' && info.family !== 'mov')) return;
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
