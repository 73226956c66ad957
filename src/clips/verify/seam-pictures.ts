/**
 * The H.264 pictures on each side of an MP4/MOV smart cut's seams, read from the clip's own bytes
 * (I/O: one read per sample, a few dozen samples; the rest pure), so that its decode windows need
 * not decode further than a seam can matter (README "Where the clip is decoded"):
 *
 * - **head**: when the first copied picture is an IDR, decoding restarts there (every reference
 *   marked unused, frame_num and order counts from zero: H.264 8.2.1, 8.2.5.1) and what crosses
 *   the seam is the output of the head's pictures still held for reordering, which comes first
 *   (C.4.4, C.4.5.3; FFmpeg's output stops its search at a key frame). When every SPS the clip can
 *   activate bounds reordering (`bitstream_restriction_flag`, `max_num_reorder_frames` R), FFmpeg's
 *   reorder delay is at least R and never raised on the fly, so once the head's pictures are out
 *   the copied GOP is output as by a decoder started at that IDR: the head window need hold only
 *   R + 1 frames of the copied GOP (`headAfterCopy`);
 * - **tail**: when the re-encoded tail starts with an IDR (sync sample, `no_output_of_prior_pics_flag`
 *   0) under the one SPS of an avc1 sample description, every copied picture held at the seam is
 *   output before it, in order, and its decoding cannot depend on them: the tail window can start at
 *   that IDR (`tailIdr`). The copied pictures' times are compared with the master's elsewhere
 *   (middle-samples.ts), their bytes too.
 *
 * Anything else (no avcC, parameter sets in-band, a seam that is not an IDR, an SPS without the
 * restriction) keeps the windows as windows.ts plans them.
 */
import { nalUnits } from '../../lib/h264/bits.ts';
import {
  type Pps,
  parsePps,
  parseSliceHeader,
  parseSps,
  type Sps,
  slicePpsId,
  spsReorder,
} from '../../lib/h264/headers.ts';
import type { AvcConfig } from '../../lib/isobmff/avc.ts';
import type { SampleTable } from '../../lib/isobmff/samples.ts';
import { readAccessUnits } from '../execute/h264-feed.ts';
import { HEAD_AFTER_COPY } from './windows.ts';

/** nal_unit_type values (H.264 table 7-1). */
const NAL = { nonIdr: 1, idr: 5, sps: 7, pps: 8 } as const;

export interface SeamPictures {
  /** Whether the first copied picture is an IDR (null: not read). */
  headIdr: boolean | null;
  /** Frames of the first copied GOP the head window must decode (R + 1); null: HEAD_AFTER_COPY. */
  headAfterCopy: number | null;
  /** Whether the tail window may start at the re-encoded tail's first picture (an IDR, above). */
  tailIdr: boolean;
}

/** The NAL units of each sample (decode order) in [from, to), read from the clip. */
async function sampleNals(
  clipPath: string,
  table: SampleTable,
  from: number,
  to: number,
  lengthSize: number,
): Promise<Buffer[][]> {
  const units = await readAccessUnits(clipPath, table, Math.max(0, from), Math.min(to, table.sizes.length));
  return units.map((unit) => nalUnits(unit, lengthSize));
}

const typeOf = (nal: Buffer) => nal[0]! & 0x1f;
const slices = (nals: Buffer[]) => nals.filter((n) => typeOf(n) === NAL.idr || typeOf(n) === NAL.nonIdr);
const allIdr = (nals: Buffer[]) => {
  const pictures = slices(nals);
  return pictures.length > 0 && pictures.every((n) => typeOf(n) === NAL.idr);
};
const parameterSets = (samples: Buffer[][]) =>
  samples.flat().filter((n) => typeOf(n) === NAL.sps || typeOf(n) === NAL.pps);

/**
 * R + 1 when the clip's first copied sample (`firstCopied`, decode order) is an IDR and every SPS
 * that can be active from the clip's start through it (its avcC's, any in-band before or in it)
 * bounds reordering; null otherwise. Pure.
 */
export function headAfterIdr(avcC: AvcConfig, head: Buffer[][], copied: Buffer[]): number | null {
  if (!allIdr(copied)) return null;
  const candidates = [...avcC.sps, ...[...head, copied].flat().filter((n) => typeOf(n) === NAL.sps)];
  let reorder = 0;
  for (const sps of candidates) {
    const bound = safely(() => spsReorder(sps));
    if (!bound) return null;
    reorder = Math.max(reorder, bound.maxNumReorderFrames);
  }
  return reorder + 1 < HEAD_AFTER_COPY ? reorder + 1 : null;
}

/**
 * Whether the tail's first sample is an IDR that outputs the pictures before it (no
 * `no_output_of_prior_pics_flag`), parsed with the avcC's one SPS and its PPS, no parameter set
 * in-band in the samples from the last copied keyframe through it (so a decode started at the
 * tail sees the parameter sets a decode from that keyframe sees). Pure.
 */
export function tailStartsIdr(avcC: AvcConfig, before: Buffer[][], tail: Buffer[], sync: boolean): boolean {
  if (!sync || !allIdr(tail) || avcC.sps.length !== 1) return false;
  if (parameterSets([...before, tail]).length > 0) return false;
  const sps = safely(() => parseSps(avcC.sps[0]!));
  const ppsById = new Map<number, Pps>();
  for (const nal of avcC.pps) {
    const pps = safely(() => parsePps(nal));
    if (pps) ppsById.set(pps.id, pps);
  }
  if (!sps) return false;
  return slices(tail).every((nal) => {
    const header = safely(() => headerOf(nal, sps, ppsById));
    return header !== null && header.noOutputOfPriorPics === false;
  });
}

function headerOf(nal: Buffer, sps: Sps, ppsById: Map<number, Pps>) {
  const pps = ppsById.get(slicePpsId(nal));
  if (!pps || pps.spsId !== sps.id) return null;
  return parseSliceHeader(nal, sps, pps);
}

function safely<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/**
 * The seams of an MP4/MOV H.264 clip, from its bytes: the head's samples and the first copied one
 * (decode order `firstCopied`: after re-encoded pictures it must be an IDR, docs/smart-cut.md trap
 * 5, or the clip is not conforming: frame numbers jump, order counts and marking carry on), the last copied GOP from its keyframe (`lastKeyframe`) and the
 * tail's first sample (`tailFirst`, null when nothing is re-encoded at the end).
 */
export async function seamPictures(
  clipPath: string,
  table: SampleTable,
  avcC: AvcConfig | null,
  firstCopied: number,
  lastKeyframe: number,
  tailFirst: number | null,
): Promise<SeamPictures> {
  if (!avcC || firstCopied < 0) return { headIdr: null, headAfterCopy: null, tailIdr: false };
  const length = avcC.nalLengthSize;
  const [head, tail] = await Promise.all([
    sampleNals(clipPath, table, 0, firstCopied + 1, length),
    tailFirst === null || lastKeyframe < 0
      ? Promise.resolve(null)
      : sampleNals(clipPath, table, lastKeyframe, tailFirst + 1, length),
  ]);
  const copied = head.pop() ?? [];
  return {
    headIdr: allIdr(copied),
    headAfterCopy: headAfterIdr(avcC, head, copied),
    tailIdr:
      tail !== null && tailFirst !== null
        ? tailStartsIdr(avcC, tail.slice(0, -1), tail.at(-1) ?? [], table.sync[tailFirst] === 1)
        : false,
  };
}
