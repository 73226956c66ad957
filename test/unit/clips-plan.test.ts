import { describe, expect, it } from 'vitest';
import {
  ClipPlanError,
  type ClipPlanInput,
  type CopyPart,
  leadingPictures,
  planClip,
} from '../../src/clips/plan/plan.ts';
import type { KeyframeIndex, VideoStreamInfo } from '../../src/media/types.ts';

function video(codec: string, extra: Partial<VideoStreamInfo> = {}): VideoStreamInfo {
  return {
    index: 0,
    codec,
    profile: null,
    level: null,
    pixFmt: 'yuv420p',
    width: 1920,
    height: 1080,
    frameRate: { num: 50, den: 1 },
    timeBase: { num: 1, den: 12800 },
    scan: 'progressive',
    fieldOrder: 'progressive',
    colorPrimaries: 'bt709',
    colorTransfer: 'bt709',
    colorSpace: 'bt709',
    colorRange: 'tv',
    bitrate: 15_000_000,
    hasBFrames: true,
    gopSize: 100,
    ...extra,
  };
}

type Media = ClipPlanInput['media'];

/** H.264 1080p50, closed GOP 100, decode delay 2 frames, 300 frames, AAC stereo. */
const h264Index: KeyframeIndex = {
  timeBase: { num: 1, den: 12800 },
  frameRate: { num: 50, den: 1 },
  totalFrames: 300,
  firstPts: 0,
  keyframes: [0, 100, 200].map((frame) => ({
    frame,
    pts: frame * 256,
    dts: (frame - 2) * 256,
    pos: null,
    openGop: false,
  })),
};
const h264Media: Media = {
  containerFamily: 'mp4',
  startTimecode: '10:00:00:00',
  dropFrame: false,
  video: video('h264'),
  audio: [
    {
      index: 1,
      codec: 'aac',
      profile: 'LC',
      sampleRate: 48000,
      channels: 2,
      channelLayout: 'stereo',
      sampleFormat: 'fltp',
      bitsPerSample: null,
      bitrate: 192000,
    },
  ],
};

/** MPEG-2 1080i25, open GOP N=12 M=3 (2 leading B), 150 frames, 8 mono PCM. */
const mpeg2Index: KeyframeIndex = {
  timeBase: { num: 1, den: 25 },
  frameRate: { num: 25, den: 1 },
  totalFrames: 150,
  firstPts: 0,
  keyframes: Array.from({ length: 13 }, (_, i) => i * 12).map((frame) => ({
    frame,
    pts: frame,
    dts: frame === 0 ? -1 : frame - 3,
    pos: null,
    openGop: frame !== 0,
  })),
};
const mpeg2Media: Media = {
  containerFamily: 'mxf',
  startTimecode: '10:00:00:00',
  dropFrame: false,
  video: video('mpeg2video', {
    frameRate: { num: 25, den: 1 },
    timeBase: { num: 1, den: 25 },
    pixFmt: 'yuv422p',
    scan: 'interlaced',
    fieldOrder: 'tff',
    gopSize: 12,
  }),
  audio: Array.from({ length: 8 }, (_, i) => ({
    index: i + 1,
    codec: 'pcm_s24le',
    profile: null,
    sampleRate: 48000,
    channels: 1,
    channelLayout: 'mono',
    sampleFormat: 's32',
    bitsPerSample: 24,
    bitrate: 1_152_000,
  })),
};

const proresIndex: KeyframeIndex = {
  timeBase: { num: 1001, den: 30000 },
  frameRate: { num: 30000, den: 1001 },
  totalFrames: 120,
  firstPts: 0,
  keyframes: Array.from({ length: 120 }, (_, frame) => ({
    frame,
    pts: frame,
    dts: frame,
    pos: null,
    openGop: false,
  })),
};
const proresMedia: Media = {
  containerFamily: 'mov',
  startTimecode: '00:59:59;28',
  dropFrame: true,
  video: video('prores', {
    frameRate: { num: 30000, den: 1001 },
    timeBase: { num: 1001, den: 30000 },
    pixFmt: 'yuv422p10le',
    hasBFrames: false,
    gopSize: 1,
  }),
  audio: [],
};

function plan(index: KeyframeIndex, media: Media, inFrame: number, outFrame: number, profile = 'broadcast') {
  return planClip({ index, media, inFrame, outFrame, profile: profile as 'broadcast' });
}

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ClipPlanError) return error.code;
    throw error;
  }
  return undefined;
}

