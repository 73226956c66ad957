import { describe, expect, it } from 'vitest';
import type { ListModification, Mmco, SliceHeader, SliceKind, Sps } from '../../src/lib/h264/headers.ts';
import { neededPictures, referencedPictures } from '../../src/lib/h264/references.ts';

const sps: Sps = {
  id: 0,
  profileIdc: 100,
  chromaArrayType: 1,
  separateColourPlane: false,
  log2MaxFrameNum: 4,
  picOrderCntType: 0,
  log2MaxPicOrderCntLsb: 6,
  deltaPicOrderAlwaysZero: false,
  maxNumRefFrames: 4,
  widthInMbs: 120,
  heightInMapUnits: 68,
  frameMbsOnly: true,
};

/** One slice of a frame shown at `display` (picture order count 2 × display). */
function frame(
  kind: SliceKind,
  frameNum: number,
  display: number,
  options: {
    ref?: boolean;
    idr?: boolean;
    modify?: ListModification[];
    mmcos?: Mmco[];
    longTerm?: boolean;
  } = {},
): SliceHeader[] {
  return [
    {
      nalRefIdc: options.ref === false ? 0 : 2,
      idr: options.idr ?? false,
      firstMb: 0,
      kind,
      ppsId: 0,
      frameNum,
      picOrderCntLsb: 2 * display,
      deltaPicOrderCntBottom: 0,
      deltaPicOrderCnt: [0, 0],
      numRefIdxActive: kind === 'B' ? [1, 1] : kind === 'P' ? [1, 0] : [0, 0],
      modifications: [options.modify ?? [], []],
      longTermReference: options.longTerm ?? false,
      mmcos: options.mmcos ?? null,
    },
  ];
}

// x264's B-pyramid with ref=1, in decode order: I0 P4 B2 b1 b3 P8 B6 b5 b7. P-frames reorder their
// list past the middle B-frame; the middle B-frame drops the pictures no longer needed.
const pyramid = [
  frame('I', 0, 0, { idr: true }),
  frame('P', 1, 4),
  frame('B', 2, 2),
  frame('B', 3, 1, { ref: false }),
  frame('B', 3, 3, { ref: false }),
  frame('P', 3, 8, { modify: [{ idc: 0, value: 1 }] }),
  frame('B', 4, 6, {
    mmcos: [
      { op: 1, differenceOfPicNumsMinus1: 3 },
      { op: 1, differenceOfPicNumsMinus1: 1 },
    ],
  }),
  frame('B', 5, 5, { ref: false }),
  frame('B', 5, 7, { ref: false }),
];

const sets = (result: Set<number>[] | null) => result?.map((set) => [...set].sort());

describe('H.264 reference replay', () => {
  it('finds what each picture of a B-pyramid may predict from', () => {
    expect(sets(referencedPictures(pyramid, sps))).toEqual([
      [],
      [0],
      [0, 1],
      [0, 2],
      [1, 2],
      [1], // the modification picks P4, not the middle B-frame decoded last
      [1, 5],
      [1, 6],
      [5, 6],
    ]);
  });

  it('needs the pictures a kept picture predicts from, through chains, and nothing else', () => {
    const references = referencedPictures(pyramid, sps)!;
    // Frames shown from 5 on: b5 B6 b7 P8. B2 (and b1, b3) are not needed.
    const kept = [0, 4, 2, 1, 3, 8, 6, 5, 7].map((display) => display >= 5);
    expect(neededPictures(references, kept)).toEqual([
      true,
      true,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
  });

  it('swaps the first two entries of list 1 when it equals list 0 (8.2.4.2.3)', () => {
    const run = [frame('I', 0, 0, { idr: true }), frame('P', 1, 1), frame('B', 2, 3, { ref: false })];
    // Both lists would start with P1 (nothing is shown after the B-frame): list 1 starts with I0.
    expect(sets(referencedPictures(run, sps))).toEqual([[], [0], [0, 1]]);
  });

  it('slides the window out and follows long-term pictures', () => {
    const oneRef = { ...sps, maxNumRefFrames: 1 };
    const chain = [frame('I', 0, 0, { idr: true }), frame('P', 1, 1), frame('P', 2, 2)];
    expect(sets(referencedPictures(chain, oneRef))).toEqual([[], [0], [1]]);
    const longTerm = [
      frame('I', 0, 0, { idr: true, longTerm: true }),
      frame('P', 1, 1, { modify: [{ idc: 2, value: 0 }] }),
    ];
    expect(sets(referencedPictures(longTerm, sps))).toEqual([[], [0]]);
  });

  it('declines what it cannot replay with certainty', () => {
    const oneRef = { ...sps, maxNumRefFrames: 1 };
    // The modification names I0, already out of a one-picture window.
    const stale = [
      frame('I', 0, 0, { idr: true }),
      frame('P', 1, 1),
      frame('P', 2, 2, { modify: [{ idc: 0, value: 1 }] }),
    ];
    expect(referencedPictures(stale, oneRef)).toBeNull();
    expect(referencedPictures(pyramid.slice(1), sps)).toBeNull(); // no IDR first
    const gap = [frame('I', 0, 0, { idr: true }), frame('P', 2, 1)];
    expect(referencedPictures(gap, sps)).toBeNull();
    const reset = [frame('I', 0, 0, { idr: true }), frame('P', 1, 1, { mmcos: [{ op: 5 }] })];
    expect(referencedPictures(reset, sps)).toBeNull();
    expect(referencedPictures(pyramid, { ...sps, picOrderCntType: 1 })).toBeNull();
  });
});
