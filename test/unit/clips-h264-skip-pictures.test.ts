import { describe, expect, it } from 'vitest';
import { BitWriter, escapeRbsp } from '../../src/lib/h264/bits.ts';
import { parsePps, parseSliceHeader, parseSps, type SliceHeader } from '../../src/lib/h264/headers.ts';
import { planSkippedPictures, skipPps, skipSlice } from '../../src/lib/h264/skip-pictures.ts';

const nal = (header: number, w: BitWriter) => Buffer.concat([Buffer.from([header]), escapeRbsp(w.finish())]);

// High profile 1080p: log2_max_frame_num 4, POC type 0 with 6-bit lsb, 4 reference frames.
const spsNal = nal(
  0x67,
  new BitWriter()
    .bits(100, 8)
    .bits(0, 8)
    .bits(42, 8)
    .ue(0)
    .ue(1)
    .ue(0)
    .ue(0)
    .bit(0)
    .bit(0)
    .ue(0)
    .ue(0)
    .ue(2)
    .ue(4)
    .bit(0)
    .ue(119)
    .ue(67)
    .bit(1),
);
// CABAC, weighted prediction for P, implicit for B.
const ppsNal = nal(
  0x68,
  new BitWriter()
    .ue(0)
    .ue(0)
    .bit(1)
    .bit(0)
    .ue(0)
    .ue(0)
    .ue(0)
    .bit(1)
    .bits(2, 2)
    .se(0)
    .se(0)
    .se(0)
    .bit(1)
    .bit(0)
    .bit(0),
);

const middleB: SliceHeader = {
  nalRefIdc: 2,
  idr: false,
  firstMb: 0,
  kind: 'B',
  ppsId: 0,
  frameNum: 4,
  picOrderCntLsb: 12,
  deltaPicOrderCntBottom: 0,
  deltaPicOrderCnt: [0, 0],
  numRefIdxActive: [1, 1],
  modifications: [[], []],
  longTermReference: false,
  mmcos: [
    { op: 1, differenceOfPicNumsMinus1: 3 },
    { op: 1, differenceOfPicNumsMinus1: 1 },
  ],
};

describe('H.264 skipped pictures', () => {
  it('parses the parameter sets it writes for', () => {
    const sps = parseSps(spsNal);
    expect(sps).toMatchObject({
      profileIdc: 100,
      log2MaxFrameNum: 4,
      log2MaxPicOrderCntLsb: 6,
      maxNumRefFrames: 4,
    });
    expect([sps.widthInMbs, sps.heightInMapUnits, sps.frameMbsOnly]).toEqual([120, 68, true]);
    expect(parsePps(ppsNal)).toMatchObject({
      entropyCodingMode: true,
      weightedPred: true,
      weightedBipredIdc: 2,
    });
  });

  it('writes a P slice with the picture’s frame number, order count and marking, all macroblocks skipped', () => {
    const sps = parseSps(spsNal);
    const pps = parsePps(ppsNal);
    const skipParameters = parsePps(skipPps(1, 0, pps));
    expect(skipParameters).toMatchObject({
      id: 1,
      entropyCodingMode: false,
      weightedPred: false,
      numRefIdxL0DefaultActive: 1,
    });
    const slice = skipSlice(middleB, sps, pps, 1);
    expect(slice[0]).toBe(0x41); // nal_ref_idc 2, non-IDR slice
    const parsed = parseSliceHeader(slice, sps, skipParameters);
    expect(parsed).toMatchObject({
      kind: 'P',
      ppsId: 1,
      frameNum: 4,
      picOrderCntLsb: 12,
      mmcos: middleB.mmcos,
    });
    expect(parsed.numRefIdxActive).toEqual([1, 0]);
  });

  it('replaces only the pictures no kept picture needs, never the IDR picture', () => {
    const slice = (header: SliceHeader) => {
      const w = new BitWriter()
        .ue(0)
        .ue(header.kind === 'I' ? 7 : header.kind === 'P' ? 5 : 6)
        .ue(0);
      w.bits(header.frameNum, 4);
      if (header.idr) w.ue(0);
      w.bits(header.picOrderCntLsb, 6);
      if (header.kind === 'B') w.bit(1);
      if (header.kind !== 'I') w.bit(0).bit(0);
      if (header.kind === 'B') w.bit(0);
      if (header.kind === 'P') w.ue(0).ue(0).bit(0).bit(0); // pred_weight_table: denominators, no weights
      if (header.idr) w.bit(0).bit(0);
      else if (header.nalRefIdc) w.bit(0);
      w.ue(0).se(0).ue(0); // cabac_init_idc… (not read)
      const data = nal((header.nalRefIdc << 5) | (header.idr ? 5 : 1), w);
      return Buffer.concat([Buffer.from([0, 0, 0, data.length]), data]);
    };
    const avcC = { sps: [spsNal], pps: [ppsNal], nalLengthSize: 4 };
    const base = { ...middleB, mmcos: null, modifications: [[], []] as SliceHeader['modifications'] };
    const units = [
      slice({ ...base, kind: 'I', idr: true, frameNum: 0, picOrderCntLsb: 0 }),
      slice({ ...base, kind: 'P', frameNum: 1, picOrderCntLsb: 4 }),
      slice({ ...base, kind: 'B', frameNum: 2, picOrderCntLsb: 2 }),
      slice({ ...base, kind: 'P', frameNum: 3, picOrderCntLsb: 6, nalRefIdc: 0 }),
    ];
    // Keep the last P-frame only: it predicts from the B-frame (decoded just before it).
    const plan = planSkippedPictures(avcC, units, [false, false, false, true]);
    expect(plan).toBeNull();
    // Keep the first P-frame only: the B-frame and the last P-frame are not needed.
    const skipping = planSkippedPictures(avcC, units, [false, true, false, false])!;
    expect([...skipping.pictures.keys()]).toEqual([2, 3]);
    expect(parsePps(skipping.pps).id).toBe(1);
  });
});
