/**
 * Clip verification's pure parts: what a clip must be (expectations from the plan), the judgement
 * of measured facts and edge frames, the safe path, the request-time codec rule, the audio choice,
 * the cache key and the translated failure reasons.
 */
import { describe, expect, it } from 'vitest';
import { AudioChoiceError, chooseAudio, withAudio } from '../../src/clips/audio-choice.ts';
import { clipCacheKey } from '../../src/clips/engine.ts';
import { failureMessage, verificationFailureCode } from '../../src/clips/failure.ts';
import { clipsMessages } from '../../src/clips/messages.ts';
import { broadcastClipsPossible, unsupportedCodec } from '../../src/clips/plan/codec-support.ts';
import { type ClipPlanInput, planClip } from '../../src/clips/plan/plan.ts';
import { referenceStart } from '../../src/clips/verify/probe.ts';
import {
  type ClipFacts,
  type EdgeFacts,
  edgesOf,
  expectationOf,
  judgeClip,
  judgeEdge,
  parseFramecrc,
  psnr,
} from '../../src/clips/verify/rules.ts';
import { safePlan } from '../../src/clips/verify/safe-plan.ts';
import type { KeyframeIndex } from '../../src/media/types.ts';
import { translator } from '../../src/web/i18n/index.ts';

const index: KeyframeIndex = {
  timeBase: { num: 1, den: 25 },
  frameRate: { num: 25, den: 1 },
  totalFrames: 150,
  firstPts: 0,
  keyframes: [0, 50, 100].map((frame) => ({ frame, pts: frame, dts: frame - 1, pos: null, openGop: false })),
};

function media(codec: string, audio: { codec: string; channels: number }[]): ClipPlanInput['media'] {
  return {
    containerFamily: 'mov',
    startTimecode: '10:00:00:00',
    dropFrame: false,
    video: {
      index: 0,
      codec,
      profile: null,
      level: null,
      pixFmt: 'yuv420p',
      width: 64,
      height: 36,
      frameRate: { num: 25, den: 1 },
      timeBase: { num: 1, den: 25 },
      scan: 'progressive',
      fieldOrder: 'progressive',
      colorPrimaries: null,
      colorTransfer: null,
      colorSpace: null,
      colorRange: null,
      bitrate: null,
      hasBFrames: true,
      gopSize: 50,
    },
    audio: audio.map((a, i) => ({
      index: i + 1,
      codec: a.codec,
      profile: null,
      sampleRate: 48000,
      channels: a.channels,
      channelLayout: null,
      sampleFormat: null,
      bitsPerSample: null,
      bitrate: null,
    })),
  };
}

const twoMono = media('h264', [
  { codec: 'pcm_s16le', channels: 1 },
  { codec: 'pcm_s16le', channels: 1 },
]);
const plan = (m = twoMono, profile: 'broadcast' | 'web' = 'broadcast', inFrame = 10, outFrame = 120) =>
  planClip({ index, media: m, inFrame, outFrame, profile });

/** Facts of a clip exactly as planned: 110 frames at 25/s, two mono PCM streams of 211,200 samples. */
function rightFacts(): ClipFacts {
  return {
    decodeErrors: '',
    videoFrames: 110,
    videoPts: Array.from({ length: 110 }, (_, i) => i),
    declaredVideoSeconds: 4.4,
    declaredVideoFrames: 110,
    declaredFormatSeconds: 4.4,
    audio: [
      { channels: 1, sampleRate: 48000, samples: 211_200, declaredSeconds: 4.4 },
      { channels: 1, sampleRate: 48000, samples: 211_200, declaredSeconds: 4.4 },
    ],
  };
}

/** A 64×36 luma plane: a gradient moved `shift` pixels right, plus deterministic noise of `noise`. */
function picture(shift: number, noise = 0, seed = 1): Uint8Array {
  const plane = new Uint8Array(64 * 36);
  let state = seed;
  for (let y = 0; y < 36; y++) {
    for (let x = 0; x < 64; x++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      const jitter = noise ? Math.round(((state % 1000) / 1000 - 0.5) * 2 * noise) : 0;
      plane[y * 64 + x] = Math.max(0, Math.min(255, 20 + (((x + shift) * 4 + y * 2) % 200) + jitter));
    }
  }
  return plane;
}

