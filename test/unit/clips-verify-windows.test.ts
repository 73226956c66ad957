/**
 * Where a clip is decoded to be verified (clips/verify/windows.ts): the seam windows of a smart cut,
 * whole decodes where the windows would leave nothing out or cannot be trusted (MPEG-TS), the
 * packet listing, the copied middle's comparison, and how rules.ts judges the windowed facts.
 */
import { describe, expect, it } from 'vitest';
import { type ClipPlanInput, planClip } from '../../src/clips/plan/plan.ts';
import { type ClipFacts, expectationOf, judgeClip } from '../../src/clips/verify/rules.ts';
import {
  compareMiddle,
  decodeWindows,
  distinctPts,
  headWindowThreads,
  leftOutOfRun,
  packetOfFrame,
  parsePackets,
  withoutLeading,
} from '../../src/clips/verify/windows.ts';
import type { KeyframeIndex } from '../../src/media/types.ts';

/** 250 frames at 25/s, a keyframe every 25 frames; open GOPs with two leading pictures when asked. */
function gops(open: boolean): KeyframeIndex {
  return {
    timeBase: { num: 1, den: 25 },
    frameRate: { num: 25, den: 1 },
    totalFrames: 250,
    firstPts: 0,
    keyframes: Array.from({ length: 10 }, (_, i) => i * 25).map((frame) => ({
      frame,
      pts: frame + 1,
      // pts - dts: the stream's decode delay (1), plus two leading pictures in an open GOP.
      dts: frame === 0 || !open ? frame : frame - 2,
      pos: null,
      openGop: open && frame > 0,
    })),
  };
}

function media(codec: string, family: 'mov' | 'mxf' | 'mpegts'): ClipPlanInput['media'] {
  return {
    containerFamily: family,
    startTimecode: '10:00:00:00',
    dropFrame: false,
    video: {
      index: 0,
      codec,
      profile: codec === 'mpeg2video' ? '4:2:2' : 'High',
      level: null,
      pixFmt: codec === 'mpeg2video' ? 'yuv422p' : 'yuv420p',
      width: 64,
      height: 36,
      frameRate: { num: 25, den: 1 },
      timeBase: { num: 1, den: 25 },
      scan: 'progressive',
      fieldOrder: 'progressive',
      colorPrimaries: null,
      colorTransfer: null,
      colorSpace: null,
      colorRange: null,
      bitrate: null,
      hasBFrames: true,
      gopSize: 25,
    },
    audio: [],
  };
}

const cut = (index: KeyframeIndex, m: ClipPlanInput['media'], inFrame: number, outFrame: number) =>
  planClip({ index, media: m, inFrame, outFrame, profile: 'broadcast' });

describe('decode windows', () => {
  it('decodes a long H.264 smart cut only around its seams', () => {
    const index = gops(false);
    const plan = cut(index, media('h264', 'mov'), 10, 240);
    expect(plan.parts.map((p) => [p.kind, p.startFrame, p.endFrame])).toEqual([
      ['encode', 10, 25],
      ['copy', 25, 225],
      ['encode', 225, 240],
    ]);
    expect(decodeWindows(plan, index, 'mov')).toEqual({
      // From the clip's first frame through the copy's second keyframe (master frame 50).
      headEnd: 41,
      // From the last copied GOP's keyframe (master frame 200, closed) to the end.
      tailStart: 190,
      middleFrom: 40,
      middleMasterPts: 51,
      tailFrames: 15,
    });
  });

  it('starts the tail window one GOP earlier when the last copied GOP is open', () => {
    const index = gops(true);
    const plan = cut(index, media('mpeg2video', 'mxf'), 10, 240);
    const windows = decodeWindows(plan, index, 'mxf');
    const copy = plan.parts.find((p) => p.kind === 'copy')!;
    const lastGop = Math.floor((copy.endFrame - 1) / 25) * 25;
    expect(windows?.tailStart).toBe(lastGop - 25 - 10);
    expect(windows?.headEnd).toBe(50 - 10 + 1);
  });

  it('decodes only the first frames of a long first H.264 GOP and compares the rest as packets', () => {
    // GOP 100 (bench/clip's H.264 master): head 10–100, first copied GOP 100–200.
    const index: KeyframeIndex = {
      ...gops(false),
      totalFrames: 1000,
      keyframes: Array.from({ length: 10 }, (_, i) => ({
        frame: i * 100,
        pts: i * 100 + 1,
        dts: i * 100,
        pos: null,
        openGop: false,
      })),
    };
    const plan = cut(index, media('h264', 'mov'), 10, 950);
    expect(decodeWindows(plan, index, 'mov')).toEqual({
      // The head's 90 frames, then the copied keyframe and 32 frames after it.
      headEnd: 90 + 33,
      tailStart: 800 - 10,
      middleFrom: 90,
      middleMasterPts: 101,
      tailFrames: 50,
      middleDropLeading: 0,
    });
    // MPEG-2: the first copied GOP is rewritten, so it is decoded whole, through the next keyframe.
    const mpeg2 = cut(index, media('mpeg2video', 'mxf'), 10, 950);
    expect(decodeWindows(mpeg2, index, 'mxf')).toMatchObject({ headEnd: 200 - 10 + 1, middleFrom: 190 });
  });

  it('decodes whole what the windows would not shorten, and every MPEG-TS clip', () => {
    const index = gops(false);
    expect(decodeWindows(cut(index, media('h264', 'mov'), 10, 70), index, 'mov')).toBeNull();
    expect(decodeWindows(cut(index, media('h264', 'mpegts'), 10, 240), index, 'mpegts')).toBeNull();
    // Inside one GOP: nothing is copied.
    expect(decodeWindows(cut(index, media('h264', 'mov'), 30, 40), index, 'mov')).toBeNull();
  });
});

