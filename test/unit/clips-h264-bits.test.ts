import { describe, expect, it } from 'vitest';
import {
  BitReader,
  BitstreamError,
  BitWriter,
  escapeRbsp,
  nalUnits,
  unescapeRbsp,
} from '../../src/lib/h264/bits.ts';

describe('H.264 bits', () => {
  it('writes and reads back fixed-width and Exp-Golomb codes', () => {
    const values = [0, 1, 2, 3, 7, 8, 254, 255, 256, 1000, 65535, 2 ** 20 + 3];
    const w = new BitWriter().bits(5, 3).bit(1);
    for (const v of values) w.ue(v).se(v).se(-v);
    w.bits(0xabcd, 16);
    const r = new BitReader(w.finish());
    expect([r.bits(3), r.bit()]).toEqual([5, 1]);
    for (const v of values) expect([r.ue(), r.se(), r.se()]).toEqual([v, v, 0 - v]);
    expect(r.bits(16)).toBe(0xabcd);
    expect(r.bit()).toBe(1); // rbsp_stop_one_bit
  });

  it('knows the first codes of the standard (9.1)', () => {
    // ue: 1 -> 0, 010 -> 1, 011 -> 2, 00100 -> 3; se: 010 -> 1, 011 -> -1.
    const r = new BitReader(Buffer.from([0b10100110, 0b01000100, 0b11000000]));
    expect([r.ue(), r.ue(), r.ue(), r.ue()]).toEqual([0, 1, 2, 3]);
    expect([r.se(), r.se()]).toEqual([1, -1]);
  });

  it('fails on reading past the end rather than inventing bits', () => {
    const r = new BitReader(Buffer.from([0]));
    expect(() => r.ue()).toThrow(BitstreamError);
  });

  it('inserts and removes emulation prevention bytes', () => {
    const rbsp = Buffer.from([0, 0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0, 0]);
    const escaped = escapeRbsp(rbsp);
    expect([...escaped]).toEqual([0, 0, 3, 0, 0, 3, 0, 1, 0, 0, 3, 2, 0, 0, 3, 3, 0, 0, 4, 0, 0]);
    expect([...unescapeRbsp(escaped)]).toEqual([...rbsp]);
  });

  it('splits a length-prefixed access unit into NAL units', () => {
    const unit = Buffer.from([0, 0, 0, 2, 0x06, 0x05, 0, 0, 0, 1, 0x41]);
    expect(nalUnits(unit, 4).map((nal) => [...nal])).toEqual([[0x06, 0x05], [0x41]]);
  });
});
