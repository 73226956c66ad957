/**
 * H.264 parameter sets and slice headers, as far as reference picture handling needs them (pure;
 * ITU-T H.264 7.3.2.1.1, 7.3.2.2, 7.3.3). Input is a NAL unit without its start code or length
 * prefix; emulation prevention is removed here.
 */
import { BitReader, BitstreamError, unescapeRbsp } from './bits.ts';

export interface Sps {
  id: number;
  profileIdc: number;
  /** 0 for monochrome or separate colour planes (ChromaArrayType). */
  chromaArrayType: number;
  separateColourPlane: boolean;
  log2MaxFrameNum: number;
  picOrderCntType: number;
  log2MaxPicOrderCntLsb: number;
  deltaPicOrderAlwaysZero: boolean;
  maxNumRefFrames: number;
  widthInMbs: number;
  heightInMapUnits: number;
  frameMbsOnly: boolean;
}

export interface Pps {
  id: number;
  spsId: number;
  entropyCodingMode: boolean;
  bottomFieldPicOrderInFramePresent: boolean;
  numRefIdxL0DefaultActive: number;
  numRefIdxL1DefaultActive: number;
  weightedPred: boolean;
  weightedBipredIdc: number;
  deblockingFilterControlPresent: boolean;
  redundantPicCntPresent: boolean;
}

export type SliceKind = 'P' | 'B' | 'I' | 'SP' | 'SI';
const SLICE_KINDS: SliceKind[] = ['P', 'B', 'I', 'SP', 'SI'];

/** ref_pic_list_modification: idc 0/1 with abs_diff_pic_num_minus1, idc 2 with long_term_pic_num. */
export interface ListModification {
  idc: number;
  value: number;
}

/** memory_management_control_operation and its operands. */
export interface Mmco {
  op: number;
  differenceOfPicNumsMinus1?: number;
  longTermPicNum?: number;
  longTermFrameIdx?: number;
  maxLongTermFrameIdxPlus1?: number;
}

export interface SliceHeader {
  nalRefIdc: number;
  idr: boolean;
  firstMb: number;
  kind: SliceKind;
  ppsId: number;
  frameNum: number;
  picOrderCntLsb: number;
  deltaPicOrderCntBottom: number;
  deltaPicOrderCnt: [number, number];
  numRefIdxActive: [number, number];
  modifications: [ListModification[], ListModification[]];
  longTermReference: boolean;
  /** An IDR's no_output_of_prior_pics_flag (false for other pictures). */
  noOutputOfPriorPics?: boolean;
  /** Adaptive marking operations (null: sliding window). */
  mmcos: Mmco[] | null;
}

const HEADER_BYTES = 1024;
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

