import { describe, expect, it } from 'vitest';
import { demoMasterArgs, demoPattern } from '../../src/media/demo-master.ts';
import {
  audioGraph,
  chooseRungs,
  deinterlaceFilter,
  type PreviewSource,
  posterTime,
  previewArgs,
  thumbnailCount,
  thumbnailsVtt,
} from '../../src/media/preview-plan.ts';
import { parseMediaPlaylist } from '../../src/media/preview-watch.ts';
import { masterExtension, masterRelativePath } from '../../src/media/store.ts';

const xdcam: PreviewSource = {
  durationSeconds: 600,
  video: { index: 0, height: 1080, frameRate: { num: 25, den: 1 }, scan: 'interlaced', fieldOrder: 'tff' },
  audio: Array.from({ length: 8 }, (_, i) => ({ index: i + 1, channels: 1 })),
};

function valueAfter(args: string[], flag: string): string | undefined {
  return args[args.indexOf(flag) + 1];
}

describe('preview plan', () => {
  it('keeps rungs no taller than the master', () => {
    expect(chooseRungs(1080).map((r) => r.name)).toEqual(['720p', '360p']);
    expect(chooseRungs(576).map((r) => r.name)).toEqual(['360p']);
    expect(chooseRungs(241)).toMatchObject([{ name: '360p', height: 240 }]);
  });

  it('deinterlaces interlaced masters only, one frame per master frame', () => {
    expect(deinterlaceFilter(xdcam.video)).toBe('bwdif=mode=send_frame:parity=tff:deint=all');
    expect(deinterlaceFilter({ ...xdcam.video, fieldOrder: 'bff' })).toContain('parity=bff');
    expect(deinterlaceFilter({ ...xdcam.video, scan: 'progressive', fieldOrder: 'progressive' })).toBeNull();
  });

  it('makes stereo from two mono tracks, a stereo track, or one mono track', () => {
    expect(audioGraph(xdcam.audio, 2)).toMatch(/^\[0:1\]\[0:2\]amerge=inputs=2,.*asplit=2\[a0\]\[a1\]$/);
    expect(audioGraph([{ index: 1, channels: 2 }], 1)).toMatch(/^\[0:1\]aformat=.*asplit=1\[a0\]$/);
    expect(audioGraph([{ index: 3, channels: 1 }], 2)).toContain('[0:3]aformat');
    expect(audioGraph([], 2)).toBeNull();
  });

  it('builds one ffmpeg pass: GOP = segment length, no B-frames, both rungs and the sprites', () => {
    const args = previewArgs('/m/master.mxf', xdcam);
    const graph = valueAfter(args, '-filter_complex')!;
    expect(graph).toContain(
      "[0:0]setpts=PTS-STARTPTS,bwdif=mode=send_frame:parity=tff:deint=all,scale='trunc(720*dar/2)*2':720:flags=bilinear,setsar=1," +
        'format=yuv420p,split=3[s0][s1][st]',
    );
    expect(graph).toContain("[s1]scale='trunc(360*dar/2)*2':360:flags=bilinear,setsar=1[v1]");
    expect(graph).toContain('tile=10x10[thumbs]');
    expect(valueAfter(args, '-g')).toBe('50');
    expect(valueAfter(args, '-bf')).toBe('0');
    expect(valueAfter(args, '-var_stream_map')).toBe('v:0,a:0,name:720p v:1,a:1,name:360p');
    expect(valueAfter(args, '-hls_time')).toBe('2');
    expect(args.at(-1)).toBe('thumbs/sprite_%03d.jpg');
    const ntsc = previewArgs('/m/p.mov', {
      ...xdcam,
      video: { ...xdcam.video, frameRate: { num: 30000, den: 1001 } },
    });
    expect(valueAfter(ntsc, '-g')).toBe('60');
    const silent = previewArgs('/m/p.mov', { ...xdcam, audio: [] });
    expect(valueAfter(silent, '-var_stream_map')).toBe('v:0,name:720p v:1,name:360p');
    expect(silent).not.toContain('-c:a');
  });

  it('writes a WebVTT thumbnails track over the sprite grid', () => {
    expect(thumbnailCount(6)).toBe(3);
    expect(thumbnailCount(4.004)).toBe(3);
    const vtt = thumbnailsVtt(205);
    expect(vtt.startsWith('WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nsprite_000.jpg#xywh=0,0,160,90\n')).toBe(
      true,
    );
    expect(vtt).toContain('00:00:22.000 --> 00:00:24.000\nsprite_000.jpg#xywh=160,90,160,90');
    expect(vtt).toContain('00:03:20.000 --> 00:03:22.000\nsprite_001.jpg#xywh=0,0,160,90');
    expect(vtt.trim().endsWith('00:03:24.000 --> 00:03:25.000\nsprite_001.jpg#xywh=320,0,160,90')).toBe(true);
    expect(posterTime(600)).toBe(5);
    expect(posterTime(6)).toBeCloseTo(0.6);
  });

  it('counts the segments of a media playlist', () => {
    const text =
      '#EXTM3U\n#EXT-X-MAP:URI="init_0.mp4"\n#EXTINF:2.000000,\nseg_00000.m4s\n#EXTINF:1.5,\nseg_00001.m4s\n';
    expect(parseMediaPlaylist(text)).toEqual({ segments: 2, seconds: 3.5, ended: false });
    expect(parseMediaPlaylist(`${text}#EXT-X-ENDLIST\n`).ended).toBe(true);
  });
});

describe('store and demo helpers', () => {
  it('derives content addresses and safe extensions', () => {
    const sha = 'ab'.padEnd(64, '0');
    expect(masterRelativePath(sha, 'mxf')).toBe(`masters/ab/${sha}/master.mxf`);
    expect(() => masterRelativePath('../etc', 'mxf')).toThrow();
    expect(masterExtension('/in/Clip.MXF')).toBe('mxf');
    expect(masterExtension('/in/noext')).toBe('bin');
    expect(masterExtension('/in/x.a$b')).toBe('bin');
  });

  it('demo masters: six patterns, long GOP H.264 High 1080p50 with tmcd 10:00:00:00', () => {
    const patterns = new Set([0, 1, 2, 3, 4, 5].map((v) => demoPattern(v, 20).split('=')[0]));
    expect(patterns.size).toBe(6);
    expect(demoPattern(6, 20)).toBe(demoPattern(0, 20));
    const args = demoMasterArgs({ seconds: 20, variant: 1 });
    expect(valueAfter(args, '-g')).toBe('100');
    expect(valueAfter(args, '-bf')).toBe('3');
    expect(valueAfter(args, '-timecode')).toBe('10:00:00:00');
    expect(valueAfter(args, '-profile:v')).toBe('high');
    expect(args.join(' ')).toContain("timecode='10\\:00\\:00\\:00':rate=50");
  });
});
