import { describe, expect, it } from 'vitest';
import { classifyProbeFailure, looksLikeIsoBmff, MediaError } from '../../src/media/probe-errors.ts';
import {
  containerFamily,
  type FfprobeOutput,
  findStartTimecode,
  normaliseTimecode,
  parseProbeOutput,
  scanFromFieldOrder,
  snapFrameRate,
  videoFrameRate,
} from '../../src/media/probe-parse.ts';

/** Trimmed from ffprobe 5.1 on the XDCAM test master (`-show_format -show_streams -count_packets`). */
function xdcamFixture(): FfprobeOutput {
  const mono = (index: number) => ({
    index,
    codec_name: 'pcm_s24le',
    codec_type: 'audio',
    sample_fmt: 's32',
    sample_rate: '48000',
    channels: 1,
    bits_per_sample: 24,
    bits_per_raw_sample: '24',
    bit_rate: '1152000',
    duration: '6.000000',
    nb_read_packets: '150',
  });
  return {
    streams: [
      {
        index: 0,
        codec_name: 'mpeg2video',
        codec_type: 'video',
        profile: '4:2:2',
        width: 1920,
        height: 1080,
        has_b_frames: 1,
        pix_fmt: 'yuv422p',
        level: 2,
        color_range: 'tv',
        color_space: 'bt709',
        color_transfer: 'bt709',
        color_primaries: 'bt709',
        field_order: 'tt',
        r_frame_rate: '25/1',
        avg_frame_rate: '25/1',
        time_base: '1/25',
        duration: '6.000000',
        bit_rate: '50000000',
        nb_read_packets: '150',
        disposition: { attached_pic: 0 },
      },
      ...[1, 2, 3, 4, 5, 6, 7, 8].map(mono),
    ],
    format: {
      format_name: 'mxf',
      duration: '6.000000',
      size: '44463161',
      bit_rate: '59284214',
      tags: { timecode: '10:00:00:00', operational_pattern_ul: '060e2b34.04010101.0d010201.01010900' },
    },
  };
}

function h264Fixture(): FfprobeOutput {
  return {
    streams: [
      {
        index: 0,
        codec_name: 'h264',
        codec_type: 'video',
        profile: 'High',
        width: 1920,
        height: 1080,
        has_b_frames: 2,
        pix_fmt: 'yuv420p',
        level: 42,
        color_range: 'tv',
        color_space: 'bt709',
        color_transfer: 'bt709',
        color_primaries: 'bt709',
        field_order: 'progressive',
        r_frame_rate: '50/1',
        avg_frame_rate: '50/1',
        time_base: '1/12800',
        duration: '6.000000',
        bit_rate: '16547253',
        nb_frames: '300',
        nb_read_packets: '300',
        tags: { timecode: '10:00:00:00' },
      },
      {
        index: 1,
        codec_name: 'aac',
        codec_type: 'audio',
        profile: 'LC',
        sample_fmt: 'fltp',
        sample_rate: '48000',
        channels: 2,
        channel_layout: 'stereo',
        bits_per_sample: 0,
        bit_rate: '187167',
        nb_frames: '283',
        nb_read_packets: '283',
      },
      { index: 2, codec_type: 'data', codec_tag_string: 'tmcd', tags: { timecode: '10:00:00:00' } },
    ],
    format: {
      format_name: 'mov,mp4,m4a,3gp,3g2,mj2',
      duration: '6.000000',
      size: '12560517',
      bit_rate: '16747356',
      tags: { major_brand: 'isom' },
    },
  };
}