const pic = (luma: Uint8Array, md5 = 'x') => ({ md5, luma });

function reencodedEdge(clip: Uint8Array): EdgeFacts {
  return {
    edge: 'first',
    frame: 10,
    copied: false,
    clip: pic(clip),
    source: pic(picture(10)),
    neighbours: [
      { frame: 9, picture: pic(picture(9)) },
      { frame: 11, picture: pic(picture(11)) },
    ],
  };
}

describe('clip verification rules', () => {
  it('a clip exactly as planned passes', () => {
    expect(judgeClip(expectationOf(plan()), rightFacts(), [])).toEqual([]);
  });

  it('one frame missing, one too many, or disordered timestamps fail', () => {
    const expect_ = expectationOf(plan());
    const short = { ...rightFacts(), videoFrames: 109 };
    expect(judgeClip(expect_, short, []).map((f) => f.code)).toContain('frame_count');
    const long = { ...rightFacts(), videoFrames: 111, declaredVideoFrames: 111 };
    expect(judgeClip(expect_, long, []).map((f) => f.code)).toEqual(['frame_count', 'declared_duration']);
    const pts = rightFacts().videoPts;
    [pts[5], pts[6]] = [pts[6]!, pts[5]!];
    expect(judgeClip(expect_, { ...rightFacts(), videoPts: pts }, []).map((f) => f.code)).toEqual([
      'timestamps',
    ]);
  });

  it('a decode error fails, whatever else is right', () => {
    const facts = { ...rightFacts(), decodeErrors: '[h264 @ 0x1] mmco: unref short failure\n' };
    expect(judgeClip(expectationOf(plan()), facts, [])).toEqual([
      { code: 'decode_errors', detail: '[h264 @ 0x1] mmco: unref short failure' },
    ]);
  });

  it('declared durations must match the frames within half a frame', () => {
    const expect_ = expectationOf(plan());
    const ok = { ...rightFacts(), declaredVideoSeconds: 4.4 + 0.019, declaredFormatSeconds: 4.4 - 0.019 };
    expect(judgeClip(expect_, ok, [])).toEqual([]);
    // The 5-frame ProRes clip that declared 2.4 s; a video track one frame too long.
    for (const declared of [4.44, 6.8]) {
      const codes = judgeClip(expect_, { ...rightFacts(), declaredVideoSeconds: declared }, []).map(
        (f) => f.code,
      );
      expect(codes).toContain('declared_duration');
    }
    // MPEG-TS declares nothing: its estimates are not checked.
    const ts = { ...expect_, declaresDurations: false };
    expect(judgeClip(ts, { ...rightFacts(), declaredFormatSeconds: 9 }, [])).toEqual([]);
  });

  it('an MP4 or MOV clip presents its picture from 0, an MPEG-TS clip where its packets say', () => {
    const mp4 = plan(media('h264', [{ codec: 'aac', channels: 2 }]));
    const late = { ...rightFacts(), videoStartSeconds: 0.021, audio: [] };
    const aac = { ...expectationOf(mp4), audio: [] };
    expect(judgeClip(aac, late, []).map((f) => f.detail)).toEqual([
      'the picture starts at 0.021 s, after an empty edit',
    ]);
    expect(judgeClip(aac, { ...late, videoStartSeconds: 0.0004 }, [])).toEqual([]);
    const ts = plan({ ...media('h264', [{ codec: 'aac', channels: 2 }]), containerFamily: 'mpegts' });
    expect(judgeClip({ ...expectationOf(ts), audio: [] }, late, [])).toEqual([]);
  });

  it('PCM is exact to the sample; copied AAC frames within one coded frame', () => {
    const facts = rightFacts();
    facts.audio[1]!.samples += 1;
    expect(judgeClip(expectationOf(plan()), facts, []).map((f) => f.code)).toEqual(['audio_samples']);
    const aac = plan(media('h264', [{ codec: 'aac', channels: 2 }]));
    const expectation = expectationOf(aac);
    expect(expectation.audio[0]!.toleranceSamples).toBe(1023);
    // ffmpeg decodes coded sound to its last whole frame; the MP4's edit list declares the plan.
    const audio = (samples: number, declared = 211_200) => [
      { channels: 2, sampleRate: 48000, samples, declaredSeconds: declared / 48000 },
    ];
    expect(judgeClip(expectation, { ...rightFacts(), audio: audio(211_200 + 1023) }, [])).toEqual([]);
    // The TS clips that carried one AAC frame too many.
    const extra = judgeClip(expectation, { ...rightFacts(), audio: audio(211_200 + 1024) }, []);
    expect(extra.map((f) => f.code)).toContain('audio_samples');
    // ffmpeg's join declared the copied frames whole: 384 samples (8 ms) past the picture.
    const long = judgeClip(expectation, { ...rightFacts(), audio: audio(211_584, 211_584) }, []);
    expect(long.map((f) => f.detail)).toContain('audio 0 declares 4.408 s for 211200 samples planned');
    // Within the movie timescale's millisecond, it holds.
    expect(judgeClip(expectation, { ...rightFacts(), audio: audio(211_200, 211_248) }, [])).toEqual([]);
    // A master whose sound ends 144 samples before its last picture: the clip may declare its last
    // frame's padding up to the picture, not past it, nor less than the master's sound.
    const short = expectationOf(aac, [aac.audio[0]!.startSample + 211_056]);
    expect(judgeClip(short, { ...rightFacts(), audio: audio(211_200, 211_200) }, [])).toEqual([]);
    expect(judgeClip(short, { ...rightFacts(), audio: audio(211_056, 211_056) }, [])).toEqual([]);
    for (const declared of [211_584, 210_900])
      expect(
        judgeClip(short, { ...rightFacts(), audio: audio(211_200, declared) }, []).map((f) => f.code),
      ).toEqual(['declared_duration']);
  });

  it('copied AAC frames in MPEG-TS: less than a frame past each end of the picture, at their times', () => {
    const ts = plan({ ...media('h264', [{ codec: 'aac', channels: 2 }]), containerFamily: 'mpegts' });
    expect([ts.container, ts.audio[0]!.method]).toEqual(['mpegts', 'copy-frames']);
    const expectation = expectationOf(ts);
    const planned = expectation.audio[0]!.samples;
    const audio = (lead: number, tail: number) => ({
      ...rightFacts(),
      audio: [
        {
          channels: 2,
          sampleRate: 48000,
          samples: planned + lead + tail,
          declaredSeconds: null,
          leadSeconds: lead / 48000,
        },
      ],
    });
    // A frame starting 512 samples before the first picture, one ending 768 after the last.
    expect(judgeClip(expectation, audio(512, 768), [])).toEqual([]);
    expect(judgeClip(expectation, audio(0, 1023), [])).toEqual([]);
    const codes = (lead: number, tail: number) =>
      judgeClip(expectation, audio(lead, tail), []).map((f) => f.code);
    expect(codes(1024, 0)).toEqual(['audio_samples']); // a whole frame before the picture
    expect(codes(512, 1024)).toEqual(['audio_samples']); // a whole frame after it
    expect(codes(-100, 0)).toEqual(['audio_samples']); // the sound starts after the picture
    expect(codes(0, -200)).toEqual(['audio_samples']); // and ends before it
    // Elsewhere (MP4, an edit list trims the frames) the count alone, within a frame.
    expect(expectationOf(plan(media('h264', [{ codec: 'aac', channels: 2 }]))).audio[0]!.overhangs).toBe(
      false,
    );
  });

  it('a missing or changed audio stream fails', () => {
    const one = { ...rightFacts(), audio: rightFacts().audio.slice(0, 1) };
    expect(judgeClip(expectationOf(plan()), one, []).map((f) => f.code)).toEqual(['audio_streams']);
    const stereo = rightFacts();
    stereo.audio[0]!.channels = 2;
    expect(judgeClip(expectationOf(plan()), stereo, []).map((f) => f.code)).toEqual(['audio_streams']);
  });

  it('edges: copied frames bit-identical, re-encoded frames nearest their source', () => {
    const copied: EdgeFacts = { ...reencodedEdge(picture(10)), copied: true, clip: pic(picture(10), 'a') };
    expect(judgeEdge({ ...copied, source: pic(picture(10), 'a') }, 'broadcast')).toBeNull();
    expect(judgeEdge({ ...copied, source: pic(picture(10), 'b') }, 'broadcast')?.code).toBe('edge_frame');
    // Coding noise on the right frame: passes.
    expect(judgeEdge(reencodedEdge(picture(10, 2)), 'broadcast')).toBeNull();
    // The neighbour, equally noisy: the frame one off is caught.
    expect(judgeEdge(reencodedEdge(picture(11, 2)), 'broadcast')?.detail).toMatch(
      /against frame 11|source frame/,
    );
    expect(judgeEdge(reencodedEdge(picture(9, 2)), 'broadcast')).not.toBeNull();
    // Garbage (a grey frame) is below the floor.
    expect(judgeEdge(reencodedEdge(new Uint8Array(64 * 36).fill(128)), 'broadcast')?.detail).toMatch(
      /dB against its source/,
    );
  });

  it('a neighbour that differs from the source by less than the coding noise cannot be told apart', () => {
    const still = reencodedEdge(picture(10, 6, 7));
    still.neighbours = [{ frame: 11, picture: pic(picture(10, 1, 3)) }];
    expect(psnr(still.source.luma, still.neighbours[0]!.picture.luma)).toBeGreaterThan(
      psnr(still.clip.luma, still.source.luma) + 3,
    );
    expect(judgeEdge(still, 'broadcast')).toBeNull();
  });

  it('edges of a plan: copied when the first or last part is a copy', () => {
    const smart = plan(twoMono, 'broadcast', 50, 100);
    expect(smart.parts.map((p) => p.kind)).toEqual(['copy']);
    expect(edgesOf(smart)).toEqual([
      { edge: 'first', frame: 50, copied: true },
      { edge: 'last', frame: 99, copied: true },
    ]);
    expect(edgesOf(plan(twoMono, 'broadcast', 10, 11))).toEqual([
      { edge: 'first', frame: 10, copied: false },
    ]);
  });

  it('reads framecrc: video timestamps, audio bytes per stream', () => {
    const text = [
      '#tb 0: 1/25',
      '0,          0,          0,        1,      472, 0xff011d9f',
      '1,          0,          0,     1024,     4096, 0xc6dcc025',
      '0,          1,          1,        1,      472, 0x40001da6',
      '2,          0,          0,     1024,     4096, 0xc6dcc025',
      '1,       1024,       1024,      896,     3584, 0x1ceb79c5',
    ].join('\n');
    const parsed = parseFramecrc(text);
    expect(parsed.video).toEqual([0, 1]);
    expect([...parsed.audioBytes]).toEqual([
      [1, 7680],
      [2, 4096],
    ]);
  });

  it('the master reference decodes from a closed keyframe, from the start when that is frame 0', () => {
    expect(referenceStart(index, 70).frame).toBe(50);
    const open = { ...index, keyframes: index.keyframes.map((k) => ({ ...k, openGop: k.frame > 0 })) };
    expect(referenceStart(open, 70).frame).toBe(0);
    const far = {
      ...open,
      totalFrames: 5000,
      keyframes: [0, 2000, 2050, 2100].map((frame) => ({ ...open.keyframes[1]!, frame, pts: frame })),
    };
    far.keyframes[0]!.openGop = false;
    // Too far from frame 0: one GOP before the one the planner decodes from.
    expect(referenceStart(far, 2120).frame).toBe(2050);
  });
});

