import { describe, expect, it } from 'vitest';
import { isClipLeftover } from '../../src/clips/execute/smartcut.ts';
import { longestEncodePart } from '../../src/clips/execute/types.ts';
import {
  audioArgs,
  concatJoinArgs,
  concatList,
  encodePartArgs,
  mpeg2CopyArgs,
  mxfJoinArgs,
  secondsArg,
} from '../../src/clips/plan/commands.ts';
import { mpeg2EncoderArgs } from '../../src/clips/plan/encoders/mpeg2.ts';
import {
  fastAnalysis,
  levelString,
  parseX264Options,
  requestedChromaQpOffset,
  x264ParamsFromOptions,
} from '../../src/clips/plan/encoders/x264.ts';
import type { ClipPlan, CopyPart, EncodePart } from '../../src/clips/plan/plan.ts';
import { parseAvcC, sameParameterSets } from '../../src/lib/isobmff/avc.ts';
import { advanceGopTimecode, closeFirstGop } from '../../src/lib/mpeg2/es.ts';
import type { VideoStreamInfo } from '../../src/media/types.ts';

const kf = (frame: number, pts: number, dts: number) => ({ frame, pts, dts, pos: null, openGop: frame > 0 });

const head: EncodePart = { kind: 'encode', startFrame: 17, endFrame: 24, decodeFrom: kf(12, 12, 9) };
const copy: CopyPart = {
  kind: 'copy',
  startFrame: 24,
  endFrame: 58,
  fromKeyframe: kf(24, 24, 21),
  untilKeyframe: kf(60, 60, 57),
  nextKeyframe: kf(36, 36, 33),
  nextLeading: 2,
  endPrefix: 0,
  packetCount: 36,
  dropLeading: 2,
};
const tail: EncodePart = { kind: 'encode', startFrame: 58, endFrame: 65, decodeFrom: kf(48, 48, 45) };

const plan: ClipPlan = {
  inFrame: 17,
  outFrame: 65,
  frameCount: 48,
  profile: 'broadcast',
  method: 'smart',
  reason: '',
  sourceCodec: 'mpeg2video',
  outputCodec: 'mpeg2video',
  container: 'mxf',
  parts: [head, copy, tail],
  audio: [
    {
      streamIndex: 1,
      codec: 'pcm_s24le',
      sampleRate: 48000,
      channels: 1,
      startSample: 17 * 1920,
      sampleCount: 48 * 1920,
      method: 'pcm',
      exact: true,
    },
  ],
  frameRate: { num: 25, den: 1 },
  timeBase: { num: 1, den: 25 },
  firstPts: 0,
  videoStreamIndex: 0,
  startTimecode: '10:00:00:17',
  durationSeconds: 1.92,
};

