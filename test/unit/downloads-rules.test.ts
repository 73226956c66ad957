import { describe, expect, it } from 'vitest';
import {
  contentDisposition,
  contentTypeFor,
  downloadFileName,
  extensionOf,
  slugify,
} from '../../src/downloads/file-name.ts';
import { audioArgs, webArgs } from '../../src/downloads/rendition-commands.ts';
import { checkAccess, historyAction } from '../../src/downloads/rules.ts';
import type { AudioStreamInfo, MediaInfo } from '../../src/media/types.ts';

const now = new Date('2026-11-21T08:00:00Z');
const verified = { id: 'u1', verified: true, pending: false };

describe('checkAccess', () => {
  it('lets verified, signed-in users download videos out of embargo', () => {
    expect(checkAccess(verified, { embargoUntil: null }, now)).toBeNull();
    expect(checkAccess(verified, { embargoUntil: new Date('2026-11-21T07:59:59Z') }, now)).toBeNull();
  });

  it('refuses the signed out and sessions waiting for the second factor (401), the unverified (403)', () => {
    expect(checkAccess(null, { embargoUntil: null }, now)).toEqual({ status: 401, code: 'sign_in_required' });
    expect(checkAccess({ ...verified, pending: true }, { embargoUntil: null }, now)?.status).toBe(401);
    expect(checkAccess({ ...verified, verified: false }, { embargoUntil: null }, now)).toEqual({
      status: 403,
      code: 'email_unverified',
    });
  });

  it('refuses embargoed videos with the date, after checking who asks', () => {
    const until = new Date('2026-11-22T06:00:00Z');
    expect(checkAccess(verified, { embargoUntil: until }, now)).toEqual({
      status: 403,
      code: 'embargoed',
      until,
    });
    expect(checkAccess(null, { embargoUntil: until }, now)?.status).toBe(401);
  });
});

describe('historyAction', () => {
  it('starts a download for a full GET or a range from byte 0', () => {
    expect(historyAction('GET', { kind: 'full', start: 0, end: 9, length: 10 })).toEqual({
      kind: 'start',
      range: null,
    });
    expect(historyAction('GET', { kind: 'partial', start: 0, end: 99, length: 100 })).toEqual({
      kind: 'start',
      range: '0-99',
    });
  });

  it('counts a later range as the resumption of the same download', () => {
    expect(historyAction('GET', { kind: 'partial', start: 100, end: 999, length: 900 })).toEqual({
      kind: 'resume',
    });
  });

  it('records nothing for HEAD, 304, 412 and 416', () => {
    expect(historyAction('HEAD', { kind: 'full', start: 0, end: 9, length: 10 }).kind).toBe('none');
    expect(historyAction('GET', { kind: 'not-modified' }).kind).toBe('none');
    expect(historyAction('GET', { kind: 'precondition-failed' }).kind).toBe('none');
    expect(historyAction('GET', { kind: 'unsatisfiable' }).kind).toBe('none');
  });
});

describe('download file names', () => {
  const base = {
    storySlug: 'ministers-agree-ocean-monitoring-plan',
    date: new Date('2026-11-19T10:00:00Z'),
    title: 'Ministers arrive',
    videoId: 'v1',
    startTimecode: '10:00:00:00',
    rendition: 'master' as const,
    extension: 'mp4',
  };

  it('joins slug, date, timecode and rendition', () => {
    expect(downloadFileName(base)).toBe(
      'ministers-agree-ocean-monitoring-plan_2026-11-19_10-00-00-00_master.mp4',
    );
    expect(downloadFileName({ ...base, startTimecode: '00:59:59;28', rendition: 'web' })).toBe(
      'ministers-agree-ocean-monitoring-plan_2026-11-19_00-59-59-28_web.mp4',
    );
  });

  it('falls back to the title, then the id, without a story', () => {
    expect(downloadFileName({ ...base, storySlug: null, date: null, title: 'Réunion à Port-Aurel' })).toBe(
      'reunion-a-port-aurel_10-00-00-00_master.mp4',
    );
    expect(downloadFileName({ ...base, storySlug: null, date: null, title: '«»', startTimecode: null })).toBe(
      'v1_master.mp4',
    );
  });

  it('slugifies accents away and bounds the length', () => {
    expect(slugify('Été: l’Océan, 2026!')).toBe('ete-l-ocean-2026');
    expect(downloadFileName({ ...base, storySlug: 'a'.repeat(300) }).length).toBeLessThan(170);
  });

  it('writes RFC 6266 Content-Disposition with an ASCII fallback and RFC 8187 filename*', () => {
    expect(contentDisposition('plan_master.mp4')).toBe(
      `attachment; filename="plan_master.mp4"; filename*=UTF-8''plan_master.mp4`,
    );
    expect(contentDisposition('Réunion "x" (1).wav')).toBe(
      `attachment; filename="Reunion _x_ (1).wav"; filename*=UTF-8''R%C3%A9union%20%22x%22%20%281%29.wav`,
    );
  });

  it('knows extensions and types', () => {
    expect(extensionOf('ab/cd/master.MXF')).toBe('mxf');
    expect(extensionOf('ab/cd/master')).toBe('bin');
    expect(contentTypeFor('mxf')).toBe('application/mxf');
    expect(contentTypeFor('wav')).toBe('audio/wav');
    expect(contentTypeFor('xyz')).toBe('application/octet-stream');
  });
});

