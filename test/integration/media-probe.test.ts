/**
 * Probing each family of generated master: the stored metadata, exactly. (Counted frames against
 * decoded frames is checked in media-keyframe-index.test.ts, which decodes every fixture anyway.)
 */
import { statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MediaError, probeMedia } from '../../src/media/probe.ts';
import {
  audioOnlyMaster,
  h264Mp4Master,
  h264OpenGopTsMaster,
  notMedia,
  proresMovMaster,
  truncatedMaster,
  xdcamMxfMaster,
} from '../support/masters.ts';

let xdcam: string;
let h264: string;
let prores: string;
let openGopTs: string;

beforeAll(async () => {
  [xdcam, h264, prores, openGopTs] = await Promise.all([
    xdcamMxfMaster(),
    h264Mp4Master(),
    proresMovMaster(),
    h264OpenGopTsMaster(),
  ]);
});

async function refusal(path: string): Promise<string> {
  try {
    await probeMedia(path);
  } catch (error) {
    if (error instanceof MediaError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('probeMedia on generated masters', () => {
  it('MXF XDCAM HD422 1080i50: 8 mono PCM 24-bit, start timecode 10:00:00:00', async () => {
    const info = await probeMedia(xdcam);
    expect(info).toMatchObject({
      container: 'mxf',
      containerFamily: 'mxf',
      sizeBytes: statSync(xdcam).size,
      durationSeconds: 6,
      durationFrames: 150,
      startTimecode: '10:00:00:00',
      dropFrame: false,
    });
    expect(info.video).toEqual({
      index: 0,
      codec: 'mpeg2video',
      profile: '4:2:2',
      level: 2,
      pixFmt: 'yuv422p',
      width: 1920,
      height: 1080,
      frameRate: { num: 25, den: 1 },
      timeBase: { num: 1, den: 25 },
      scan: 'interlaced',
      fieldOrder: 'tff',
      colorPrimaries: 'bt709',
      colorTransfer: 'bt709',
      colorSpace: 'bt709',
      colorRange: 'tv',
      bitrate: 50_000_000,
      hasBFrames: true,
      gopSize: null,
    });
    expect(info.audio).toHaveLength(8);
    for (const [i, audio] of info.audio.entries()) {
      expect(audio).toEqual({
        index: i + 1,
        codec: 'pcm_s24le',
        profile: null,
        sampleRate: 48000,
        channels: 1,
        channelLayout: 'mono',
        sampleFormat: 's32',
        bitsPerSample: 24,
        bitrate: 1_152_000,
      });
    }
    expect(info.bitrate).toBeGreaterThan(50_000_000);
  });

  it('H.264 High 1080p50 MP4 with B-frames, AAC stereo, tmcd 10:00:00:00', async () => {
    const info = await probeMedia(h264);
    expect(info).toMatchObject({
      containerFamily: 'mp4',
      durationSeconds: 6,
      durationFrames: 300,
      startTimecode: '10:00:00:00',
      dropFrame: false,
    });
    expect(info.video).toMatchObject({
      codec: 'h264',
      profile: 'High',
      level: 42,
      pixFmt: 'yuv420p',
      width: 1920,
      height: 1080,
      frameRate: { num: 50, den: 1 },
      timeBase: { num: 1, den: 12800 },
      scan: 'progressive',
      fieldOrder: 'progressive',
      colorPrimaries: 'bt709',
      hasBFrames: true,
    });
    expect(info.video.bitrate).toBeGreaterThan(10_000_000);
    expect(info.video.bitrate).toBeLessThan(20_000_000);
    expect(info.audio).toEqual([
      expect.objectContaining({
        index: 1,
        codec: 'aac',
        profile: 'LC',
        sampleRate: 48000,
        channels: 2,
        channelLayout: 'stereo',
      }),
    ]);
  });

  it('ProRes 422 MOV 29.97 with drop-frame timecode 00:59:59;28', async () => {
    const info = await probeMedia(prores);
    expect(info).toMatchObject({
      containerFamily: 'mov',
      durationFrames: 120,
      startTimecode: '00:59:59;28',
      dropFrame: true,
    });
    expect(info.video).toMatchObject({
      codec: 'prores',
      profile: 'Standard',
      pixFmt: 'yuv422p10le',
      frameRate: { num: 30000, den: 1001 },
      scan: 'progressive',
      hasBFrames: false,
    });
    expect(info.audio).toEqual([
      expect.objectContaining({
        codec: 'pcm_s24le',
        channels: 2,
        channelLayout: 'stereo',
        bitsPerSample: 24,
      }),
    ]);
  });

  it('MPEG-TS H.264 without timecode starts at 00:00:00:00', async () => {
    const info = await probeMedia(openGopTs);
    expect(info).toMatchObject({
      containerFamily: 'mpegts',
      durationFrames: 100,
      startTimecode: '00:00:00:00',
    });
  });

  it('a header-only probe agrees with the full one on these masters', async () => {
    for (const path of [xdcam, h264, prores]) {
      const quick = await probeMedia(path, { countFrames: false });
      expect(quick, path).toEqual(await probeMedia(path));
    }
  });

  it('refuses not media, truncated, audio-only and missing files with codes', async () => {
    expect(await refusal(await notMedia())).toBe('not_media');
    expect(await refusal(await truncatedMaster())).toBe('truncated');
    expect(await refusal(await audioOnlyMaster())).toBe('no_video');
    expect(await refusal('/nonexistent/master.mxf')).toBe('unreadable');
  });
});