describe('command builders', () => {
  it('formats seconds to the microsecond', () => {
    expect(secondsArg(1 / 3)).toBe('0.333333');
    expect(secondsArg(2)).toBe('2.000000');
    expect(secondsArg((1001 * 7) / 30000)).toBe('0.233567');
  });
  it('encodes a part from its keyframe with a frame-counted trim', () => {
    const args = encodePartArgs(
      plan,
      head,
      { masterPath: '/m.mxf' },
      ['-c:v', 'mpeg2video'],
      'mpeg2video',
      '/h.m2v',
    );
    expect(args.join(' ')).toContain('-seek_timestamp 1 -ss 0.480000 -i /m.mxf');
    expect(args.join(' ')).toContain('trim=start_frame=5:end_frame=12,setpts=PTS-STARTPTS');
    expect(args.join(' ')).toContain('-frames:v 7');
    expect(args.slice(-3)).toEqual(['-f', 'mpeg2video', '/h.m2v']);
    // Fed from standard input: skip the leading references fed, number the frames.
    const fed = encodePartArgs(plan, head, { fedLeading: 3 }, ['-c:v', 'libx264'], 'mp4', '/h.mp4').join(' ');
    expect(fed).toContain('-f h264 -framerate 25/1 -i pipe:0');
    expect(fed).toContain('trim=start_frame=3:end_frame=10,setpts=N/(FRAME_RATE*TB)');
    expect(fed).not.toContain('-ss');
  });
  it('the longest re-encoded part gets the cores, or the longest but one (a tail the join waits for last)', () => {
    // head 7 frames, tail 7: the first of equals; without the tail (index 2), the head.
    expect(longestEncodePart(plan)).toBe(0);
    const longTail = { ...plan, parts: [head, copy, { ...tail, endFrame: 70 }] };
    expect(longestEncodePart(longTail)).toBe(2);
    expect(longestEncodePart(longTail, 2)).toBe(0);
  });
  it('a join reading a list entry from its standard input allows the pipe protocol', () => {
    const options = { inBandParameterSets: false, declareAvc3: false, muxer: 'mxf', outputPath: '/o.mxf' };
    const audio = { inputs: [], filters: [], maps: [], codecs: [], pcmPacketsCopied: false };
    expect(concatJoinArgs(plan, '/l', audio, options).join(' ')).not.toContain('protocol_whitelist');
    const piped = concatJoinArgs(plan, '/l', audio, { ...options, standardInput: true }).join(' ');
    expect(piped).toContain('-protocol_whitelist file,pipe -i /l');
  });
  it('copies MPEG-2 packets from the I-frame, leading B-frames dropped', () => {
    const args = mpeg2CopyArgs(plan, copy, '/m.mxf', '/c.m2v').join(' ');
    expect(args).toContain('-seek_timestamp 1 -ss 0.960000 -i /m.mxf');
    expect(args).toContain('noise=drop=lt(pts\\,0)');
    expect(args).toContain('-frames:v 34');
  });
  it('concat list: explicit durations, inpoint at pts, outpoint at the next keyframe decode time', () => {
    const text = concatList({ ...plan, timeBase: { num: 1, den: 25 } }, "/x/it's.mxf", [
      { kind: 'file', path: '/w/h.mp4', frames: 7 },
      { kind: 'copy', part: copy },
    ]);
    expect(text).toBe(
      [
        'ffconcat version 1.0',
        "file '/w/h.mp4'",
        'duration 0.280000',
        "file '/x/it'\\''s.mxf'",
        'inpoint 0.960000',
        'outpoint 2.280000',
        'duration 1.360000',
        '',
      ].join('\n'),
    );
    // A copy that runs 5 packets into the until-keyframe's GOP stops half a frame before packet 6.
    const into = concatList({ ...plan, timeBase: { num: 1, den: 25 } }, '/m.mp4', [
      { kind: 'copy', part: { ...copy, endFrame: 63, endPrefix: 5 } },
    ]);
    expect(into).toContain(`outpoint ${secondsArg((57 + 4.5) / 25)}`);
    expect(into).toContain('duration 1.560000');
  });
  it('audio: PCM trimmed by samples from a keyframe seek; AAC frames copied and shifted', () => {
    const pcm = audioArgs(plan, '/m.mxf', () => 'pcm_s24le');
    expect(pcm.inputs).toEqual(['-seek_timestamp', '1', '-ss', '0.480000', '-t', '2.220000', '-i', '/m.mxf']);
    expect(pcm.filters).toEqual([
      `[1:1]atrim=start_sample=${5 * 1920}:end_sample=${53 * 1920},asetpts=PTS-STARTPTS[a0]`,
    ]);
    expect(pcm.codecs).toEqual(['-c:a:0', 'pcm_s24le']);
    const aac = audioArgs(
      { ...plan, audio: [{ ...plan.audio[0]!, codec: 'aac', method: 'copy-frames', exact: false }] },
      '/m.mp4',
      () => '',
    );
    expect(aac.inputs).toEqual([
      '-seek_timestamp',
      '1',
      '-ss',
      '0.480000',
      '-itsoffset',
      '-0.200000',
      '-t',
      '2.020000',
      '-i',
      '/m.mp4',
    ]);
    expect(aac.codecs).toEqual([
      '-c:a:0',
      'copy',
      '-bsf:a:0',
      'noise=drop=lte(pts*tb\\,-0.021322917)+gte(pts*tb\\,1.919989583)',
    ]);
  });
  it('audio: PCM of one video frame a packet is copied as whole packets, sample-exact', () => {
    const copied = audioArgs(plan, '/m.mxf', () => 'pcm_s24le', 1, true);
    expect(copied.pcmPacketsCopied).toBe(true);
    expect(copied.filters).toEqual([]);
    // In-point 0.2 s after the seek; packets of 1920 samples (0.04 s) overlapping [0, 1.92).
    expect(copied.inputs).toContain('-itsoffset');
    expect(copied.inputs[copied.inputs.indexOf('-itsoffset') + 1]).toBe('-0.200000');
    expect(copied.codecs).toEqual([
      '-c:a:0',
      'copy',
      '-bsf:a:0',
      'noise=drop=lte(pts*tb\\,-0.039989583)+gte(pts*tb\\,1.919989583)',
    ]);
    // Not when the master's PCM must be converted, nor without the packet layout.
    expect(audioArgs(plan, '/m.mxf', () => 'pcm_s16le', 1, true).pcmPacketsCopied).toBe(false);
    expect(audioArgs(plan, '/m.mxf', () => 'pcm_s24le', 1, false).pcmPacketsCopied).toBe(false);
  });
  it('MXF join reads the elementary streams as one bitstream', () => {
    const args = mxfJoinArgs(
      plan,
      ['/a.m2v', '/b.m2v'],
      { inputs: [], filters: [], maps: [], codecs: [], pcmPacketsCopied: false },
      '/o.mxf',
    );
    expect(args.join(' ')).toContain('-f mpegvideo -framerate 25/1 -i concat:/a.m2v|/b.m2v');
    expect(args.join(' ')).toContain('-timecode 10:00:00:17 -f mxf /o.mxf');
  });
});

