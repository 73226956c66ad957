/** Which containers ffmpeg may read masters in, and the input options that enforce it (pure). */
import { describe, expect, it } from 'vitest';
import { keyframeIndexArgs } from '../../src/media/keyframe-index.ts';
import { probeArgs } from '../../src/media/probe.ts';
import {
  acceptedDemuxer,
  FORMAT_WHITELIST,
  masterInputArgs,
  probeInputArgs,
  UnacceptedFormatError,
} from '../../src/platform/ffmpeg/input.ts';

describe('master input formats', () => {
  it('maps probed format names to the demuxer forced later, and refuses the others', () => {
    expect(acceptedDemuxer('mov,mp4,m4a,3gp,3g2,mj2')).toBe('mov');
    expect(acceptedDemuxer('mxf')).toBe('mxf');
    expect(acceptedDemuxer('mpegts')).toBe('mpegts');
    expect(acceptedDemuxer('matroska,webm')).toBe('matroska');
    expect(acceptedDemuxer('wav')).toBe('wav');
    for (const other of ['hls', 'concat', 'image2', 'tty', 'lavfi', 'mov', 'mp4', '', null, undefined])
      expect(acceptedDemuxer(other), String(other)).toBeNull();
  });

  it('probes with the file protocol and the whitelist, reads with the detected format forced', () => {
    expect(FORMAT_WHITELIST.split(',')).not.toContain('hls');
    expect(FORMAT_WHITELIST.split(',')).not.toContain('concat');
    expect(probeInputArgs()).toEqual(['-protocol_whitelist', 'file', '-format_whitelist', FORMAT_WHITELIST]);
    expect(masterInputArgs('mxf')).toEqual([
      '-protocol_whitelist',
      'file',
      '-format_whitelist',
      FORMAT_WHITELIST,
      '-f',
      'mxf',
    ]);
    expect(() => masterInputArgs('hls')).toThrow(UnacceptedFormatError);
    // Input options come right before the file they apply to.
    expect(probeArgs('/u/1').slice(-5)).toEqual([...probeInputArgs(), '/u/1']);
    expect(probeArgs('/m/master.mxf', true, 'mxf').slice(-7)).toEqual([
      ...masterInputArgs('mxf'),
      '/m/master.mxf',
    ]);
    expect(keyframeIndexArgs('/m/a.mp4', 0, 'mov,mp4,m4a,3gp,3g2,mj2').slice(-3)).toEqual([
      '-f',
      'mov',
      '/m/a.mp4',
    ]);
  });
});