function proresFixture(): FfprobeOutput {
  return {
    streams: [
      {
        index: 0,
        codec_name: 'prores',
        codec_type: 'video',
        profile: 'Standard',
        width: 1920,
        height: 1080,
        has_b_frames: 0,
        pix_fmt: 'yuv422p10le',
        field_order: 'progressive',
        r_frame_rate: '30000/1001',
        avg_frame_rate: '30000/1001',
        time_base: '1/30000',
        duration: '4.004000',
        nb_frames: '120',
        nb_read_packets: '120',
        tags: { timecode: '00:59:59;28' },
      },
      {
        index: 1,
        codec_name: 'pcm_s24le',
        codec_type: 'audio',
        sample_rate: '48000',
        channels: 2,
        channel_layout: 'stereo',
        bits_per_sample: 24,
      },
      { index: 2, codec_type: 'data', tags: { timecode: '00:59:59;28' } },
    ],
    format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '4.004000', tags: { major_brand: 'qt  ' } },
  };
}

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof MediaError ? error.code : 'other';
  }
}

describe('parseProbeOutput', () => {
  it('reads an XDCAM HD422 MXF: interlaced tff at 25 frames/s, 8 mono PCM, timecode from the format', () => {
    const info = parseProbeOutput(xdcamFixture());
    expect(info.containerFamily).toBe('mxf');
    expect(info.durationFrames).toBe(150);
    expect(info.startTimecode).toBe('10:00:00:00');
    expect(info.dropFrame).toBe(false);
    expect(info.video).toMatchObject({
      codec: 'mpeg2video',
      profile: '4:2:2',
      level: 2,
      frameRate: { num: 25, den: 1 },
      timeBase: { num: 1, den: 25 },
      scan: 'interlaced',
      fieldOrder: 'tff',
      colorPrimaries: 'bt709',
      bitrate: 50_000_000,
      hasBFrames: true,
    });
    expect(info.audio).toHaveLength(8);
    expect(info.audio[0]).toEqual({
      index: 1,
      codec: 'pcm_s24le',
      profile: null,
      sampleRate: 48000,
      channels: 1,
      channelLayout: 'mono',
      sampleFormat: 's32',
      bitsPerSample: 24,
      bitrate: 1_152_000,
    });
  });

  it('reads an H.264 MP4 with B-frames and a tmcd track', () => {
    const info = parseProbeOutput(h264Fixture());
    expect(info.containerFamily).toBe('mp4');
    expect(info.durationFrames).toBe(300);
    expect(info.durationSeconds).toBe(6);
    expect(info.startTimecode).toBe('10:00:00:00');
    expect(info.video).toMatchObject({ codec: 'h264', profile: 'High', level: 42, scan: 'progressive' });
    expect(info.video.hasBFrames).toBe(true);
    expect(info.audio[0]).toMatchObject({ codec: 'aac', channelLayout: 'stereo', bitsPerSample: null });
  });

  it('reads a ProRes MOV at 29.97 with drop-frame timecode', () => {
    const info = parseProbeOutput(proresFixture());
    expect(info.containerFamily).toBe('mov');
    expect(info.video.frameRate).toEqual({ num: 30000, den: 1001 });
    expect(info.startTimecode).toBe('00:59:59;28');
    expect(info.dropFrame).toBe(true);
    expect(info.video.hasBFrames).toBe(false);
  });

  it('estimates the frame count from the declared duration for a header-only probe', () => {
    const headers = xdcamFixture();
    for (const stream of headers.streams!) delete stream.nb_read_packets;
    expect(parseProbeOutput(headers, '', { counted: false }).durationFrames).toBe(150);
    expect(codeOf(() => parseProbeOutput(headers))).toBe('truncated');
  });

  it('refuses what is not video, or is cut short', () => {
    expect(codeOf(() => parseProbeOutput({}))).toBe('not_media');
    expect(
      codeOf(() =>
        parseProbeOutput({
          streams: [{ index: 0, codec_type: 'video', codec_name: 'png', nb_read_packets: '1' }],
          format: { format_name: 'png_pipe' },
        }),
      ),
    ).toBe('not_media');
    const audioOnly = h264Fixture();
    audioOnly.streams = audioOnly.streams!.filter((s) => s.codec_type !== 'video');
    expect(codeOf(() => parseProbeOutput(audioOnly))).toBe('no_video');

    const cut = h264Fixture();
    cut.streams![0]!.nb_read_packets = '142';
    expect(codeOf(() => parseProbeOutput(cut))).toBe('truncated');
    expect(
      codeOf(() => parseProbeOutput(h264Fixture(), '[mov] stream 1, offset 0x5fe24d: partial file')),
    ).toBe('truncated');
    const shortMxf = xdcamFixture();
    shortMxf.streams![0]!.nb_read_packets = '69';
    expect(codeOf(() => parseProbeOutput(shortMxf))).toBe('truncated');
    const ts = h264Fixture();
    ts.format = { format_name: 'mpegts', size: '5000000', duration: '6.0' };
    expect(codeOf(() => parseProbeOutput(ts))).toBe('truncated');
    ts.format.size = String(188 * 26000);
    expect(codeOf(() => parseProbeOutput(ts))).toBeNull();
  });
});

