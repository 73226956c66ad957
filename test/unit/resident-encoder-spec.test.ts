import { describe, expect, it } from 'vitest';
import { x264EncoderArgs } from '../../src/clips/plan/encoders/x264.ts';
import type { VideoStreamInfo } from '../../src/media/types.ts';
import { encoderSpecFromArgs } from '../../src/platform/ffmpeg/resident-encoder.ts';

describe('encoderSpecFromArgs', () => {
  it('turns ffmpeg encoder arguments into the codec, pixel format and encoder options', () => {
    expect(
      encoderSpecFromArgs([
        ...['-c:v', 'libx264', '-threads', '1', '-profile:v', 'high', '-level:v', '4.2'],
        ...['-pix_fmt', 'yuv420p', '-color_primaries', 'bt709', '-x264-params', 'ref=1:bframes=3'],
      ]),
    ).toEqual({
      codec: 'libx264',
      pixFmt: 'yuv420p',
      options: [
        ['threads', '1'],
        ['profile', 'high'],
        ['level', '4.2'],
        ['color_primaries', 'bt709'],
        ['x264-params', 'ref=1:bframes=3'],
      ],
      topFieldFirst: null,
      metadata: [],
    });
  });

  it('takes the matched x264 arguments of a master as they are', () => {
    const video = {
      profile: 'High',
      level: 42,
      pixFmt: 'yuv420p',
      colorPrimaries: 'bt709',
    } as VideoStreamInfo;
    const args = x264EncoderArgs(video, 'cabac=1 ref=1 bframes=3 rc=cbr bitrate=15000', 0, 'fast');
    const spec = encoderSpecFromArgs(args);
    expect(spec?.codec).toBe('libx264');
    expect(spec?.options.map(([name]) => name)).toEqual([
      'threads',
      'profile',
      'level',
      'color_primaries',
      'x264-params',
    ]);
  });

  it('takes ffmpeg’s -top and -timecode as it applies them (frames, encoder, file)', () => {
    const spec = encoderSpecFromArgs(['-c:v', 'mpeg2video', '-top', '1', '-timecode', '10:00:00:00']);
    expect(spec).toMatchObject({
      codec: 'mpeg2video',
      topFieldFirst: 1,
      options: [['gop_timecode', '10:00:00:00']],
      metadata: [['timecode', '10:00:00:00']],
    });
    expect(encoderSpecFromArgs(['-c:v', 'mpeg2video', '-top', '0'])?.topFieldFirst).toBe(0);
  });

  it('refuses what only ffmpeg itself does (filters, other streams, -top auto) and odd lists', () => {
    expect(encoderSpecFromArgs(['-c:v', 'libx264', '-top', '-1'])).toBeNull();
    expect(encoderSpecFromArgs(['-c:v', 'libx264', '-vf', 'scale=640:-2'])).toBeNull();
    expect(encoderSpecFromArgs(['-c:v', 'libx264', '-b:a', '128k'])).toBeNull();
    expect(encoderSpecFromArgs(['-c:v', 'libx264', '-threads'])).toBeNull();
    expect(encoderSpecFromArgs(['-threads', '1'])).toBeNull();
    expect(encoderSpecFromArgs(['-c:v', 'libx264', '-x264-params', 'a=1\tb=2'])).toBeNull();
  });
});
