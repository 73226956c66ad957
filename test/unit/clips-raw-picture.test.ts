/** A raw picture's luma as the verification compares it: ffmpeg's `format=gray`, sample by sample. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { grayFromLimitedLuma, rawPicture } from '../../src/clips/verify/resident-reference.ts';

describe('a raw picture', () => {
  // Every luma value, in an order that puts each next to many others, then an odd tail.
  const samples = Uint8Array.from({ length: 4099 }, (_, i) => (i * 167 + (i >> 8)) & 255);

  it.each([
    ['at an even offset', 0],
    ['at an odd offset', 1],
  ])('has the gray of each luma sample %s, an odd count included', (_, offset) => {
    const backing = new Uint8Array(samples.length + 8 + offset);
    backing.set(samples, offset);
    const frame = backing.subarray(offset, offset + samples.length + 4); // chroma after the luma
    const picture = rawPicture(frame, samples.length);
    expect(picture.luma).toEqual(Uint8Array.from(samples, grayFromLimitedLuma));
    expect(picture.md5).toBe(createHash('md5').update(frame).digest('hex'));
  });
});