describe('the safe path', () => {
  it('re-encodes the whole range with the same range, audio and container', () => {
    const smart = plan(twoMono, 'broadcast', 10, 120);
    expect(smart.method).toBe('smart');
    const safe = safePlan(smart)!;
    expect(safe.method).toBe('reencode');
    expect(safe.parts).toEqual([
      { kind: 'encode', startFrame: 10, endFrame: 120, decodeFrom: index.keyframes[0] },
    ]);
    expect(safe.audio).toEqual(smart.audio);
    expect(safe.container).toBe(smart.container);
    expect(safe.reason).toMatch(/remade by a full re-encode/);
  });

  it('has none for a codec without a matched encoder (ProRes copies)', () => {
    const prores = { ...twoMono, video: { ...twoMono.video, codec: 'prores', hasBFrames: false } };
    const all = {
      ...index,
      keyframes: Array.from({ length: 150 }, (_, frame) => ({
        frame,
        pts: frame,
        dts: frame,
        pos: null,
        openGop: false,
      })),
    };
    const copy = planClip({ index: all, media: prores, inFrame: 3, outFrame: 40, profile: 'broadcast' });
    expect(copy.method).toBe('copy');
    expect(safePlan(copy)).toBeNull();
  });
});

describe('codec support (one rule for the request and the job)', () => {
  it('refuses broadcast HEVC and MPEG-4 Part 2, never the web profile', () => {
    for (const codec of ['hevc', 'mpeg4']) {
      const m = { ...twoMono, video: { ...twoMono.video, codec } };
      expect(unsupportedCodec(plan(m, 'broadcast'))).toBe(codec);
      expect(unsupportedCodec(plan(m, 'web'))).toBeNull();
      expect(broadcastClipsPossible(codec)).toBe(false);
    }
    expect(unsupportedCodec(plan())).toBeNull();
    expect(broadcastClipsPossible('prores')).toBe(true);
    expect(broadcastClipsPossible('mpeg2video')).toBe(true);
  });
});