const SEI =
  'cabac=1 ref=3 deblock=1:-1:-1 analyse=0x3:0x113 me=hex subme=7 psy=1 psy_rd=1.00:0.15 mixed_ref=1 ' +
  'me_range=16 chroma_me=1 trellis=1 8x8dct=1 cqm=0 deadzone=21,11 fast_pskip=1 chroma_qp_offset=-3 ' +
  'threads=3 bframes=3 b_pyramid=2 b_adapt=1 direct=1 weightp=2 keyint=100 keyint_min=51 rc_lookahead=40 ' +
  'rc=crf mbtree=1 crf=23.0 qcomp=0.60 ip_ratio=1.40 aq=1:1.00 interlaced=0';

describe('x264 settings', () => {
  it('maps a printed settings string back to x264 parameters', () => {
    const params = x264ParamsFromOptions(parseX264Options(SEI)).split(':');
    expect(params).toContain('deblock=-1,-1');
    expect(params).toContain('psy-rd=1.00,0.15');
    expect(params).toContain('partitions=i4x4,i8x8,p8x8,b8x8');
    expect(params).toContain('crf=23.0');
    expect(params).toContain('ipratio=1.40');
    expect(params).toContain('aq-mode=1');
    expect(params).toContain('direct=spatial'); // x264_param_parse refuses a number here
    expect(params.some((p) => p.startsWith('bitrate'))).toBe(false);
    expect(params.some((p) => p.startsWith('threads'))).toBe(false);
  });
  it('undoes the psy adjustments of the chroma QP offset', () => {
    // psy-rd 1.0 at subme 7 lowers it by 2, psy-trellis 0.15 with trellis by 1: -3 was asked as 0.
    expect(requestedChromaQpOffset(parseX264Options(SEI))).toBe(0);
    const fast = fastAnalysis(parseX264Options(SEI));
    expect(fast.get('subme')).toBe('1');
    // Fast analysis switches psy, psy-rd and trellis off: x264 then keeps the offset as given.
    expect(requestedChromaQpOffset(fast)).toBe(-3);
    expect(fast.get('weightp')).toBe('1');
    expect(fast.get('ref')).toBe('3');
    expect([fast.get('psy'), fast.get('aq')]).toEqual(['0', '0']);
  });
  it('levels', () => {
    expect(levelString(42)).toBe('4.2');
    expect(levelString(9)).toBe('9');
    expect(levelString(null)).toBeNull();
  });
});

describe('MPEG-2 encoder settings', () => {
  it('XDCAM HD422: fixed fine quantiser within 4:2:2P@HL, interlaced tff, closed GOPs, GOP timecode', () => {
    const video = {
      pixFmt: 'yuv422p',
      bitrate: 50_000_000,
      gopSize: 12,
      hasBFrames: true,
      scan: 'interlaced',
      fieldOrder: 'tff',
      colorPrimaries: 'bt709',
    } as VideoStreamInfo;
    const args = mpeg2EncoderArgs(video, { timecode: '10:00:00:17' }).join(' ');
    // Quality matched, not only bitrate (issue 17): the rate and VBV of the profile and level.
    expect(args).toContain('-b:v 50000000 -maxrate 300000000 -bufsize 47185920');
    expect(args).toContain('-global_quality 236');
    expect(args).toMatch(/-flags \+cgop\+qscale/);
    expect(args).toContain('-g 12 -bf 2');
    expect(args).toContain('-top 1 -flags +cgop+qscale+ildct+ilme');
    expect(args).toContain('-profile:v 0 -level:v 2');
    expect(args).toContain('-timecode 10:00:00:17');
  });
});