describe('H.264 closed GOP', () => {
  it('head, copy, tail for a range with mid-GOP in and out', () => {
    const p = plan(h264Index, h264Media, 37, 263);
    expect(p.method).toBe('smart');
    expect(p.parts.map((x) => [x.kind, x.startFrame, x.endFrame])).toEqual([
      ['encode', 37, 100],
      ['copy', 100, 200],
      ['encode', 200, 263],
    ]);
    const copy = p.parts[1] as CopyPart;
    expect(copy.packetCount).toBe(100);
    expect(copy.dropLeading).toBe(0);
    expect(copy.untilKeyframe?.frame).toBe(200);
    expect(p.parts[0]!.kind === 'encode' && p.parts[0]!.decodeFrom.frame).toBe(0);
    expect(p.parts[2]!.kind === 'encode' && p.parts[2]!.decodeFrom.frame).toBe(200);
    expect(p.frameCount).toBe(226);
    expect(p.container).toBe('mp4');
    expect(p.outputCodec).toBe('h264');
  });
  it('with decode-order prefixes known, the copy runs into the last GOP and the tail is a few frames', () => {
    // I P B B B pattern: the first 1, 5, 9, … packets of each GOP display exactly its first frames.
    const prefixEnds = Array.from({ length: 24 }, (_, i) => 1 + 4 * i);
    const index = { ...h264Index, keyframes: h264Index.keyframes.map((k) => ({ ...k, prefixEnds })) };
    const p = plan(index, h264Media, 37, 263);
    expect(p.parts.map((x) => [x.kind, x.startFrame, x.endFrame])).toEqual([
      ['encode', 37, 100],
      ['copy', 100, 261],
      ['encode', 261, 263],
    ]);
    const copy = p.parts[1] as CopyPart;
    expect(copy.untilKeyframe?.frame).toBe(200);
    expect(copy.endPrefix).toBe(61);
    expect(copy.packetCount).toBe(161);
    expect(p.parts[2]!.kind === 'encode' && p.parts[2]!.decodeFrom.frame).toBe(200);
    // Out right after a prefix: no tail at all.
    expect(plan(index, h264Media, 37, 261).parts.map((x) => x.kind)).toEqual(['encode', 'copy']);
    // No complete GOP in the range, yet a prefix of the one after in: copy it, re-encode the rest.
    const q = plan(index, h264Media, 120, 230);
    expect(q.method).toBe('smart');
    expect(q.parts.map((x) => [x.kind, x.startFrame, x.endFrame])).toEqual([
      ['encode', 120, 200],
      ['copy', 200, 229],
      ['encode', 229, 230],
    ]);
    expect((q.parts[1] as CopyPart).untilKeyframe?.frame).toBe(200);
    // MPEG-2 and open GOPs keep whole-GOP copies.
    const open = { ...index, keyframes: index.keyframes.map((k) => ({ ...k, openGop: k.frame > 0 })) };
    expect(plan(open, h264Media, 37, 263).parts.at(-1)).toMatchObject({ kind: 'encode', startFrame: 200 });
  });
  it('in on a keyframe: no head; out on a keyframe: no tail', () => {
    const p = plan(h264Index, h264Media, 100, 200);
    expect(p.parts.map((x) => [x.kind, x.startFrame, x.endFrame])).toEqual([['copy', 100, 200]]);
    const q = plan(h264Index, h264Media, 100, 250);
    expect(q.parts.map((x) => x.kind)).toEqual(['copy', 'encode']);
    const r = plan(h264Index, h264Media, 50, 200);
    expect(r.parts.map((x) => x.kind)).toEqual(['encode', 'copy']);
  });
  it('range inside one GOP is a single re-encode', () => {
    const p = plan(h264Index, h264Media, 110, 190);
    expect(p.method).toBe('reencode');
    expect(p.parts).toEqual([expect.objectContaining({ kind: 'encode', startFrame: 110, endFrame: 190 })]);
    expect(p.reason).toMatch(/no complete GOP/);
  });
  it('out at the end of the master copies to the end of the stream', () => {
    const p = plan(h264Index, h264Media, 150, 300);
    expect(p.parts.map((x) => [x.kind, x.startFrame, x.endFrame])).toEqual([
      ['encode', 150, 200],
      ['copy', 200, 300],
    ]);
    expect((p.parts[1] as CopyPart).untilKeyframe).toBeNull();
  });
  it('audio cut by sample position once for the whole range', () => {
    const p = plan(h264Index, h264Media, 37, 263);
    expect(p.audio).toEqual([
      expect.objectContaining({
        streamIndex: 1,
        startSample: 35520,
        sampleCount: 216960,
        method: 'copy-frames',
      }),
    ]);
    expect(p.audio[0]!.exact).toBe(false);
  });
  it('start timecode is the in-frame timecode', () => {
    expect(plan(h264Index, h264Media, 37, 263).startTimecode).toBe('10:00:00:37');
  });
  it('H.264 open-GOP I-frames (not IDR) cannot start a copy', () => {
    const index: KeyframeIndex = {
      ...h264Index,
      keyframes: h264Index.keyframes.map((k) =>
        k.frame === 100 ? { ...k, openGop: true, dts: (100 - 4) * 256 } : k,
      ),
    };
    const p = plan(index, h264Media, 37, 263);
    // copy starts at the IDR 200; nothing clean to end it before 263: one head and the copy to 200+
    expect(p.parts[0]).toMatchObject({ kind: 'encode', startFrame: 37 });
    expect(p.parts.some((x) => x.kind === 'copy' && x.startFrame === 100)).toBe(false);
  });
  it('H.264 recovery-point I-frames without leading pictures (not IDR) cannot start a copy either', () => {
    const index: KeyframeIndex = {
      ...h264Index,
      keyframes: h264Index.keyframes.map((k) => (k.frame === 100 ? { ...k, nonIdr: true } : k)),
    };
    const p = plan(index, h264Media, 37, 263);
    expect(p.parts.some((x) => x.kind === 'copy' && x.startFrame === 100)).toBe(false);
    // The same index with an IDR there copies from it.
    expect(plan(h264Index, h264Media, 37, 263).parts.find((x) => x.kind === 'copy')).toMatchObject({
      startFrame: 100,
    });
    // The stream's first picture has nothing before it in a clip that starts there.
    const first: KeyframeIndex = {
      ...h264Index,
      keyframes: h264Index.keyframes.map((k) => ({ ...k, nonIdr: true })),
    };
    expect(plan(first, h264Media, 0, 300).parts).toMatchObject([{ kind: 'copy', startFrame: 0 }]);
  });
  it('web profile from H.264 4:2:0 smart-cuts into MP4', () => {
    const p = plan(h264Index, h264Media, 37, 263, 'web');
    expect(p.method).toBe('smart');
    expect(p.container).toBe('mp4');
    expect(p.audio[0]!.method).toBe('encode');
  });
  it('web profile from interlaced H.264 re-encodes the range, whatever the cut points', () => {
    const interlaced: Media = {
      ...h264Media,
      video: video('h264', { scan: 'interlaced', fieldOrder: 'tff' }),
    };
    for (const [inFrame, outFrame] of [
      [37, 263],
      [100, 200],
      [0, 300],
    ] as const) {
      const p = plan(h264Index, interlaced, inFrame, outFrame, 'web');
      expect([p.method, p.parts.map((x) => x.kind)]).toEqual(['reencode', ['encode']]);
      expect(p.reason).toMatch(/interlaced/);
    }
    // The broadcast profile keeps the master's fields: a smart cut.
    expect(plan(h264Index, interlaced, 37, 263).method).toBe('smart');
  });
});

