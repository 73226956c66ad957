/**
 * What an MP4/MOV clip's sound track presents, counted from its boxes (clip-boxes.ts) instead of
 * decoding it: coded frames × their samples less the edit's media time (priming), at most the
 * edit's duration; PCM from its bytes.
 */
import { describe, expect, it } from 'vitest';
import { type BoxAudio, presentedSamples } from '../../src/clips/verify/clip-boxes.ts';

function track(
  frames: number,
  size: number,
  edit: { mediaTime: number; duration: number | null },
  pcmFrameBytes: number | null = null,
): BoxAudio {
  return {
    format: pcmFrameBytes ? 'sowt' : 'mp4a',
    channels: 2,
    sampleRate: 48000,
    pcmFrameBytes,
    table: {
      offsets: Float64Array.from({ length: frames }, (_, i) => i * size),
      sizes: Uint32Array.from({ length: frames }, () => size),
      dts: new Float64Array(frames),
      cts: new Float64Array(frames),
      sync: new Uint8Array(frames).fill(1),
    },
    timescale: 48000,
    edit: { emptyDuration: 0, mediaTime: edit.mediaTime },
    editDuration: edit.duration,
    mediaDuration: 0,
    declaredSeconds: 0,
  };
}

describe("a clip's sound track counted from its boxes", () => {
  it('counts coded frames less the priming the edit skips, at most the edit', () => {
    // 60 frames with one kept before the in-point, 300 samples into it: 61,140 samples of media.
    expect(presentedSamples(track(60, 400, { mediaTime: 300, duration: 60000 }), 1024)).toBe(60000);
    // An edit claiming more than the frames hold presents what they hold.
    expect(presentedSamples(track(60, 400, { mediaTime: 300, duration: 70000 }), 1024)).toBe(61140);
    // No edit list: every frame from the first.
    expect(presentedSamples(track(10, 400, { mediaTime: 0, duration: null }), 1152)).toBe(11520);
  });

  it('counts PCM by its bytes, whatever the sample table says a sample is', () => {
    // 16-bit stereo: 4 bytes a sample frame; chunks of 4,000 bytes.
    expect(presentedSamples(track(12, 4000, { mediaTime: 0, duration: null }, 4), 1024)).toBe(12000);
    expect(presentedSamples(track(12, 4000, { mediaTime: 0, duration: 11000 }, 4), 1024)).toBe(11000);
  });
});