const listing = [
  '#tb 0: 1/12800',
  '0,       -512,          0,      256,    60475, 0x329f8c06',
  '0,       -256,       1024,      256,    54373, 0xe5ce22ba, F=0x0',
  '1,          0,          0,     1024,     8192, 0x81a4e829',
  '0,          0,        512,      256,    40830, 0xd1127973, F=0x0',
  '0,        256,        256,      256,    30000, 0x00000001, F=0x0',
  '0,        512,        768,      256,    30001, 0x00000002, S=1,       40',
].join('\n');

describe('the head window’s decoder threads', () => {
  const windows = { headEnd: 52, tailStart: 2999, middleFrom: 49, middleMasterPts: 0, tailFrames: 1 };
  it('are two when the head is the one long decode', () => {
    expect(headWindowThreads(windows, 3000)).toBe(2);
    expect(headWindowThreads({ ...windows, tailFrames: 0 }, 3000)).toBe(2);
  });
  it('are one beside a long tail window, or for a short head', () => {
    expect(headWindowThreads({ ...windows, tailStart: 2950 }, 3000)).toBe(1);
    expect(headWindowThreads({ ...windows, headEnd: 4 }, 3000)).toBe(1);
  });
});

describe('the master packets of a first copied open GOP', () => {
  it('leaves out its leading pictures, which the clip re-encoded, and nothing after the next keyframe', () => {
    const p = (pts: number, key = false) => ({ pts, size: pts, crc: '0x0', key });
    // I(pts 10) with two leading B (8, 9), then trailing pictures, then the next GOP's own leading.
    const master = [p(10, true), p(8), p(9), p(13), p(11), p(12), p(20, true), p(18), p(19)];
    expect(withoutLeading(master, 2).map((x) => x.pts)).toEqual([10, 13, 11, 12, 20, 18, 19]);
    expect(withoutLeading(master, 0)).toEqual(master);
  });
});

describe('a copied run of the master’s packets', () => {
  // Decode order of a B-pyramid GOP (display times): I0 P4 B2 b1 b3 P8 B6 b5 b7, then the next IDR.
  const master = [0, 4, 2, 1, 3, 8, 6, 5, 7, 9].map((pts) => ({ pts }));

  it('shows every master frame up to its last when it ends on a closed prefix', () => {
    expect(leftOutOfRun(master, 5)).toBeNull();
    expect(leftOutOfRun(master, 9)).toBeNull();
    expect(leftOutOfRun(master, 10)).toBeNull();
  });

  it('names the frame a run ending inside a mini-GOP leaves out of display order', () => {
    expect(leftOutOfRun(master, 2)).toEqual({ pts: 2 });
    expect(leftOutOfRun(master, 6)).toEqual({ pts: 6 });
  });
});

