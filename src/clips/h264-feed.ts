/**
 * Feeds a decoder only the H.264 pictures a re-encoded head or tail needs. Pictures displayed before
 * the part's first frame are decoded only to serve as references; those no picture references
 * (nal_ref_idc 0: about half of them with B-pyramids) are left out. The pictures go to ffmpeg as an
 * Annex B elementary stream (parameter sets first), read straight from the master's samples.
 */
import { open } from 'node:fs/promises';
import type { Mp4VideoSamples } from './mp4-samples.ts';

/** A GOP of the master in decode order: sample indexes [first, end), each one's display position. */
export interface GopPictures {
  first: number;
  end: number;
  /** Display position within the GOP (0 = the keyframe), by decode index - first. */
  display: Int32Array;
}

/** The GOP that starts at sync sample `first`; null when pictures in it display before the keyframe. */
export function gopPictures(
  samples: Pick<Mp4VideoSamples, 'cts' | 'sync'>,
  first: number,
): GopPictures | null {
  let end = first + 1;
  while (end < samples.sync.length && !samples.sync[end]) end++;
  const order = Array.from({ length: end - first }, (_, i) => first + i).sort(
    (a, b) => samples.cts[a]! - samples.cts[b]!,
  );
  const display = new Int32Array(end - first);
  order.forEach((sample, rank) => {
    display[sample - first] = rank;
  });
  return display[0] === 0 ? { first, end, display } : null;
}

export interface FeedPlan {
  /** Sample indexes to feed, decode order. */
  samples: number[];
  /** Fed pictures displayed before the part's first frame (decoded as references, not encoded). */
  leading: number;
}

/**
 * Which pictures of the GOP to feed for its display positions [start, end): every picture up to the
 * last one displayed before `end`, except unreferenced ones displayed before `start`. Pure.
 */
export function planFeed(
  gop: GopPictures,
  start: number,
  end: number,
  isReference: (sample: number) => boolean,
): FeedPlan | null {
  if (start < 0 || end > gop.end - gop.first || start >= end) return null;
  let last = -1;
  gop.display.forEach((position, i) => {
    if (position < end) last = i;
  });
  const samples: number[] = [];
  let leading = 0;
  for (let i = 0; i <= last; i++) {
    const position = gop.display[i]!;
    if (position < start) {
      if (!isReference(gop.first + i)) continue;
      leading++;
    }
    samples.push(gop.first + i);
  }
  return { samples, leading };
}

/**
 * nal_ref_idc of the first slice of a length-prefixed access unit: 0 when no picture references
 * it; null when the slice header is not within `data`.
 */
export function sliceRefIdc(data: Buffer, lengthSize: number): number | null {
  let position = 0;
  while (position + lengthSize < data.length) {
    const length = data.readUIntBE(position, lengthSize);
    const header = data[position + lengthSize]!;
    const type = header & 0x1f;
    if (type >= 1 && type <= 5) return (header >> 5) & 3;
    position += lengthSize + length;
  }
  return null;
}

/** Annex B: start codes instead of length prefixes. */
export function toAnnexB(data: Buffer, lengthSize: number): Buffer {
  const parts: Buffer[] = [];
  let position = 0;
  while (position + lengthSize <= data.length) {
    const length = data.readUIntBE(position, lengthSize);
    parts.push(START_CODE, data.subarray(position + lengthSize, position + lengthSize + length));
    position += lengthSize + length;
  }
  return Buffer.concat(parts);
}

const START_CODE = Buffer.from([0, 0, 0, 1]);

/** Reads which of `sampleIndexes` are reference pictures (a few bytes each). */
export async function referencePictures(
  path: string,
  samples: Mp4VideoSamples,
  sampleIndexes: readonly number[],
): Promise<Set<number>> {
  const references = new Set<number>();
  const handle = await open(path, 'r');
  try {
    for (const index of sampleIndexes) {
      const size = samples.sizes[index]!;
      let length = Math.min(size, 64);
      for (;;) {
        const buffer = Buffer.alloc(length);
        await handle.read(buffer, 0, length, samples.offsets[index]!);
        const idc = sliceRefIdc(buffer, samples.avcC.nalLengthSize);
        if (idc !== null || length >= size) {
          // Unknown counts as a reference: feeding a picture too many is only slower.
          if (idc !== 0) references.add(index);
          break;
        }
        length = Math.min(size, length * 8);
      }
    }
  } finally {
    await handle.close();
  }
  return references;
}

/** The elementary stream of the fed pictures: SPS and PPS, then each picture. */
export async function* annexBStream(
  path: string,
  samples: Mp4VideoSamples,
  sampleIndexes: readonly number[],
): AsyncGenerator<Buffer> {
  const { avcC } = samples;
  yield Buffer.concat([...avcC.sps, ...avcC.pps].flatMap((set) => [START_CODE, set]));
  const handle = await open(path, 'r');
  try {
    for (const index of sampleIndexes) {
      const buffer = Buffer.alloc(samples.sizes[index]!);
      await handle.read(buffer, 0, buffer.length, samples.offsets[index]!);
      yield toAnnexB(buffer, avcC.nalLengthSize);
    }
  } finally {
    await handle.close();
  }
}
