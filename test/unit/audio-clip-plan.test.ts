/**
 * Parts of audio items, planned (src/clips/audio/plan.ts and commands.ts, pure): the frame unit, the
 * sample range, the bounds (the last partial frame included), the output per master, and the
 * arguments that move a BWF's time reference by the in point.
 */
import { describe, expect, it } from 'vitest';
import { cutArgs, rangeFilter } from '../../src/clips/audio/commands.ts';
import {
  AudioPlanError,
  audioFrameOfTimecode,
  audioFrames,
  audioOutputOf,
  planAudioClip,
  samplesPerFrame,
} from '../../src/clips/audio/plan.ts';

const bwf = { format: 'wav', codec: 'pcm_s24le', sampleRate: 48000, channels: 2, durationMs: 2300 };

describe('audio part plan', () => {
  it('counts 25 frames a second in samples', () => {
    expect([48000, 44100, 32000, 96000].map(samplesPerFrame)).toEqual([1920, 1764, 1280, 3840]);
    expect(audioFrameOfTimecode('00:00:01:07')).toBe(32);
    // 2.3 s: 57.5 frames, the last one partial.
    expect(audioFrames(bwf)).toBe(58);
  });

  it('plans samples from frames, up to the frame after the last sample', () => {
    const plan = planAudioClip(bwf, 7, 58);
    expect([plan.inSample, plan.outSample, plan.method, plan.output.container]).toEqual([
      13440,
      111360,
      'copy',
      'wav',
    ]);
    const refused = (a: number, b: number) => {
      try {
        planAudioClip(bwf, a, b);
      } catch (error) {
        return (error as AudioPlanError).code;
      }
      return null;
    };
    expect([refused(7, 59), refused(8, 8), refused(9, 3), refused(0, 58)]).toEqual([
      'CLIP_RANGE_OUT_OF_BOUNDS',
      'CLIP_RANGE_EMPTY',
      'CLIP_RANGE_EMPTY',
      null,
    ]);
  });

  it('keeps each master’s format: lossless copied, MP3 and AAC re-encoded, others refused', () => {
    const out = (format: string, codec: string) => audioOutputOf({ ...bwf, format, codec });
    expect(out('flac', 'flac')?.lossless).toBe(true);
    expect(out('aiff', 'pcm_s16be')?.codecArgs).toEqual(['-c:a', 'pcm_s16be']);
    expect(out('mp3', 'mp3')?.codecArgs.slice(0, 2)).toEqual(['-c:a', 'libmp3lame']);
    expect(out('m4a', 'aac')?.container).toBe('m4a');
    expect([out('ogg', 'opus'), out('m4a', 'alac'), out('ogg', 'vorbis')]).toEqual([null, null, null]);
    expect(() => planAudioClip({ ...bwf, format: 'ogg', codec: 'opus' }, 0, 1)).toThrow(AudioPlanError);
  });

  it('cuts on decoded samples and moves the BWF time reference by the in point', () => {
    expect(rangeFilter(13440, 110400)).toBe(
      'asetpts=N/SR/TB,atrim=start_sample=13440:end_sample=110400,asetpts=N/SR/TB',
    );
    const args = cutArgs({
      master: '/m/original.wav',
      demuxer: 'wav',
      plan: planAudioClip(bwf, 7, 58),
      endSample: 110400,
      timeReference: 1728000000n,
      output: '/c/part.wav',
    });
    expect(args.slice(0, 8)).toEqual([
      '-v',
      'error',
      '-protocol_whitelist',
      'file',
      '-f',
      'wav',
      '-i',
      '/m/original.wav',
    ]);
    expect(args).toContain('time_reference=1728013440');
    expect(args.slice(args.indexOf('-write_bext'), args.indexOf('-write_bext') + 2)).toEqual([
      '-write_bext',
      '1',
    ]);
    const mp3 = cutArgs({
      master: '/m/o.mp3',
      demuxer: 'mp3',
      plan: planAudioClip({ ...bwf, format: 'mp3', codec: 'mp3' }, 0, 10),
      endSample: 19200,
      timeReference: 5n,
      output: '/c/p.mp3',
    });
    expect(mp3).not.toContain('-write_bext');
  });
});
