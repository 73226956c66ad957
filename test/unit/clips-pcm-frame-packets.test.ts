import { describe, expect, it } from 'vitest';
import { type ProbedAudio, pcmFramePackets } from '../../src/clips/execute/pcm-frame-packets.ts';
import type { AudioCut } from '../../src/clips/plan/plan.ts';

const cut = (streamIndex: number, overrides: Partial<AudioCut> = {}): AudioCut => ({
  streamIndex,
  codec: 'pcm_s24le',
  sampleRate: 48000,
  channels: 1,
  startSample: 17 * 1920,
  sampleCount: 48 * 1920,
  method: 'pcm',
  exact: true,
  ...overrides,
});

const plan = {
  audio: [cut(1), cut(2)],
  frameRate: { num: 25, den: 1 },
  timeBase: { num: 1, den: 25 },
  firstPts: 0,
};

/** Three packets a stream of `samples` each, from `start`. */
function probed(samples: number[], start = 0, timeBase = '1/48000'): ProbedAudio {
  const indexes = [1, 2];
  return {
    streams: indexes.map((index) => ({ index, time_base: timeBase, start_pts: start })),
    packets: [0, 1, 2].flatMap((k) =>
      indexes.map((stream_index) => ({
        stream_index,
        pts: start + samples.slice(0, k).reduce((a, b) => a + b, 0),
        duration: samples[k]!,
      })),
    ),
  };
}

describe('PCM packets of one video frame each', () => {
  it('frame-wrapped 25 fps at 48 kHz: 1920 samples a packet from the first frame', () => {
    expect(pcmFramePackets(plan, probed([1920, 1920, 1920]))).toBe(true);
  });
  it('any other layout is decoded and trimmed instead', () => {
    // Packets of another size, of varying size, or starting after the video.
    expect(pcmFramePackets(plan, probed([1024, 1024, 1024]))).toBe(false);
    expect(pcmFramePackets(plan, probed([1920, 1921, 1919]))).toBe(false);
    expect(pcmFramePackets(plan, probed([1920, 1920, 1920], 960))).toBe(false);
    // A time base that is not the sample rate; a stream not probed; too few packets.
    expect(pcmFramePackets(plan, probed([1920, 1920, 1920], 0, '1/90000'))).toBe(false);
    expect(pcmFramePackets({ ...plan, audio: [cut(1), cut(3)] }, probed([1920, 1920, 1920]))).toBe(false);
    const one = probed([1920, 1920, 1920]);
    expect(pcmFramePackets(plan, { ...one, packets: one.packets.slice(0, 2) })).toBe(false);
  });
  it('29.97 fps has no whole number of samples a frame; AAC and web audio are not PCM cuts', () => {
    const ntsc = { ...plan, frameRate: { num: 30000, den: 1001 }, timeBase: { num: 1, den: 30000 } };
    expect(pcmFramePackets(ntsc, probed([1602, 1601, 1602]))).toBe(false);
    expect(
      pcmFramePackets({ ...plan, audio: [cut(1, { method: 'copy-frames' })] }, probed([1920, 1920, 1920])),
    ).toBe(false);
    expect(pcmFramePackets({ ...plan, audio: [] }, probed([1920, 1920, 1920]))).toBe(false);
  });
  it('a video starting later: audio starting at the same time still counts', () => {
    const later = { ...plan, firstPts: 2 }; // 2 frames = 3840 samples
    expect(pcmFramePackets(later, probed([1920, 1920, 1920], 3840))).toBe(true);
    expect(pcmFramePackets(later, probed([1920, 1920, 1920], 0))).toBe(false);
  });
});
