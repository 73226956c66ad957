import { describe, expect, it } from 'vitest';
import { firstSliceTypeInTs } from '../../src/media/keyframe-idr.ts';
import { KeyframeIndexBuilder, maxGopLength, parseKeyframeCsv } from '../../src/media/keyframe-parse.ts';
import { decodeKeyframeIndex, encodeKeyframeIndex, withGopSize } from '../../src/media/keyframe-store.ts';

const tb25 = { num: 1, den: 25 };
const fps25 = { num: 25, den: 1 };

/** ffprobe packet csv (pts,dts,pos,flags) of the XDCAM test master's first two GOPs (N=12 M=3, open). */
const MPEG2_OPEN_GOP = `0,-1,12800,K_
3,0,190976,__
1,1,399872,__
2,2,560640,__
6,3,710656,__
4,4,955904,__
5,5,1255936,__
9,6,1555968,__
7,7,1856000,__
8,8,2156032,__
12,9,2456064,K_
10,10,2756096,__
11,11,3056128,__
15,12,3356160,__
13,13,3656192,__
14,14,3956224,__
`;

describe('keyframe index from packets', () => {
  it('numbers keyframes in display order and flags MPEG-2 open GOPs', () => {
    const index = parseKeyframeCsv(MPEG2_OPEN_GOP, tb25, fps25);
    expect(index.totalFrames).toBe(16);
    expect(index.firstPts).toBe(0);
    expect(index.keyframes).toEqual([
      { frame: 0, pts: 0, dts: -1, pos: 12800, openGop: false, prefixEnds: [1, 4, 7] },
      { frame: 12, pts: 12, dts: 9, pos: 2456064, openGop: true },
    ]);
    expect(maxGopLength(index)).toBe(12);
  });

  it('H.264 closed GOP with B-pyramid: keyframes are not open', () => {
    // pts/dts in 1/12800 at 50 frames/s (256 a frame), I P B B … then a new IDR.
    const lines: string[] = [];
    const gop = [0, 3, 1, 2, 6, 4, 5, 7];
    for (let g = 0; g < 2; g++) {
      gop.forEach((p, i) => {
        const frame = g * 8 + p;
        const dts = (g * 8 + i - 1) * 256;
        lines.push(`${frame * 256},${dts},${1000 + g * 8 + i},${i === 0 ? 'K_' : '__'}`);
      });
    }
    const index = parseKeyframeCsv(lines.join('\n'), { num: 1, den: 12800 }, { num: 50, den: 1 });
    expect(index.keyframes.map((k) => [k.frame, k.openGop])).toEqual([
      [0, false],
      [8, false],
    ]);
    expect(index.totalFrames).toBe(16);
    // Decode-order prefixes that display exactly the first n frames: I0 | P3 B1 B2 | P6 B4 B5.
    expect(index.keyframes[0]!.prefixEnds).toEqual([1, 4, 7]);
    expect(index.keyframes[1]!.prefixEnds).toEqual([1, 4, 7]);
  });

  it('records no copy ends inside a GOP whose decode times are not one frame apart', () => {
    const csv = ['0,-256,1,K_', '768,0,2,__', '256,256,3,__', '512,1024,4,__', '1024,1280,5,K_'].join('\n');
    const index = parseKeyframeCsv(csv, { num: 1, den: 12800 }, { num: 50, den: 1 });
    expect(index.keyframes[0]!.prefixEnds).toBeUndefined();
  });

  it('H.264 open GOP: a recovery-point I-frame followed by leading B-frames is open', () => {
    // I0 P3 B1 B2 | I6 B4 B5 P9 B7 B8 (4 and 5 display before 6 and reference the previous GOP).
    const csv = [
      '0,-1,0,K_',
      '3,0,1,__',
      '1,1,2,__',
      '2,2,3,__',
      '6,3,4,K_',
      '4,4,5,__',
      '5,5,6,__',
      '9,6,7,__',
    ]
      .concat(['7,7,8,__', '8,8,9,__'])
      .join('\n');
    const index = parseKeyframeCsv(csv, tb25, fps25);
    expect(index.keyframes).toMatchObject([
      { frame: 0, openGop: false },
      { frame: 6, openGop: true },
    ]);
  });

  it('intra-only streams: every frame a keyframe; the first pts need not be 0', () => {
    const csv = Array.from(
      { length: 5 },
      (_, i) => `${1001 * (i + 10)},${1001 * (i + 10)},${i * 100},K_`,
    ).join('\n');
    const index = parseKeyframeCsv(csv, { num: 1, den: 30000 }, { num: 30000, den: 1001 });
    expect(index.keyframes.map((k) => k.frame)).toEqual([0, 1, 2, 3, 4]);
    expect(index.firstPts).toBe(10010);
    expect(maxGopLength(index)).toBe(1);
  });

  it('skips discarded packets and falls back to dts when pts is missing', () => {
    const builder = new KeyframeIndexBuilder();
    builder.pushLine('-512,-1024,10,KD');
    builder.pushLine('N/A,0,20,K_');
    builder.pushLine('N/A,256,30,__');
    builder.pushLine('garbage');
    const index = builder.finish(tb25, fps25);
    expect(index.totalFrames).toBe(2);
    expect(index.keyframes).toEqual([{ frame: 0, pts: 0, dts: 0, pos: 20, openGop: false }]);
    expect(builder.lastPos).toBe(30);
  });

  it('an empty stream gives an empty index', () => {
    const index = parseKeyframeCsv('', tb25, fps25);
    expect(index).toEqual({ timeBase: tb25, frameRate: fps25, totalFrames: 0, firstPts: 0, keyframes: [] });
    expect(maxGopLength(index)).toBeNull();
  });
});