function audio(channels: number, codec = 'pcm_s24le', bits: number | null = 24): AudioStreamInfo {
  return {
    index: 1,
    codec,
    profile: null,
    sampleRate: 48000,
    channels,
    channelLayout: null,
    sampleFormat: null,
    bitsPerSample: bits,
    bitrate: null,
  };
}

function info(scan: 'progressive' | 'interlaced', streams: AudioStreamInfo[]): MediaInfo {
  return {
    container: 'mxf',
    containerFamily: 'mxf',
    sizeBytes: 1,
    bitrate: null,
    durationSeconds: 6,
    durationFrames: 150,
    startTimecode: '10:00:00:00',
    dropFrame: false,
    video: {
      index: 0,
      codec: 'mpeg2video',
      profile: null,
      level: null,
      pixFmt: 'yuv422p',
      width: 1920,
      height: 1080,
      frameRate: { num: 25, den: 1 },
      timeBase: { num: 1, den: 25 },
      scan,
      fieldOrder: scan === 'interlaced' ? 'tff' : 'progressive',
      colorPrimaries: null,
      colorTransfer: null,
      colorSpace: null,
      colorRange: null,
      bitrate: null,
      hasBFrames: true,
      gopSize: 12,
    },
    audio: streams,
  };
}

describe('rendition commands', () => {
  it('merges every audio stream into one WAV, 24-bit unless the master is 16-bit', () => {
    const eight = audioArgs(
      'in.mxf',
      'out.wav',
      info(
        'interlaced',
        Array.from({ length: 8 }, () => audio(1)),
      ),
    );
    expect(eight).toContain('[0:a:0][0:a:1][0:a:2][0:a:3][0:a:4][0:a:5][0:a:6][0:a:7]amerge=inputs=8[all_a]');
    expect(eight).toContain('pcm_s24le');
    const stereo16 = audioArgs('in.mov', 'out.wav', info('progressive', [audio(2, 'pcm_s16le', 16)]))!;
    expect(stereo16.join(' ')).toContain('-map 0:a:0 -c:a pcm_s16le -rf64 auto');
    expect(audioArgs('in.mp4', 'out.wav', info('progressive', []))).toBeNull();
  });

  it('makes the web MP4 deinterlaced for interlaced masters, stereo from two mono tracks', () => {
    const interlaced = webArgs('in.mxf', 'out.mp4', info('interlaced', [audio(1), audio(1)])).join(' ');
    expect(interlaced).toContain('bwdif=mode=send_frame');
    expect(interlaced).toContain('[0:a:0][0:a:1]amerge=inputs=2[web_a]');
    expect(interlaced).toContain('-c:v libx264');
    expect(interlaced).toContain('+faststart');
    const progressive = webArgs('in.mp4', 'out.mp4', info('progressive', [audio(2, 'aac', null)])).join(' ');
    expect(progressive).not.toContain('bwdif');
    expect(progressive).toContain('-map 0:a:0');
    expect(webArgs('in.mp4', 'out.mp4', info('progressive', []))).not.toContain('-c:a');
  });
});
