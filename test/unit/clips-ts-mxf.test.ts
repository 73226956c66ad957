/** TS and MXF specifics of the clip engine (pure parts): D-10 label, TS copy arguments, refusals. */
import { describe, expect, it } from 'vitest';
import { encodedPartTimescale, tsCopyArgs } from '../../src/clips/execute/ts-copy.ts';
import { ClipPlanError, planClip } from '../../src/clips/plan/plan.ts';
import { declaresD10 } from '../../src/lib/mpeg2/mxf-d10.ts';
import type { KeyframeIndex, MediaInfo } from '../../src/media/types.ts';

const ul = (variant: number) =>
  Buffer.from([
    0x06,
    0x0e,
    0x2b,
    0x34,
    0x04,
    0x01,
    0x01,
    0x01,
    0x0d,
    0x01,
    0x03,
    0x01,
    0x02,
    0x01,
    variant,
    0x01,
  ]);

describe('D-10 essence container label', () => {
  it('is found in the partition pack, and only for the D-10 mapping', () => {
    expect(declaresD10(Buffer.concat([Buffer.alloc(100), ul(1), Buffer.alloc(10)]))).toBe(true);
    expect(declaresD10(Buffer.concat([Buffer.alloc(3), ul(6)]))).toBe(true);
    // MPEG-2 long GOP frame-wrapped (XDCAM): 0D.01.03.01.02.04.60.01.
    const longGop = Buffer.from(ul(1));
    longGop.set([0x04, 0x60], 13);
    expect(declaresD10(longGop)).toBe(false);
    expect(declaresD10(ul(7))).toBe(false);
    expect(declaresD10(ul(1).subarray(0, 15))).toBe(false);
  });
});

const index: KeyframeIndex = {
  timeBase: { num: 1, den: 90000 },
  frameRate: { num: 25, den: 1 },
  totalFrames: 75,
  firstPts: 324126000,
  keyframes: [0, 25, 50].map((frame) => ({
    frame,
    pts: 324126000 + frame * 3600,
    dts: 324126000 + frame * 3600 - 7200,
    pos: frame * 1000,
    openGop: false,
  })),
};

function media(codec: string): MediaInfo {
  return {
    container: 'mpegts',
    containerFamily: 'mpegts',
    startTimecode: '00:00:00:00',
    dropFrame: false,
    audio: [],
    video: { index: 0, codec, pixFmt: 'yuv420p', hasBFrames: true, frameRate: index.frameRate },
  } as unknown as MediaInfo;
}

describe('MPEG-TS masters', () => {
  it('the copied stretch is taken by packet count from its keyframe, in the parts’ timescale', () => {
    const plan = planClip({ index, media: media('h264'), inFrame: 25, outFrame: 75, profile: 'broadcast' });
    const copy = plan.parts.find((p) => p.kind === 'copy')!;
    expect(copy.kind).toBe('copy');
    const args = tsCopyArgs(plan, copy as never, '/m.ts', 'mpegts', '/c.mp4').join(' ');
    expect(args).toContain('-seek_timestamp 1 -ss 3602.400000');
    expect(args).toContain('-c:v copy');
    expect(args).toContain('-frames:v 50 -video_track_timescale 12800');
    expect(encodedPartTimescale({ frameRate: { num: 30000, den: 1001 } })).toBe(30000);
    expect(encodedPartTimescale({ frameRate: { num: 50, den: 1 } })).toBe(12800);
  });

  it('MPEG-2 video in MPEG-TS is refused in the broadcast profile, before any work', () => {
    const plan = () =>
      planClip({ index, media: media('mpeg2video'), inFrame: 5, outFrame: 60, profile: 'broadcast' });
    expect(plan).toThrow(ClipPlanError);
    try {
      plan();
    } catch (error) {
      expect((error as ClipPlanError).code).toBe('CLIP_UNSUPPORTED');
    }
    expect(
      planClip({ index, media: media('mpeg2video'), inFrame: 5, outFrame: 60, profile: 'web' }).container,
    ).toBe('mp4');
  });
});