describe('probe helpers', () => {
  it('normalises timecodes and detects drop frame', () => {
    expect(normaliseTimecode('10:00:00:00')).toEqual({ timecode: '10:00:00:00', dropFrame: false });
    expect(normaliseTimecode('01:00:00;02')).toEqual({ timecode: '01:00:00;02', dropFrame: true });
    expect(normaliseTimecode('1:00:00.02')).toEqual({ timecode: '01:00:00:02', dropFrame: false });
    expect(normaliseTimecode('garbage')).toBeNull();
  });

  it('finds the timecode in the video stream, a data stream, then the format; 00:00:00:00 otherwise', () => {
    const out = h264Fixture();
    delete out.streams![0]!.tags;
    expect(findStartTimecode(out, out.streams![0]!).timecode).toBe('10:00:00:00');
    out.streams = out.streams!.slice(0, 2);
    expect(findStartTimecode(out, out.streams[0]!)).toEqual({ timecode: '00:00:00:00', dropFrame: false });
  });

  it('takes frames, not fields, and snaps near-standard rates', () => {
    expect(videoFrameRate({ index: 0, r_frame_rate: '50/1', avg_frame_rate: '25/1' })).toEqual({
      num: 25,
      den: 1,
    });
    expect(videoFrameRate({ index: 0, r_frame_rate: '25/1', avg_frame_rate: '0/0' })).toEqual({
      num: 25,
      den: 1,
    });
    expect(snapFrameRate({ num: 2997, den: 100 })).toEqual({ num: 30000, den: 1001 });
    expect(snapFrameRate({ num: 12, den: 1 })).toEqual({ num: 12, den: 1 });
  });

  it('maps field orders and container families', () => {
    expect(scanFromFieldOrder('tt')).toEqual({ scan: 'interlaced', fieldOrder: 'tff' });
    expect(scanFromFieldOrder('bb')).toEqual({ scan: 'interlaced', fieldOrder: 'bff' });
    expect(scanFromFieldOrder(undefined)).toEqual({ scan: 'progressive', fieldOrder: 'unknown' });
    expect(containerFamily({ format_name: 'mov,mp4,m4a,3gp,3g2,mj2', tags: { major_brand: 'qt  ' } })).toBe(
      'mov',
    );
    expect(containerFamily({ format_name: 'mpegts' })).toBe('mpegts');
    expect(containerFamily({ format_name: 'avi' })).toBe('other');
  });

  it('tells a cut MP4 from a text file when the moov box is missing', () => {
    const mp4Head = Buffer.from('0000002066747970697363', 'hex');
    expect(looksLikeIsoBmff(mp4Head)).toBe(true);
    expect(classifyProbeFailure('moov atom not found', mp4Head)).toBe('truncated');
    expect(classifyProbeFailure('moov atom not found', Buffer.from('This is not a video'))).toBe('not_media');
    expect(classifyProbeFailure('Invalid data found when processing input')).toBe('not_media');
  });
});