describe('audio choice', () => {
  it('keeps every stream by default, a checked subset otherwise', () => {
    expect(chooseAudio(twoMono.audio, undefined)).toBeNull();
    expect(chooseAudio(twoMono.audio, [2, 1, 2])).toBeNull();
    expect(chooseAudio(twoMono.audio, [2, 2])).toEqual([2]);
    expect(chooseAudio(twoMono.audio, [])).toEqual([]);
    expect(() => chooseAudio(twoMono.audio, [0])).toThrow(AudioChoiceError);
    const kept = withAudio(plan(), [2]);
    expect(kept.audio.map((a) => a.streamIndex)).toEqual([2]);
    expect(withAudio(plan(), null).audio).toHaveLength(2);
  });

  it('the cache key names the subset, and only a subset', () => {
    const all = clipCacheKey('abc', 1, 2, 'broadcast');
    expect(clipCacheKey('abc', 1, 2, 'broadcast', null)).toBe(all);
    expect(clipCacheKey('abc', 1, 2, 'broadcast', [2])).not.toBe(all);
    expect(clipCacheKey('abc', 1, 2, 'broadcast', [2])).not.toBe(clipCacheKey('abc', 1, 2, 'broadcast', [1]));
    expect(clipCacheKey('abc', 1, 2, 'broadcast', [])).not.toBe(all);
  });
});

describe('failure reasons', () => {
  it('are translated, and every verification key exists in French and English', () => {
    const code = verificationFailureCode('frame_count', true);
    expect(failureMessage({ error_code: code }, translator('fr'))).toMatch(
      /même entièrement réencodée.*nombre d’images/,
    );
    expect(failureMessage({ error_code: code }, translator('en'))).toMatch(
      /even re-encoded whole.*number of frames/,
    );
    expect(failureMessage({ error_code: null })).toBeNull();
    expect(failureMessage({ error_code: 'video.notFound|x' })).toBeNull();
    for (const key of Object.keys(clipsMessages.fr)) expect(clipsMessages.en).toHaveProperty([key]);
    expect(Object.keys(clipsMessages.en).sort()).toEqual(Object.keys(clipsMessages.fr).sort());
  });
});
