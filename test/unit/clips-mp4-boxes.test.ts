import { describe, expect, it } from 'vitest';
import {
  box,
  childBoxes,
  findBox,
  fullBox,
  handlerType,
  headerTimescale,
  patchHeader,
  payloadStart,
  relocateChunks,
  trackIdOf,
  u32,
  u64,
} from '../../src/lib/isobmff/boxes.ts';

/** A trak with tkhd (v0), mdia/mdhd (v1), mdia/hdlr and an stco and a co64 table. */
function trak(): Buffer {
  const tkhd = fullBox('tkhd', 0, 3, u32(0, 0, 7, 0, 1000), Buffer.alloc(60));
  const mdhd = fullBox('mdhd', 1, 0, u64(0, 0), u32(12800), u64(99), u32(0));
  const hdlr = fullBox('hdlr', 0, 0, u32(0), Buffer.from('vide'), Buffer.alloc(13));
  const stbl = box(
    'stbl',
    fullBox('stco', 0, 0, u32(2, 100, 200)),
    fullBox('co64', 0, 0, u32(1), u64(2 ** 33)),
  );
  return box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', stbl)));
}

describe('MP4 boxes', () => {
  it('builds, finds and reads boxes', () => {
    const data = box('moov', trak());
    expect(childBoxes(data).map((b) => [b.type, b.size])).toEqual([['moov', data.length]]);
    const t = findBox(data, ['moov', 'trak'])!;
    expect(handlerType(data, t)).toBe('vide');
    expect(trackIdOf(data, findBox(data, ['tkhd'], t)!)).toBe(7);
    expect(headerTimescale(data, findBox(data, ['mdia', 'mdhd'], t)!)).toBe(12800);
    expect(findBox(data, ['moov', 'nope'])).toBeUndefined();
  });

  it('patches durations and track IDs of v0 and v1 headers, and relocates chunk offsets', () => {
    const data = box('moov', trak());
    const t = findBox(data, ['moov', 'trak'])!;
    const tkhd = findBox(data, ['tkhd'], t)!;
    patchHeader(data, tkhd, { duration: 60_000, trackId: 4 });
    expect(trackIdOf(data, tkhd)).toBe(4);
    expect(data.readUInt32BE(payloadStart(tkhd) + 20)).toBe(60_000);
    const mdhd = findBox(data, ['mdia', 'mdhd'], t)!;
    patchHeader(data, mdhd, { duration: 768_000 });
    expect(Number(data.readBigUInt64BE(payloadStart(mdhd) + 24))).toBe(768_000);
    relocateChunks(data, t, 50);
    const stco = findBox(data, ['mdia', 'minf', 'stbl', 'stco'], t)!;
    expect([data.readUInt32BE(payloadStart(stco) + 8), data.readUInt32BE(payloadStart(stco) + 12)]).toEqual([
      150, 250,
    ]);
    const co64 = findBox(data, ['mdia', 'minf', 'stbl', 'co64'], t)!;
    expect(Number(data.readBigUInt64BE(payloadStart(co64) + 8))).toBe(2 ** 33 + 50);
    expect(() => relocateChunks(data, t, 2 ** 32)).toThrow(/4 GB/);
  });
});