describe('MPEG-2 open GOP', () => {
  it('derives leading pictures from pts - dts', () => {
    expect(leadingPictures(mpeg2Index).slice(0, 3)).toEqual([0, 2, 2]);
    expect(leadingPictures(h264Index)).toEqual([0, 0, 0]);
  });
  it('drops the leading B-frames of the first copied GOP and ends the copy before the next', () => {
    const p = plan(mpeg2Index, mpeg2Media, 17, 65);
    expect(p.method).toBe('smart');
    expect(p.parts.map((x) => [x.kind, x.startFrame, x.endFrame])).toEqual([
      ['encode', 17, 24],
      ['copy', 24, 58],
      ['encode', 58, 65],
    ]);
    const copy = p.parts[1] as CopyPart;
    expect(copy.dropLeading).toBe(2);
    expect(copy.fromKeyframe.frame).toBe(24);
    expect(copy.untilKeyframe?.frame).toBe(60);
    expect([copy.nextKeyframe?.frame, copy.nextLeading]).toEqual([36, 2]);
    // decode order I24 B22 B23 … up to (not including) I60: displays 22..57 = 36 packets
    expect(copy.packetCount).toBe(36);
    expect(p.container).toBe('mxf');
  });
  it('tail decodes from the keyframe before its first frame', () => {
    const p = plan(mpeg2Index, mpeg2Media, 17, 65);
    const tail = p.parts[2]!;
    expect(tail.kind === 'encode' && tail.decodeFrom.frame).toBe(48);
  });
  it('out on the display position of a keyframe leading pictures needs no tail', () => {
    const p = plan(mpeg2Index, mpeg2Media, 17, 70);
    expect(p.parts.map((x) => [x.kind, x.startFrame, x.endFrame])).toEqual([
      ['encode', 17, 24],
      ['copy', 24, 70],
    ]);
  });
  it('out exactly on an open-GOP keyframe still re-encodes its leading frames', () => {
    const p = plan(mpeg2Index, mpeg2Media, 24, 60);
    expect(p.parts.map((x) => [x.kind, x.startFrame, x.endFrame])).toEqual([
      ['copy', 24, 58],
      ['encode', 58, 60],
    ]);
  });
  it('in on the first frame: closed first GOP, nothing dropped', () => {
    const p = plan(mpeg2Index, mpeg2Media, 0, 40);
    const copy = p.parts[0] as CopyPart;
    expect(copy.dropLeading).toBe(0);
    expect([copy.startFrame, copy.endFrame, copy.packetCount]).toEqual([0, 34, 34]);
  });
  it('PCM audio is exact, all eight streams kept', () => {
    const p = plan(mpeg2Index, mpeg2Media, 17, 70);
    expect(p.audio).toHaveLength(8);
    for (const a of p.audio) {
      expect(a).toMatchObject({ method: 'pcm', exact: true, startSample: 17 * 1920, sampleCount: 53 * 1920 });
    }
  });
  it('web profile re-encodes the range to H.264', () => {
    const p = plan(mpeg2Index, mpeg2Media, 17, 70, 'web');
    expect(p.method).toBe('reencode');
    expect(p.outputCodec).toBe('h264');
    expect(p.container).toBe('mp4');
    expect(p.parts).toHaveLength(1);
  });
});