describe('packets', () => {
  it('lists a stream’s packets in decode order, keyframes by their missing flags', () => {
    const packets = parsePackets(listing);
    expect(packets.map((p) => [p.pts, p.size, p.key])).toEqual([
      [0, 60475, true],
      [1024, 54373, false],
      [512, 40830, false],
      [256, 30000, false],
      [768, 30001, true],
    ]);
    // Display order 0, 256, 512, 768, 1024: frame 3 is the fifth packet, frame 4 the second.
    expect(packetOfFrame(packets, 3)).toBe(4);
    expect(packetOfFrame(packets, 4)).toBe(1);
    expect(packetOfFrame(packets, 5)).toBe(-1);
    expect(distinctPts(packets)).toBe(true);
    expect(distinctPts([...packets, packets[0]!])).toBe(false);
  });

  it('finds the first copied packet that is not the master’s', () => {
    const master = parsePackets(listing);
    expect(compareMiddle(master.slice(0, 3), master)).toBeNull();
    const changed = master.map((p, i) => (i === 2 ? { ...p, crc: '0xdeadbeef' } : p));
    expect(compareMiddle(changed, master)).toMatch(/^copied packet 2 differs/);
    expect(compareMiddle(master, master.slice(0, 2))).toMatch(/5 copied packets in the clip, 2 read/);
  });
});

describe('judging windowed facts', () => {
  const index = gops(false);
  const plan = cut(index, media('h264', 'mov'), 10, 240);
  const right: ClipFacts = {
    decodeErrors: '',
    videoFrames: 230,
    videoPts: [...Array.from({ length: 41 }, (_, i) => i), ...Array.from({ length: 40 }, (_, i) => 190 + i)],
    declaredVideoSeconds: 9.2,
    declaredVideoFrames: 230,
    declaredFormatSeconds: 9.2,
    audio: [],
    windows: [
      { name: 'head', frames: 41, decoded: 41 },
      { name: 'tail', frames: 40, decoded: 40, startsRight: true },
    ],
    packetTimesDistinct: true,
    copiedMiddle: null,
  };
  const codes = (facts: ClipFacts) => judgeClip(expectationOf(plan), facts, []).map((f) => f.code);

  it('passes a clip as planned, and names each way a windowed clip is wrong', () => {
    expect(codes(right)).toEqual([]);
    expect(codes({ ...right, copiedMiddle: 'copied packet 7 differs' })).toEqual(['copied_packets']);
    expect(codes({ ...right, packetTimesDistinct: false })).toEqual(['timestamps']);
    expect(
      codes({ ...right, windows: [right.windows![0]!, { ...right.windows![1]!, decoded: 39 }] }),
    ).toEqual(['frame_count']);
    expect(
      codes({ ...right, windows: [right.windows![0]!, { ...right.windows![1]!, startsRight: false }] }),
    ).toEqual(['frame_count']);
    expect(codes({ ...right, videoPts: [...right.videoPts, 100] })).toEqual(['timestamps']);
    // The right number of frames, but not the clip's frames at their times (one lost, one more).
    expect(
      codes({ ...right, windows: [{ ...right.windows![0]!, timesRight: false }, right.windows![1]!] }),
    ).toEqual(['timestamps']);
  });
});

describe('sound the master does not have', () => {
  it('expects no more samples than the master holds when the clip runs to its end', () => {
    const plan = planClip({
      index: gops(false),
      media: {
        ...media('prores', 'mov'),
        audio: [
          {
            index: 1,
            codec: 'pcm_s24le',
            profile: null,
            sampleRate: 48000,
            channels: 2,
            channelLayout: null,
            sampleFormat: null,
            bitsPerSample: 24,
            bitrate: null,
          },
        ],
      },
      inFrame: 10,
      outFrame: 250,
      profile: 'broadcast',
    });
    expect(plan.audio[0]).toMatchObject({ startSample: 19_200, sampleCount: 460_800 });
    // The master's sound ends 144 samples before its last picture.
    expect(expectationOf(plan, [479_856]).audio[0]!.samples).toBe(460_656);
    expect(expectationOf(plan, [null]).audio[0]!.samples).toBe(460_800);
    expect(expectationOf(plan, [10_000_000]).audio[0]!.samples).toBe(460_800);
  });
});
