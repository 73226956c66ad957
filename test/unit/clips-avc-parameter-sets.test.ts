/**
 * Parameter sets of re-encoded parts carried beside the master's in one avc1 sample description
 * (src/lib/isobmff/avc.ts, boxes.ts). The sets are x264's (64x64 High), with ids 0 and 1.
 */
import { describe, expect, it } from 'vitest';
import {
  avcCWithParameterSets,
  extraParameterSets,
  parameterSetIds,
  parseAvcC,
} from '../../src/lib/isobmff/avc.ts';
import { box, childBoxes, fullBox, stsdWithAvcC } from '../../src/lib/isobmff/boxes.ts';

const hex = (text: string) => Buffer.from(text, 'hex');
/** avcC of the id-0 stream, High profile trailer (chroma format, bit depths) included. */
const MASTER = hex(
  '0164000affe100186764000aacd94426c044000003000400000300c83c48965801000668ebe3cb22c0fdf8f800',
);
const SPS1 = hex('6764000a4b365109b011000003000100000300320f122596');
const PPS1 = hex('684abe3cb22c');

describe('parameter sets beside the master’s', () => {
  const master = parseAvcC(MASTER);
  it('reads the ids of a sample description', () => {
    expect(parameterSetIds(master)).toEqual({ sps: [0], pps: [0] });
    expect(parameterSetIds({ ...master, sps: [SPS1], pps: [PPS1] })).toEqual({ sps: [1], pps: [1] });
  });
  it('adds sets under free ids, keeps equal ones once, refuses a clash', () => {
    const part = { ...master, sps: [SPS1], pps: [PPS1] };
    expect(extraParameterSets(master, [part, part])).toEqual({ sps: [SPS1], pps: [PPS1] });
    expect(extraParameterSets(master, [master])).toEqual({ sps: [], pps: [] });
    // Same id 0, other contents.
    expect(extraParameterSets(master, [{ ...master, pps: [hex('68ebe3cb22c1')] }])).toBeNull();
  });
  it('writes an avcC with both, High profile trailer kept, inside the same sample entry', () => {
    const merged = avcCWithParameterSets(MASTER, [SPS1], [PPS1]);
    const parsed = parseAvcC(merged);
    expect(parsed.sps).toEqual([master.sps[0], SPS1]);
    expect(parsed.pps).toEqual([master.pps[0], PPS1]);
    expect(merged.subarray(-4)).toEqual(MASTER.subarray(-4));
    const pasp = box('pasp', Buffer.from([0, 0, 0, 4, 0, 0, 0, 3]));
    const entry = box('avc1', Buffer.alloc(78, 1), box('avcC', MASTER), pasp);
    const stsd = fullBox('stsd', 0, 0, Buffer.from([0, 0, 0, 1]), entry);
    const rebuilt = stsdWithAvcC(stsd, merged);
    const [avc1] = childBoxes(rebuilt, 16);
    expect(avc1!.type).toBe('avc1');
    const inner = childBoxes(rebuilt, avc1!.start + 8 + 78, avc1!.start + avc1!.size);
    expect(inner.map((b) => b.type)).toEqual(['avcC', 'pasp']);
    expect(rebuilt.subarray(inner[0]!.start + 8, inner[0]!.start + inner[0]!.size)).toEqual(merged);
    expect(rebuilt.subarray(avc1!.start + 8, avc1!.start + 86)).toEqual(Buffer.alloc(78, 1));
  });
});
