/**
 * Makes a head or tail decoder's feed cheaper without changing what it decodes (pure). Pictures
 * that are fed only as references for others (shown before the in-frame, or after the out-frame)
 * but that no needed picture can predict from are replaced by a picture of skipped macroblocks:
 * a CAVLC P slice (its own PPS) with the same frame_num, picture order count, nal_ref_idc and
 * reference marking operations. The decoded picture buffer then evolves exactly as with the
 * master's pictures, the stream stays conforming (no frame_num gap), and every needed picture
 * decodes to the master's samples. Which pictures may be predicted from is replayed from the
 * slice headers (h264-references.ts); anything that cannot be replayed with certainty is declined.
 */

import { BitstreamError, BitWriter, escapeRbsp, nalUnits } from './bits.ts';
import {
  type Pps,
  parsePps,
  parseSliceHeader,
  parseSps,
  type SliceHeader,
  type Sps,
  slicePpsId,
} from './headers.ts';
import { neededPictures, referencedPictures } from './references.ts';

const NAL_SLICE = 1;
const NAL_IDR = 5;
const NAL_SPS = 7;
const NAL_PPS = 8;

/** A PPS for skipped-macroblock slices: CAVLC, one reference, no weighting, deblocking switchable. */

/** The stream's parameter sets and NAL length field size (an avcC record carries them). */
export interface ParameterSets {
  sps: Buffer[];
  pps: Buffer[];
  nalLengthSize: number;
}

export function skipPps(id: number, spsId: number, like: Pps): Buffer {
  const w = new BitWriter().ue(id).ue(spsId);
  w.bit(0).bit(like.bottomFieldPicOrderInFramePresent); // entropy_coding_mode_flag, bottom_field_pic_order…
  w.ue(0).ue(0).ue(0); // num_slice_groups_minus1, num_ref_idx_l0/l1_default_active_minus1
  w.bit(0).bits(0, 2); // weighted_pred_flag, weighted_bipred_idc
  w.se(0).se(0).se(0); // pic_init_qp_minus26, pic_init_qs_minus26, chroma_qp_index_offset
  w.bit(1).bit(0).bit(0); // deblocking_filter_control_present, constrained_intra_pred, redundant_pic_cnt_present
  return Buffer.concat([Buffer.from([(3 << 5) | NAL_PPS]), escapeRbsp(w.finish())]);
}

/**
 * A P slice of the whole picture, every macroblock skipped, standing in for `picture`; `pps` is
 * the stream's (its picture order count syntax is the skipped slices' PPS's too).
 */
export function skipSlice(picture: SliceHeader, sps: Sps, pps: Pps, skipPpsId: number): Buffer {
  const w = new BitWriter().ue(0).ue(5).ue(skipPpsId); // first_mb_in_slice, slice_type P (all), PPS
  w.bits(picture.frameNum, sps.log2MaxFrameNum);
  if (sps.picOrderCntType === 0) {
    w.bits(picture.picOrderCntLsb, sps.log2MaxPicOrderCntLsb);
    if (pps.bottomFieldPicOrderInFramePresent) w.se(picture.deltaPicOrderCntBottom);
  }
  if (sps.picOrderCntType === 1 && !sps.deltaPicOrderAlwaysZero) {
    w.se(picture.deltaPicOrderCnt[0]);
    if (pps.bottomFieldPicOrderInFramePresent) w.se(picture.deltaPicOrderCnt[1]);
  }
  w.bit(0).bit(0); // num_ref_idx_active_override_flag, ref_pic_list_modification_flag_l0
  if (picture.nalRefIdc !== 0) {
    w.bit(picture.mmcos !== null); // adaptive_ref_pic_marking_mode_flag
    for (const mmco of picture.mmcos ?? []) {
      w.ue(mmco.op);
      if (mmco.op === 1 || mmco.op === 3) w.ue(mmco.differenceOfPicNumsMinus1!);
      if (mmco.op === 2) w.ue(mmco.longTermPicNum!);
      if (mmco.op === 3 || mmco.op === 6) w.ue(mmco.longTermFrameIdx!);
      if (mmco.op === 4) w.ue(mmco.maxLongTermFrameIdxPlus1!);
    }
    if (picture.mmcos) w.ue(0);
  }
  w.se(0).ue(1); // slice_qp_delta, disable_deblocking_filter_idc
  w.ue(sps.widthInMbs * sps.heightInMapUnits); // mb_skip_run: the whole picture
  return Buffer.concat([Buffer.from([(picture.nalRefIdc << 5) | NAL_SLICE]), escapeRbsp(w.finish())]);
}

export interface SkipPlan {
  /** The skipped slices' PPS (a NAL unit), to send after the stream's own parameter sets. */
  pps: Buffer;
  /** Access unit index -> the one NAL unit that replaces it. */
  pictures: Map<number, Buffer>;
}

/**
 * Plans the replacement of the access units (length-prefixed, decode order, starting with an IDR
 * picture) that no `kept` picture needs. Null when nothing can be replaced, or when the stream uses
 * what is not modelled (field or MBAFF coding, slice groups, separate colour planes, …).
 */
export function planSkippedPictures(
  avcC: ParameterSets,
  units: readonly Buffer[],
  kept: readonly boolean[],
): SkipPlan | null {
  try {
    const spsById = new Map<number, Sps>();
    const ppsById = new Map<number, Pps>();
    const addSps = (nal: Buffer) => {
      const sps = parseSps(nal);
      spsById.set(sps.id, sps);
    };
    const addPps = (nal: Buffer) => {
      const pps = parsePps(nal);
      ppsById.set(pps.id, pps);
    };
    avcC.sps.forEach(addSps);
    avcC.pps.forEach(addPps);
    const pictures: SliceHeader[][] = [];
    let sps: Sps | null = null;
    let like: Pps | null = null;
    for (const unit of units) {
      const slices: SliceHeader[] = [];
      for (const nal of nalUnits(unit, avcC.nalLengthSize)) {
        const type = nal[0]! & 0x1f;
        if (type === NAL_SPS) addSps(nal);
        else if (type === NAL_PPS) addPps(nal);
        if (type !== NAL_SLICE && type !== NAL_IDR) continue;
        const pps = ppsById.get(slicePpsId(nal));
        const sliceSps = pps && spsById.get(pps.spsId);
        if (!pps || !sliceSps || (sps && sliceSps.id !== sps.id)) return null;
        // The skipped slices' PPS declares the same picture order count syntax as the stream's.
        if (like && pps.bottomFieldPicOrderInFramePresent !== like.bottomFieldPicOrderInFramePresent)
          return null;
        sps = sliceSps;
        like ??= pps;
        slices.push(parseSliceHeader(nal, sps, pps));
      }
      if (slices.length === 0) return null;
      pictures.push(slices);
    }
    if (!sps || !like || !sps.frameMbsOnly || sps.separateColourPlane) return null;
    const references = referencedPictures(pictures, sps);
    if (!references) return null;
    const needed = neededPictures(references, kept);
    const skipId = [...Array(256).keys()].find((id) => !ppsById.has(id));
    if (skipId === undefined) return null;
    const replaced = new Map<number, Buffer>();
    for (const [i, [picture]] of pictures.entries()) {
      if (!needed[i] && !picture!.idr) replaced.set(i, skipSlice(picture!, sps, like, skipId));
    }
    if (replaced.size === 0) return null;
    return { pps: skipPps(skipId, sps.id, like), pictures: replaced };
  } catch (error) {
    if (error instanceof BitstreamError) return null;
    throw error;
  }
}
