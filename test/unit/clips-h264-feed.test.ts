import { describe, expect, it } from 'vitest';
import { gopPictures, planFeed, sliceRefIdc, toAnnexB } from '../../src/clips/execute/h264-feed.ts';

// Decode order of a GOP of 9 with a B-pyramid: I0 P4 B2 b1 b3 P8 B6 b5 b7, then the next IDR.
const DISPLAY = [0, 4, 2, 1, 3, 8, 6, 5, 7, 9];
const samples = {
  cts: Float64Array.from(DISPLAY, (d) => d * 100),
  sync: Uint8Array.from(DISPLAY, (_, i) => (i === 0 || i === 9 ? 1 : 0)),
};
const referenced = new Set([0, 1, 2, 5, 6]); // I, P and the pyramid's middle B-frames

describe('H.264 feed planning', () => {
  it('orders a GOP by composition time', () => {
    const gop = gopPictures(samples, 0)!;
    expect([gop.first, gop.end]).toEqual([0, 9]);
    expect([...gop.display]).toEqual([0, 4, 2, 1, 3, 8, 6, 5, 7]);
  });

  it('leaves out unreferenced pictures shown before the part, and stops after the last needed one', () => {
    const gop = gopPictures(samples, 0)!;
    // Frames [5, 7): b1 and b3 are not needed; P8 is (B6 and b5 reference it); b7 comes after.
    expect(planFeed(gop, 5, 7, (i) => referenced.has(i))).toEqual({
      samples: [0, 1, 2, 5, 6, 7],
      leading: 3,
    });
    // Frames [2, 9): everything from B2 on is shown, so only b1 is left out.
    expect(planFeed(gop, 2, 9, (i) => referenced.has(i))).toEqual({
      samples: [0, 1, 2, 4, 5, 6, 7, 8],
      leading: 1,
    });
    expect(planFeed(gop, 3, 12, () => true)).toBeNull();
  });

  it('refuses a GOP whose pictures show before its keyframe (open GOP)', () => {
    const open = { cts: Float64Array.from([3, 1, 2, 6]), sync: Uint8Array.from([1, 0, 0, 1]) };
    expect(gopPictures(open, 0)).toBeNull();
  });

  it('reads nal_ref_idc of the first slice after SEI, and writes Annex B', () => {
    const sei = Buffer.from([0, 0, 0, 3, 0x06, 0x05, 0x80]);
    const nonRefSlice = Buffer.from([0, 0, 0, 2, 0x01, 0xaa]);
    const refSlice = Buffer.from([0, 0, 0, 2, 0x41, 0xbb]);
    expect(sliceRefIdc(Buffer.concat([sei, nonRefSlice]), 4)).toBe(0);
    expect(sliceRefIdc(Buffer.concat([sei, refSlice]), 4)).toBe(2);
    expect(sliceRefIdc(sei, 4)).toBeNull();
    expect([...toAnnexB(Buffer.concat([sei, refSlice]), 4)]).toEqual([
      ...[0, 0, 0, 1, 0x06, 0x05, 0x80],
      ...[0, 0, 0, 1, 0x41, 0xbb],
    ]);
  });
});