describe('keyframe index serialisation', () => {
  it('round-trips, with open GOPs and unknown positions', () => {
    const index = parseKeyframeCsv(MPEG2_OPEN_GOP, tb25, fps25);
    index.keyframes[1]!.pos = null;
    index.keyframes[1]!.prefixEnds = [2, 5];
    index.keyframes[1]!.nonIdr = true;
    const text = encodeKeyframeIndex(index);
    expect(decodeKeyframeIndex(text)).toEqual(index);
    expect(decodeKeyframeIndex(text).keyframes[0]).not.toHaveProperty('nonIdr');
    // Indexes written before prefixEnds existed still read.
    const { prefix: _, patterns: __, ...older } = JSON.parse(text);
    expect(decodeKeyframeIndex(JSON.stringify(older)).keyframes[0]).not.toHaveProperty('prefixEnds');
    expect(() => decodeKeyframeIndex('{"v":2}')).toThrow(/version/);
  });

  it('stays small for an intra-only two-hour master', () => {
    const n = 2 * 3600 * 25;
    const csv = Array.from({ length: n }, (_, i) => `${i},${i},${1000 + i * 200000},K_`).join('\n');
    const index = parseKeyframeCsv(csv, tb25, fps25);
    const text = encodeKeyframeIndex(index);
    expect(text.length).toBeLessThan(5_000_000);
    expect(decodeKeyframeIndex(text).keyframes[n - 1]).toEqual(index.keyframes[n - 1]);
  });

  it('fills the GOP size into the media info', () => {
    const index = parseKeyframeCsv(MPEG2_OPEN_GOP, tb25, fps25);
    const info = { video: { gopSize: null } } as unknown as Parameters<typeof withGopSize>[0];
    expect(withGopSize(info, index).video.gopSize).toBe(12);
  });
});

describe('first slice of a keyframe in an MPEG-TS (non-IDR recovery points)', () => {
  /** A 188-byte transport packet of `pid` carrying `payload` (padded by an adaptation field). */
  function tsPacket(pid: number, start: boolean, payload: Buffer): Buffer {
    const packet = Buffer.alloc(188, 0xff);
    packet[0] = 0x47;
    packet[1] = (start ? 0x40 : 0) | (pid >> 8);
    packet[2] = pid & 0xff;
    const stuffing = 184 - payload.length;
    if (stuffing > 0) {
      packet[3] = 0x30; // adaptation field and payload
      packet[4] = stuffing - 1;
      if (stuffing > 1) packet[5] = 0;
      payload.copy(packet, 4 + stuffing);
    } else {
      packet[3] = 0x10;
      payload.copy(packet, 4);
    }
    return packet;
  }
  const pes = (es: Buffer) =>
    Buffer.concat([Buffer.from([0, 0, 1, 0xe0, 0, 0, 0x80, 0x80, 5, 0x21, 0, 1, 0, 1]), es]);
  const accessUnit = (sliceHeader: number) =>
    Buffer.concat([
      Buffer.from([0, 0, 0, 1, 0x09, 0x10]), // access unit delimiter
      Buffer.from([0, 0, 0, 1, 0x06, 0x06, 0x01, 0xc4, 0x80]), // SEI (recovery point)
      Buffer.alloc(150, 0x11), // more SEI bytes: the slice starts in the next packet of the PID
      Buffer.from([0, 0, 1, sliceHeader, 0x88, 0x84]),
    ]);

  it('reads the NAL type across the PID’s packets, other PIDs between', () => {
    for (const [header, type] of [
      [0x21, 1], // non-IDR slice
      [0x65, 5], // IDR slice
    ] as const) {
      const stream = pes(accessUnit(header));
      const data = Buffer.concat([
        tsPacket(0x100, true, stream.subarray(0, 170)),
        tsPacket(0x101, true, Buffer.from([0, 0, 1, 0xc0, 0, 0])),
        tsPacket(0x100, false, stream.subarray(170)),
        tsPacket(0x100, true, pes(accessUnit(0x65))), // the next access unit: not read
      ]);
      expect(firstSliceTypeInTs(data)).toBe(type);
    }
  });

  it('says nothing of what is not the start of a PES in a transport stream', () => {
    expect(firstSliceTypeInTs(Buffer.alloc(376))).toBeNull();
    const stream = pes(accessUnit(0x21));
    expect(firstSliceTypeInTs(tsPacket(0x100, false, stream.subarray(0, 184)))).toBeNull();
  });
});
