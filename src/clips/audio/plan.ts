/**
 * Planning a part of an audio item (pure): the frame unit, the range in samples and the file it
 * becomes. An audio item's timecode runs at the portal's audio frame rate, 25 frames a second, from
 * 00:00:00:00 at its first sample, so one frame is `sampleRate / 25` samples (1920 at 48 kHz, 1764 at
 * 44.1 kHz: a whole number at every standard rate). `in` is the first frame included, `out` the first
 * not included; the last frame may be partial (the sound's end is rarely on a frame), so `out` may be
 * the frame after the last sample and the part then ends at the last sample.
 *
 * What each master becomes (its own format): PCM in WAV/W64/AIFF and FLAC are lossless, rewritten
 * bit-exact (decoding PCM or FLAC is exact, so the part's samples are the master's, byte for byte);
 * MP3 and AAC are re-encoded from the decoded range (a lossy frame never starts on a chosen sample),
 * the encoder's priming and padding declared in the file (MP3: the LAME tag's delay and padding;
 * AAC in M4A: the edit list). Vorbis, Opus and ALAC parts are not offered (422 unsupported_codec).
 */
import { frameToTimecode, type TimecodeFormat, timecodeToFrame } from '../../lib/timecode/timecode.ts';

/** Audio items' timecode: 25 frames a second, non-drop, from 00:00:00:00 at the first sample. */
export const AUDIO_TIMECODE: TimecodeFormat = { rate: { num: 25, den: 1 }, dropFrame: false };
export const AUDIO_START_TIMECODE = '00:00:00:00';

export interface AudioMasterFacts {
  format: string;
  codec: string;
  sampleRate: number;
  channels: number;
  durationMs: number;
}

export interface AudioOutput {
  /** File extension, also what the clips table's `container` says. */
  container: 'wav' | 'w64' | 'aiff' | 'flac' | 'mp3' | 'm4a';
  /** ffmpeg encoder and its options (argument arrays). */
  codecArgs: string[];
  lossless: boolean;
}

export interface AudioClipPlan {
  inFrame: number;
  outFrame: number;
  /** Half-open sample range on the decoded master; `outSample` is clamped to the master's end later. */
  inSample: number;
  outSample: number;
  output: AudioOutput;
  method: 'copy' | 'reencode';
  reason: string;
}

export type AudioPlanErrorCode = 'CLIP_RANGE_EMPTY' | 'CLIP_RANGE_OUT_OF_BOUNDS' | 'CLIP_UNSUPPORTED';

export class AudioPlanError extends Error {
  constructor(
    readonly code: AudioPlanErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AudioPlanError';
  }
}

export function samplesPerFrame(sampleRate: number): number {
  return (sampleRate * AUDIO_TIMECODE.rate.den) / AUDIO_TIMECODE.rate.num;
}

/** Frames the item spans, its last (partial) frame included. */
export function audioFrames(facts: Pick<AudioMasterFacts, 'durationMs'>): number {
  return Math.max(
    1,
    Math.ceil((facts.durationMs * AUDIO_TIMECODE.rate.num) / (1000 * AUDIO_TIMECODE.rate.den)),
  );
}

export function audioFrameOfTimecode(text: string): number {
  return timecodeToFrame(text, AUDIO_START_TIMECODE, AUDIO_TIMECODE);
}

export function audioTimecodeOfFrame(frame: number): string {
  return frameToTimecode(frame, AUDIO_START_TIMECODE, AUDIO_TIMECODE);
}

/** MP3 and AAC parts are re-encoded at this bit rate (a broadcast quality, above any preview). */
export const LOSSY_BITRATE = '192k';

const PCM = /^pcm_(s16|s24|s32|f32|f64)(le|be)$/;

/** The master's own format for a part, or null when parts of it are not offered. */
export function audioOutputOf(facts: AudioMasterFacts): AudioOutput | null {
  if (
    PCM.test(facts.codec) &&
    (facts.format === 'wav' || facts.format === 'w64' || facts.format === 'aiff')
  ) {
    return { container: facts.format, codecArgs: ['-c:a', facts.codec], lossless: true };
  }
  if (facts.codec === 'flac') return { container: 'flac', codecArgs: ['-c:a', 'flac'], lossless: true };
  if (facts.codec === 'mp3') {
    return { container: 'mp3', codecArgs: ['-c:a', 'libmp3lame', '-b:a', LOSSY_BITRATE], lossless: false };
  }
  if (facts.codec === 'aac' && facts.format === 'm4a') {
    return { container: 'm4a', codecArgs: ['-c:a', 'aac', '-b:a', LOSSY_BITRATE], lossless: false };
  }
  return null;
}

/** Plans the half-open frame range [inFrame, outFrame) of an item; throws AudioPlanError. */
export function planAudioClip(facts: AudioMasterFacts, inFrame: number, outFrame: number): AudioClipPlan {
  if (outFrame <= inFrame) throw new AudioPlanError('CLIP_RANGE_EMPTY', `empty range ${inFrame}-${outFrame}`);
  const total = audioFrames(facts);
  if (inFrame < 0 || outFrame > total) {
    throw new AudioPlanError('CLIP_RANGE_OUT_OF_BOUNDS', `range ${inFrame}-${outFrame} outside 0-${total}`);
  }
  const output = audioOutputOf(facts);
  if (!output) throw new AudioPlanError('CLIP_UNSUPPORTED', `no parts of ${facts.codec} in ${facts.format}`);
  const spf = samplesPerFrame(facts.sampleRate);
  return {
    inFrame,
    outFrame,
    inSample: Math.round(inFrame * spf),
    outSample: Math.round(outFrame * spf),
    output,
    method: output.lossless ? 'copy' : 'reencode',
    reason: output.lossless
      ? 'audio: the master’s samples kept bit-exact in its own format'
      : `audio: ${facts.codec} re-encoded from the decoded range, priming and padding declared`,
  };
}