function gopHeader(tc: { h: number; m: number; s: number; f: number }, closed: boolean, broken: boolean) {
  const bits =
    ((tc.h << 26) |
      (tc.m << 20) |
      (1 << 19) |
      (tc.s << 13) |
      (tc.f << 7) |
      (closed ? 64 : 0) |
      (broken ? 32 : 0)) >>>
    0;
  const b = Buffer.alloc(8);
  b.writeUInt32BE(0x000001b8, 0);
  b.writeUInt32BE(bits, 4);
  return b;
}

function picture(reference: number, type: number) {
  return Buffer.from([
    0,
    0,
    1,
    0,
    reference >> 2,
    ((reference & 3) << 6) | (type << 3),
    0xff,
    0xf8,
    0,
    0,
    1,
    1,
    0x55,
  ]);
}

describe('MPEG-2 first GOP fix-up', () => {
  it('closes the GOP, renumbers temporal_reference, moves the GOP timecode to the I-frame', () => {
    const data = Buffer.concat([
      gopHeader({ h: 10, m: 0, s: 0, f: 22 }, false, false),
      picture(2, 1),
      picture(5, 2),
      picture(3, 3),
      picture(4, 3),
      gopHeader({ h: 10, m: 0, s: 1, f: 9 }, false, false),
      picture(2, 1),
    ]);
    const fix = closeFirstGop(data, 2, 25);
    expect(fix.before).toEqual([2, 5, 3, 4]);
    const bits = data.readUInt32BE(4);
    expect(bits & 64).toBe(64);
    expect(bits & 32).toBe(0);
    expect([(bits >>> 26) & 31, (bits >>> 20) & 63, (bits >>> 13) & 63, (bits >>> 7) & 63]).toEqual([
      10, 0, 0, 24,
    ]);
    const refs: number[] = [];
    for (let i = 0; i + 5 < data.length; i++) {
      if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1 && data[i + 3] === 0) {
        refs.push((data[i + 4]! << 2) | (data[i + 5]! >> 6));
      }
    }
    expect(refs).toEqual([0, 3, 1, 2, 2]);
  });
  it('refuses a stream that does not start with the expected I-frame', () => {
    const data = Buffer.concat([gopHeader({ h: 0, m: 0, s: 0, f: 0 }, false, false), picture(0, 3)]);
    expect(() => closeFirstGop(data, 2)).toThrow(/expected an I-frame/);
  });
  it('timecode carry', () => {
    const data = gopHeader({ h: 9, m: 59, s: 59, f: 24 }, true, false);
    advanceGopTimecode(data, 4, 1, 25);
    const bits = data.readUInt32BE(4);
    expect([(bits >>> 26) & 31, (bits >>> 20) & 63, (bits >>> 13) & 63, (bits >>> 7) & 63]).toEqual([
      10, 0, 0, 0,
    ]);
  });
});

describe('avcC', () => {
  it('parses parameter sets and compares them byte for byte', () => {
    const avcC = Buffer.from([1, 0x64, 0, 0x2a, 0xff, 0xe1, 0, 3, 0x67, 0x64, 0x00, 1, 0, 2, 0x68, 0xef]);
    const config = parseAvcC(avcC);
    expect(config).toMatchObject({ profile: 0x64, level: 0x2a, nalLengthSize: 4 });
    expect(config.sps[0]!.toString('hex')).toBe('676400');
    expect(config.pps[0]!.toString('hex')).toBe('68ef');
    expect(sameParameterSets(config, parseAvcC(avcC))).toBe(true);
    const other = Buffer.from(avcC);
    other[15] = 0xee;
    expect(sameParameterSets(config, parseAvcC(other))).toBe(false);
    expect(sameParameterSets(config, null)).toBe(false);
  });
});

describe('leftovers of killed jobs', () => {
  it('recognises temporary outputs and work directories only', () => {
    expect(isClipLeftover('clip.mxf.tmp-0a1b2c3d.mxf')).toBe(true);
    expect(isClipLeftover('.clip.mp4.parts-0a1b2c3d')).toBe(true);
    expect(isClipLeftover('clip.mxf')).toBe(false);
    expect(isClipLeftover('abc-10-20-broadcast.mp4')).toBe(false);
  });
});
