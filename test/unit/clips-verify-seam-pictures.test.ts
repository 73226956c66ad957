/**
 * What a smart cut's seams are made of, read from the clip's own H.264 pictures
 * (clips/verify/seam-pictures.ts), and how the decode windows narrow on it (windows.ts
 * `narrowWindows`): an IDR seam under an SPS that bounds reordering needs R + 1 copied frames in the
 * head window; a re-encoded tail that starts with an IDR outputting the pictures before it lets the
 * tail window start there. Anything else keeps the windows as planned.
 */
import { describe, expect, it } from 'vitest';
import { headAfterIdr, tailStartsIdr } from '../../src/clips/verify/seam-pictures.ts';
import { type DecodeWindows, HEAD_AFTER_COPY, narrowWindows } from '../../src/clips/verify/windows.ts';
import { BitWriter, escapeRbsp } from '../../src/lib/h264/bits.ts';
import { parseSps, spsReorder } from '../../src/lib/h264/headers.ts';
import type { AvcConfig } from '../../src/lib/isobmff/avc.ts';

// x264 (High, 640x360, 3 B-frames with pyramid, VUI with bitstream_restriction), from a test master.
const x264Sps = Buffer.from('6764001eacd940a02ff97016a02020280000030008000003019078b16cb0', 'hex');
const x264Pps = Buffer.from('68efbcb0', 'hex');
const avcC: AvcConfig = {
  profile: 100,
  compatibility: 0,
  level: 30,
  nalLengthSize: 4,
  sps: [x264Sps],
  pps: [x264Pps],
};

const nal = (header: number, w: BitWriter) => Buffer.concat([Buffer.from([header]), escapeRbsp(w.finish())]);

/** An I slice of that SPS/PPS, IDR or not, with its no_output_of_prior_pics_flag. */
function slice(idr: boolean, noOutputOfPriorPics = false): Buffer {
  const sps = parseSps(x264Sps);
  const w = new BitWriter().ue(0).ue(7).ue(0).bits(0, sps.log2MaxFrameNum);
  if (idr) w.ue(0); // idr_pic_id
  w.bits(0, sps.log2MaxPicOrderCntLsb);
  if (idr) w.bit(noOutputOfPriorPics).bit(0);
  else w.bit(0); // adaptive_ref_pic_marking_mode_flag
  w.se(0).bits(0xff, 16); // slice_qp_delta, then bytes of slice data
  return nal(idr ? 0x65 : 0x21, w);
}

describe('seam pictures', () => {
  it('reads the reordering an x264 SPS bounds', () => {
    expect(spsReorder(x264Sps)).toEqual({ maxNumReorderFrames: 2, maxDecFrameBuffering: 4 });
  });

  it('asks R + 1 copied frames of the head window after an IDR, HEAD_AFTER_COPY otherwise', () => {
    expect(headAfterIdr(avcC, [[slice(false)]], [slice(true)])).toBe(3);
    // A recovery point (not IDR): frame numbers, order counts and marking carry on over the seam.
    expect(headAfterIdr(avcC, [[slice(false)]], [slice(false)])).toBeNull();
    // An SPS in-band whose reordering cannot be read: not bounded.
    const truncated = x264Sps.subarray(0, 12);
    expect(headAfterIdr(avcC, [[truncated, slice(false)]], [slice(true)])).toBeNull();
    expect(headAfterIdr({ ...avcC, sps: [truncated] }, [], [slice(true)])).toBeNull();
  });

  it('starts the tail window at the tail only at an IDR that outputs the pictures before it', () => {
    expect(tailStartsIdr(avcC, [[slice(true)], [slice(false)]], [slice(true)], true)).toBe(true);
    expect(tailStartsIdr(avcC, [], [slice(true, true)], true)).toBe(false);
    expect(tailStartsIdr(avcC, [], [slice(false)], true)).toBe(false);
    expect(tailStartsIdr(avcC, [], [slice(true)], false)).toBe(false);
    // Parameter sets in-band after the keyframe a decode of the tail would not see.
    expect(tailStartsIdr(avcC, [[x264Pps, slice(false)]], [slice(true)], true)).toBe(false);
    expect(tailStartsIdr({ ...avcC, sps: [x264Sps, x264Sps] }, [], [slice(true)], true)).toBe(false);
  });
});

describe('narrowed windows', () => {
  const planned: DecodeWindows = {
    headEnd: 49 + HEAD_AFTER_COPY,
    tailStart: 2949,
    middleFrom: 49,
    middleMasterPts: 332800,
    tailFrames: 1,
    middleDropLeading: 0,
  };

  it('narrows the head after an IDR seam and starts the tail at its IDR', () => {
    expect(narrowWindows(planned, 3000, { headAfterCopy: 3, tailIdr: true })).toEqual({
      ...planned,
      headEnd: 52,
      tailStart: 2999,
    });
    expect(narrowWindows(planned, 3000, { headAfterCopy: null, tailIdr: false })).toEqual(planned);
  });

  it('keeps the head when the middle is compared from the second keyframe, or leading pictures were re-encoded', () => {
    const second = { ...planned, headEnd: 80, middleFrom: 79, middleDropLeading: undefined };
    expect(narrowWindows(second, 3000, { headAfterCopy: 3, tailIdr: false })).toEqual(second);
    const open = { ...planned, middleDropLeading: 2 };
    expect(narrowWindows(open, 3000, { headAfterCopy: 3, tailIdr: false }).headEnd).toBe(planned.headEnd);
  });

  it('keeps the tail window of a clip that ends on a copied frame', () => {
    const copiedEnd = { ...planned, tailFrames: 0 };
    expect(narrowWindows(copiedEnd, 3000, { headAfterCopy: null, tailIdr: true })).toEqual(copiedEnd);
  });
});