describe('intra-only and unsupported codecs', () => {
  it('ProRes is cut by pure stream copy', () => {
    const p = plan(proresIndex, proresMedia, 3, 77);
    expect(p.method).toBe('copy');
    expect(p.parts).toEqual([expect.objectContaining({ kind: 'copy', startFrame: 3, endFrame: 77 })]);
    expect(p.startTimecode).toBe('01:00:00;01');
    expect(p.container).toBe('mov');
  });
  it('HEVC falls back to a full re-encode with a reason', () => {
    const p = plan(h264Index, { ...h264Media, video: video('hevc') }, 37, 263);
    expect(p.method).toBe('reencode');
    expect(p.reason).toMatch(/hevc cannot be smart-cut/);
  });
});

describe('validation', () => {
  it('typed errors', () => {
    expect(errorCode(() => plan(h264Index, h264Media, 10, 10))).toBe('CLIP_RANGE_EMPTY');
    expect(errorCode(() => plan(h264Index, h264Media, 20, 10))).toBe('CLIP_RANGE_EMPTY');
    expect(errorCode(() => plan(h264Index, h264Media, -1, 10))).toBe('CLIP_RANGE_OUT_OF_BOUNDS');
    expect(errorCode(() => plan(h264Index, h264Media, 0, 301))).toBe('CLIP_RANGE_OUT_OF_BOUNDS');
    expect(errorCode(() => plan(h264Index, h264Media, 1.5, 10))).toBe('CLIP_RANGE_INVALID');
    expect(errorCode(() => plan(h264Index, h264Media, 0, 10, 'vhs'))).toBe('CLIP_PROFILE_INVALID');
    expect(errorCode(() => plan({ ...h264Index, keyframes: [] }, h264Media, 0, 10))).toBe(
      'CLIP_INDEX_INVALID',
    );
    expect(plan(h264Index, h264Media, 0, 300).frameCount).toBe(300);
  });
});
