/**
 * Feeds a decoder only the H.264 pictures a re-encoded head or tail needs. Pictures displayed before
 * the part's first frame are decoded only to serve as references; those no picture references
 * (nal_ref_idc 0: about half of them with B-pyramids) are left out, and referenced ones that no
 * needed picture predicts from are replaced by skipped pictures (h264-skip-pictures.ts). The
 * pictures go to ffmpeg as an Annex B elementary stream (parameter sets first), read straight from
 * the master's samples.
 */
import { open } from 'node:fs/promises';
import { nalUnits } from '../../lib/h264/bits.ts';
import { planSkippedPictures } from '../../lib/h264/skip-pictures.ts';
import type { Mp4VideoSamples } from '../../lib/isobmff/samples.ts';

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

/** Decode index (from the keyframe) of the last picture displayed before `end`. */
function lastFedIndex(gop: GopPictures, end: number): number {
  let last = -1;
  gop.display.forEach((position, i) => {
    if (position < end) last = i;
  });
  return last;
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
  const last = lastFedIndex(gop, end);
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

/** nal_ref_idc of the first slice of a length-prefixed access unit (0: no picture references it). */
export function sliceRefIdc(unit: Buffer, lengthSize: number): number | null {
  const slice = nalUnits(unit, lengthSize).find((nal) => (nal[0]! & 0x1f) >= 1 && (nal[0]! & 0x1f) <= 5);
  return slice ? (slice[0]! >> 5) & 3 : null;
}

/** Annex B: start codes instead of length prefixes. */
export function toAnnexB(data: Buffer, lengthSize: number): Buffer {
  return Buffer.concat(nalUnits(data, lengthSize).flatMap((nal) => [START_CODE, nal]));
}

const START_CODE = Buffer.from([0, 0, 0, 1]);

/** Access units [first, end) of the master, read at once when they lie close together. */
export async function readAccessUnits(
  path: string,
  samples: Pick<Mp4VideoSamples, 'offsets' | 'sizes'>,
  first: number,
  end: number,
): Promise<Buffer[]> {
  if (end <= first) return [];
  const handle = await open(path, 'r');
  try {
    const from = samples.offsets[first]!;
    const until = samples.offsets[end - 1]! + samples.sizes[end - 1]!;
    let ordered = true;
    for (let i = first + 1; i < end; i++) ordered &&= samples.offsets[i]! >= samples.offsets[i - 1]!;
    if (ordered && until - from <= MAX_SPAN) {
      const span = Buffer.allocUnsafe(until - from);
      const { bytesRead } = await handle.read(span, 0, span.length, from);
      if (bytesRead !== span.length) throw new Error(`short read from ${path}`);
      return Array.from({ length: end - first }, (_, k) => {
        const at = samples.offsets[first + k]! - from;
        return span.subarray(at, at + samples.sizes[first + k]!);
      });
    }
    const units: Buffer[] = [];
    for (let i = first; i < end; i++) {
      const unit = Buffer.allocUnsafe(samples.sizes[i]!);
      const { bytesRead } = await handle.read(unit, 0, unit.length, samples.offsets[i]!);
      if (bytesRead !== unit.length) throw new Error(`short read from ${path}`);
      units.push(unit);
    }
    return units;
  } finally {
    await handle.close();
  }
}

/** Above this, a GOP's pictures are read one by one rather than with what lies between them. */
const MAX_SPAN = 64 << 20;

export interface Feed {
  /** The Annex B stream: parameter sets, then each fed picture. */
  chunks: Buffer[];
  /** Fed pictures displayed before the part's first frame. */
  leading: number;
  /** Fed pictures replaced by skipped pictures (h264-skip-pictures.ts). */
  skipped: number;
}

/**
 * The feed of display positions [start, end) of the GOP at sync sample `first`: the pictures
 * `planFeed` keeps, those that no needed picture predicts from replaced by skipped pictures when
 * the stream allows. Null when the GOP cannot be fed (open GOP, range outside it).
 */
export async function readFeed(
  path: string,
  samples: Mp4VideoSamples,
  first: number,
  start: number,
  end: number,
): Promise<Feed | null> {
  const gop = gopPictures(samples, first);
  if (!gop || start < 0 || start >= end || end > gop.end - gop.first) return null;
  const { avcC } = samples;
  const units = await readAccessUnits(path, samples, first, first + lastFedIndex(gop, end) + 1);
  // Unknown counts as a reference: feeding a picture too many is only slower.
  const plan = planFeed(gop, start, end, (i) => sliceRefIdc(units[i - first]!, avcC.nalLengthSize) !== 0);
  if (!plan) return null;
  const fed = plan.samples.map((i) => units[i - first]!);
  const kept = plan.samples.map((i) => gop.display[i - first]! >= start && gop.display[i - first]! < end);
  const skip = planSkippedPictures(avcC, fed, kept);
  const parameterSets = [...avcC.sps, ...avcC.pps, ...(skip ? [skip.pps] : [])];
  const chunks = [
    Buffer.concat(parameterSets.flatMap((set) => [START_CODE, set])),
    ...fed.map((unit, i) => {
      const replacement = skip?.pictures.get(i);
      return replacement ? Buffer.concat([START_CODE, replacement]) : toAnnexB(unit, avcC.nalLengthSize);
    }),
  ];
  return { chunks, leading: plan.leading, skipped: skip?.pictures.size ?? 0 };
}
