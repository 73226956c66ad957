/** Time normalisation of a stream's packet times (src/media/keyframe-time.ts). */
import { describe, expect, it } from 'vitest';
import { parseKeyframeCsv } from '../../src/media/keyframe-parse.ts';
import { normaliseStreamTimes, unwrapTimestamps } from '../../src/media/keyframe-time.ts';

const WRAP = 2 ** 33;

describe('keyframe time normalisation', () => {
  it('unwraps 33-bit timestamps that pass the wrap, in either order of decode', () => {
    const pts = Float64Array.from([WRAP - 7200, WRAP - 3600, 0, 3600, Number.NaN, 7200]);
    expect(Array.from(unwrapTimestamps(pts, 33))).toEqual([
      WRAP - 7200,
      WRAP - 3600,
      WRAP,
      WRAP + 3600,
      Number.NaN,
      WRAP + 7200,
    ]);
    // B-frames displayed before the wrap but decoded after a picture past it.
    expect(Array.from(unwrapTimestamps(Float64Array.from([3600, WRAP - 3600, 7200]), 33))).toEqual([
      3600, -3600, 7200,
    ]);
  });

  it('stands in decode times for missing presentation times, else the decode index', () => {
    const nan = Number.NaN;
    expect(
      Array.from(normaliseStreamTimes(Float64Array.from([nan, 5]), Float64Array.from([1, 2])).pts),
    ).toEqual([1, 5]);
    expect(
      Array.from(normaliseStreamTimes(Float64Array.from([nan, 5]), Float64Array.from([nan, 2])).pts),
    ).toEqual([0, 1]);
  });

  it('an MPEG-TS stream across the wrap keeps its frame order in the index', () => {
    const lines = [0, 1, 2, 3].map(
      (i) =>
        `${(WRAP - 7200 + 3600 * i) % WRAP},${(WRAP - 10800 + 3600 * i) % WRAP},${i * 100},${i === 0 ? 'K__' : '___'}`,
    );
    const index = parseKeyframeCsv(
      lines.join('\n'),
      { num: 1, den: 90000 },
      { num: 25, den: 1 },
      { wrapBits: 33 },
    );
    expect(index.keyframes.map((k) => k.frame)).toEqual([0]);
    expect(index.totalFrames).toBe(4);
    expect(index.firstPts).toBe(WRAP - 7200);
  });
});