function skipScalingList(reader: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) next = (last + reader.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

export function parseSps(nal: Uint8Array): Sps {
  return readSps(nal).sps;
}

/** The SPS's fields and the reader left just after `frame_mbs_only_flag`. */
function readSps(nal: Uint8Array): { sps: Sps; r: BitReader } {
  const r = new BitReader(unescapeRbsp(nal.subarray(1)));
  const profileIdc = r.bits(8);
  r.bits(16); // constraint flags, level_idc
  const id = r.ue();
  let chromaFormatIdc = 1;
  let separateColourPlane = false;
  if (HIGH_PROFILES.has(profileIdc)) {
    chromaFormatIdc = r.ue();
    if (chromaFormatIdc === 3) separateColourPlane = r.flag();
    r.ue(); // bit_depth_luma_minus8
    r.ue(); // bit_depth_chroma_minus8
    r.bit(); // qpprime_y_zero_transform_bypass_flag
    if (r.flag()) {
      for (let i = 0; i < (chromaFormatIdc !== 3 ? 8 : 12); i++) {
        if (r.flag()) skipScalingList(r, i < 6 ? 16 : 64);
      }
    }
  }
  const log2MaxFrameNum = r.ue() + 4;
  const picOrderCntType = r.ue();
  let log2MaxPicOrderCntLsb = 0;
  let deltaPicOrderAlwaysZero = false;
  if (picOrderCntType === 0) log2MaxPicOrderCntLsb = r.ue() + 4;
  else if (picOrderCntType === 1) {
    deltaPicOrderAlwaysZero = r.flag();
    r.se(); // offset_for_non_ref_pic
    r.se(); // offset_for_top_to_bottom_field
    const cycle = r.ue();
    for (let i = 0; i < cycle; i++) r.se();
  }
  const maxNumRefFrames = r.ue();
  r.bit(); // gaps_in_frame_num_value_allowed_flag (gaps are declined either way)
  const widthInMbs = r.ue() + 1;
  const heightInMapUnits = r.ue() + 1;
  const frameMbsOnly = r.flag();
  const sps: Sps = {
    id,
    profileIdc,
    chromaArrayType: separateColourPlane ? 0 : chromaFormatIdc,
    separateColourPlane,
    log2MaxFrameNum,
    picOrderCntType,
    log2MaxPicOrderCntLsb,
    deltaPicOrderAlwaysZero,
    maxNumRefFrames,
    widthInMbs,
    heightInMapUnits,
    frameMbsOnly,
  };
  return { sps, r };
}

/** The output reordering an SPS bounds (VUI `bitstream_restriction`, E.1.1, E.2.1). */
export interface SpsReorder {
  /** max_num_reorder_frames: frames that may precede any frame in decoding order and follow it in output order. */
  maxNumReorderFrames: number;
  /** max_dec_frame_buffering: the decoded picture buffer's size in frames. */
  maxDecFrameBuffering: number;
}

function skipHrdParameters(r: BitReader): void {
  const cpbCount = r.ue() + 1;
  r.bits(8); // bit_rate_scale, cpb_size_scale
  for (let i = 0; i < cpbCount; i++) {
    r.ue(); // bit_rate_value_minus1
    r.ue(); // cpb_size_value_minus1
    r.bit(); // cbr_flag
  }
  r.bits(20); // four delay and offset lengths, 5 bits each
}

/**
 * The SPS's bitstream restriction (7.3.2.1.1 after `frame_mbs_only_flag`, then the VUI of E.1.1);
 * null when the SPS carries no VUI or no `bitstream_restriction_flag`: the reordering is then not
 * bounded by the SPS (only by the level's DPB size), and decoders guess it.
 */
export function spsReorder(nal: Uint8Array): SpsReorder | null {
  const { sps, r } = readSps(nal);
  if (!sps.frameMbsOnly) r.bit(); // mb_adaptive_frame_field_flag
  r.bit(); // direct_8x8_inference_flag
  if (r.flag()) for (let i = 0; i < 4; i++) r.ue(); // frame_cropping offsets
  if (!r.flag()) return null; // vui_parameters_present_flag
  if (r.flag() && r.bits(8) === 255) r.bits(32); // aspect_ratio_idc, Extended_SAR
  if (r.flag()) r.bit(); // overscan_appropriate_flag
  if (r.flag()) {
    r.bits(4); // video_format, video_full_range_flag
    if (r.flag()) r.bits(24); // colour primaries, transfer, matrix
  }
  if (r.flag()) {
    r.ue(); // chroma_sample_loc_type_top_field
    r.ue(); // chroma_sample_loc_type_bottom_field
  }
  if (r.flag()) r.bits(32 + 32 + 1); // num_units_in_tick, time_scale, fixed_frame_rate_flag
  const nalHrd = r.flag();
  if (nalHrd) skipHrdParameters(r);
  const vclHrd = r.flag();
  if (vclHrd) skipHrdParameters(r);
  if (nalHrd || vclHrd) r.bit(); // low_delay_hrd_flag
  r.bit(); // pic_struct_present_flag
  if (!r.flag()) return null; // bitstream_restriction_flag
  r.bit(); // motion_vectors_over_pic_boundaries_flag
  for (let i = 0; i < 4; i++) r.ue(); // max_bytes_per_pic_denom … log2_max_mv_length_vertical
  const maxNumReorderFrames = r.ue();
  const maxDecFrameBuffering = r.ue();
  return { maxNumReorderFrames, maxDecFrameBuffering };
}

export function parsePps(nal: Uint8Array): Pps {
  const r = new BitReader(unescapeRbsp(nal.subarray(1)));
  const id = r.ue();
  const spsId = r.ue();
  const entropyCodingMode = r.flag();
  const bottomFieldPicOrderInFramePresent = r.flag();
  if (r.ue() !== 0) throw new BitstreamError('slice groups are not supported');
  const numRefIdxL0DefaultActive = r.ue() + 1;
  const numRefIdxL1DefaultActive = r.ue() + 1;
  const weightedPred = r.flag();
  const weightedBipredIdc = r.bits(2);
  r.se(); // pic_init_qp_minus26
  r.se(); // pic_init_qs_minus26
  r.se(); // chroma_qp_index_offset
  const deblockingFilterControlPresent = r.flag();
  r.bit(); // constrained_intra_pred_flag
  const redundantPicCntPresent = r.flag();
  return {
    id,
    spsId,
    entropyCodingMode,
    bottomFieldPicOrderInFramePresent,
    numRefIdxL0DefaultActive,
    numRefIdxL1DefaultActive,
    weightedPred,
    weightedBipredIdc,
    deblockingFilterControlPresent,
    redundantPicCntPresent,
  };
}

/** pic_parameter_set_id of a slice, read before the PPS it names is known. */
export function slicePpsId(nal: Uint8Array): number {
  const r = new BitReader(unescapeRbsp(nal.subarray(1, 16)));
  r.ue();
  r.ue();
  return r.ue();
}

function modifications(r: BitReader): ListModification[] {
  const list: ListModification[] = [];
  if (!r.flag()) return list;
  for (;;) {
    const idc = r.ue();
    if (idc === 3) return list;
    if (idc > 3) throw new BitstreamError(`modification_of_pic_nums_idc ${idc}`);
    list.push({ idc, value: r.ue() });
  }
}

function skipSigned(r: BitReader, count: number): void {
  for (let i = 0; i < count; i++) r.se();
}

function skipPredWeightTable(r: BitReader, sps: Sps, active: [number, number], lists: number): void {
  r.ue(); // luma_log2_weight_denom
  if (sps.chromaArrayType !== 0) r.ue();
  for (let list = 0; list < lists; list++) {
    for (let i = 0; i < active[list]!; i++) {
      // luma weight and offset; chroma weight and offset of Cb and Cr
      if (r.flag()) skipSigned(r, 2);
      if (sps.chromaArrayType !== 0 && r.flag()) skipSigned(r, 4);
    }
  }
}

function decRefPicMarking(
  r: BitReader,
  idr: boolean,
): Pick<SliceHeader, 'longTermReference' | 'mmcos' | 'noOutputOfPriorPics'> {
  if (idr) {
    const noOutputOfPriorPics = r.flag();
    return { longTermReference: r.flag(), mmcos: null, noOutputOfPriorPics };
  }
  if (!r.flag()) return { longTermReference: false, mmcos: null };
  const mmcos: Mmco[] = [];
  for (;;) {
    const op = r.ue();
    if (op === 0) return { longTermReference: false, mmcos };
    if (op > 6) throw new BitstreamError(`memory_management_control_operation ${op}`);
    const mmco: Mmco = { op };
    if (op === 1 || op === 3) mmco.differenceOfPicNumsMinus1 = r.ue();
    if (op === 2) mmco.longTermPicNum = r.ue();
    if (op === 3 || op === 6) mmco.longTermFrameIdx = r.ue();
    if (op === 4) mmco.maxLongTermFrameIdxPlus1 = r.ue();
    mmcos.push(mmco);
  }
}

/**
 * The slice header up to dec_ref_pic_marking() of a coded slice (nal_unit_type 1 or 5). Only frame
 * coding is supported (field slices throw): the callers decline to act on such streams.
 */
export function parseSliceHeader(nal: Uint8Array, sps: Sps, pps: Pps): SliceHeader {
  const nalRefIdc = (nal[0]! >> 5) & 3;
  const idr = (nal[0]! & 0x1f) === 5;
  // A slice header fits in a few hundred bytes; the slice data after it is not needed.
  const r = new BitReader(unescapeRbsp(nal.subarray(1, HEADER_BYTES)));
  const firstMb = r.ue();
  const kind = SLICE_KINDS[r.ue() % 5]!;
  const ppsId = r.ue();
  if (sps.separateColourPlane) r.bits(2);
  const frameNum = r.bits(sps.log2MaxFrameNum);
  if (!sps.frameMbsOnly && r.flag()) throw new BitstreamError('field pictures are not supported');
  if (idr) r.ue(); // idr_pic_id
  let picOrderCntLsb = 0;
  let deltaPicOrderCntBottom = 0;
  const deltaPicOrderCnt: [number, number] = [0, 0];
  if (sps.picOrderCntType === 0) {
    picOrderCntLsb = r.bits(sps.log2MaxPicOrderCntLsb);
    if (pps.bottomFieldPicOrderInFramePresent) deltaPicOrderCntBottom = r.se();
  }
  if (sps.picOrderCntType === 1 && !sps.deltaPicOrderAlwaysZero) {
    deltaPicOrderCnt[0] = r.se();
    if (pps.bottomFieldPicOrderInFramePresent) deltaPicOrderCnt[1] = r.se();
  }
  if (pps.redundantPicCntPresent && r.ue() !== 0)
    throw new BitstreamError('redundant pictures are not supported');
  if (kind === 'B') r.bit(); // direct_spatial_mv_pred_flag
  const numRefIdxActive: [number, number] = [0, 0];
  if (kind === 'P' || kind === 'SP' || kind === 'B') {
    numRefIdxActive[0] = pps.numRefIdxL0DefaultActive;
    if (kind === 'B') numRefIdxActive[1] = pps.numRefIdxL1DefaultActive;
    if (r.flag()) {
      numRefIdxActive[0] = r.ue() + 1;
      if (kind === 'B') numRefIdxActive[1] = r.ue() + 1;
    }
  }
  const lists: [ListModification[], ListModification[]] = [[], []];
  if (kind !== 'I' && kind !== 'SI') lists[0] = modifications(r);
  if (kind === 'B') lists[1] = modifications(r);
  if (
    (pps.weightedPred && (kind === 'P' || kind === 'SP')) ||
    (pps.weightedBipredIdc === 1 && kind === 'B')
  ) {
    skipPredWeightTable(r, sps, numRefIdxActive, kind === 'B' ? 2 : 1);
  }
  const marking = nalRefIdc !== 0 ? decRefPicMarking(r, idr) : { longTermReference: false, mmcos: null };
  return {
    nalRefIdc,
    idr,
    firstMb,
    kind,
    ppsId,
    frameNum,
    picOrderCntLsb,
    deltaPicOrderCntBottom,
    deltaPicOrderCnt,
    numRefIdxActive,
    modifications: lists,
    ...marking,
  };
}
