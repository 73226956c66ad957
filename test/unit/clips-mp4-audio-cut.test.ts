import { describe, expect, it } from 'vitest';
import { masterAudioFrames, trackEdit } from '../../src/clips/execute/mp4-audio-cut.ts';
import type { AudioCut } from '../../src/clips/plan/types.ts';
import { box, fullBox, traks, u32 } from '../../src/lib/isobmff/boxes.ts';
import type { SampleTable } from '../../src/lib/isobmff/samples.ts';

/** elst entries (v0): [segment duration, media time]; rate 1. */
function soundTrak(edits: [number, number][] | null, timescale = 48000): Buffer {
  const mdhd = fullBox('mdhd', 0, 0, u32(0, 0, timescale, 0), u32(0));
  const hdlr = fullBox('hdlr', 0, 0, u32(0), Buffer.from('soun'), Buffer.alloc(13));
  const edts = edits
    ? [box('edts', fullBox('elst', 0, 0, u32(edits.length, ...edits.flatMap(([d, m]) => [d, m, 0x10000]))))]
    : [];
  return box('trak', ...edts, box('mdia', mdhd, hdlr));
}

function movie(...trakBoxes: Buffer[]): Buffer {
  return box('moov', fullBox('mvhd', 0, 0, u32(0, 0, 1000, 0), Buffer.alloc(80)), ...trakBoxes);
}

/** `frames` AAC frames of 1024 samples, 300 bytes each, stored 1000 bytes apart. */
function table(frames: number): SampleTable {
  return {
    offsets: Float64Array.from({ length: frames }, (_, i) => 5000 + 1000 * i),
    sizes: Uint32Array.from({ length: frames }, () => 300),
    dts: Float64Array.from({ length: frames }, (_, i) => 1024 * i),
    cts: Float64Array.from({ length: frames }, (_, i) => 1024 * i),
    sync: Uint8Array.from({ length: frames }, () => 1),
  };
}

function cut(startSample: number, sampleCount: number, method: AudioCut['method'] = 'copy-frames'): AudioCut {
  const fields = { streamIndex: 1, codec: 'aac', sampleRate: 48000, channels: 2 };
  return { ...fields, startSample, sampleCount, method, exact: method !== 'copy-frames' };
}

describe('audio frames from the master', () => {
  it('reads an edit list of one edit, after an empty one or alone', () => {
    const primed = movie(soundTrak([[60000, 1024]]));
    expect(trackEdit(primed, traks(primed)[0]!)).toEqual({ emptyDuration: 0, mediaTime: 1024 });
    const delayed = movie(
      soundTrak([
        [500, -1 >>> 0],
        [60000, 0],
      ]),
    );
    expect(trackEdit(delayed, traks(delayed)[0]!)).toEqual({ emptyDuration: 500, mediaTime: 0 });
    const none = movie(soundTrak(null));
    expect(trackEdit(none, traks(none)[0]!)).toEqual({ emptyDuration: 0, mediaTime: 0 });
    const two = movie(
      soundTrak([
        [100, 0],
        [100, 4096],
      ]),
    );
    expect(trackEdit(two, traks(two)[0]!)).toBeNull();
  });

  it('keeps the frame before the in-point and skips to the exact first sample', () => {
    // Priming of 1024: presentation sample 5000 is media sample 6024, in frame 5 (5120-6143).
    const moov = movie(soundTrak([[60000, 1024]]));
    const result = masterAudioFrames({ moov, cuts: [cut(5000, 10000)], tables: [table(100)], videoStart: 0 });
    if (typeof result === 'string') throw new Error(result);
    const [frames] = result;
    // Frames 4 to 15: 16024 (the end, exclusive) lies in frame 15 (15360-16383).
    expect(Array.from(frames!.offsets)).toEqual(Array.from({ length: 12 }, (_, i) => 5000 + 1000 * (4 + i)));
    expect(frames!.durations).toEqual(Array(12).fill(1024));
    expect(frames!.skip).toBe(6024 - 4 * 1024);
    expect(frames!.duration).toBe(10000);
    expect(frames!.timescale).toBe(48000);
  });

  it('starts at the first frame when the clip does, and stops at the end of the track', () => {
    const moov = movie(soundTrak([[60000, 1024]]));
    const result = masterAudioFrames({ moov, cuts: [cut(0, 1_000_000)], tables: [table(10)], videoStart: 0 });
    if (typeof result === 'string') throw new Error(result);
    expect(result[0]!.offsets[0]).toBe(5000);
    expect(result[0]!.skip).toBe(1024);
    expect(result[0]!.offsets).toHaveLength(10);
    expect(result[0]!.duration).toBe(10 * 1024 - 1024);
  });

  it('places the cut from the first video frame, the track delayed by an empty edit', () => {
    // Video shown from 0.1 s, the audio from 0.5 s (empty edit of 500 ms): sample 24000 of the
    // clip's timeline is 0.1 + 0.5 = 0.6 s, 0.1 s = 4800 samples into the audio's media.
    const moov = movie(
      soundTrak([
        [500, -1 >>> 0],
        [60000, 0],
      ]),
    );
    const result = masterAudioFrames({
      moov,
      cuts: [cut(24000, 960)],
      tables: [table(100)],
      videoStart: 0.1,
    });
    if (typeof result === 'string') throw new Error(result);
    expect(result[0]!.offsets[0]).toBe(5000 + 1000 * 3);
    expect(result[0]!.skip).toBe(4800 - 3 * 1024);
  });

  it('leaves PCM, mismatched tracks and edit lists of several edits to ffmpeg', () => {
    const moov = movie(soundTrak([[60000, 1024]]));
    const input = { moov, tables: [table(100)], videoStart: 0 };
    expect(masterAudioFrames({ ...input, cuts: [cut(0, 100, 'pcm')] })).toBeTypeOf('string');
    expect(masterAudioFrames({ ...input, cuts: [cut(0, 100), cut(0, 100)] })).toBeTypeOf('string');
    const edited = movie(
      soundTrak([
        [100, 0],
        [100, 4096],
      ]),
    );
    expect(masterAudioFrames({ ...input, moov: edited, cuts: [cut(0, 100)] })).toBeTypeOf('string');
    expect(masterAudioFrames({ ...input, videoStart: -1, cuts: [cut(0, 100)] })).toBeTypeOf('string');
  });
});
