/**
 * Why a clip request was refused, in words for the user (pure). The engine's own messages (English,
 * frame numbers, half-open ranges) stay in the logs; the answer names the reason in the user's
 * language: a typed timecode that is not one, a selection backwards or outside the video.
 */
import { frameToTimecode, type TimecodeFormat } from '../lib/timecode/timecode.ts';
import type { MessageKey, Params } from '../web/i18n/index.ts';

export type RefusalReason =
  | { kind: 'syntax' | 'field' | 'dropFrame' | 'dropped'; text: string; fps: number }
  | { kind: 'empty' }
  | { kind: 'bounds'; first: string; last: string }
  | { kind: 'other' };

const TIMECODE_REASONS: Record<string, 'syntax' | 'field' | 'dropFrame' | 'dropped'> = {
  TIMECODE_SYNTAX: 'syntax',
  TIMECODE_FIELD_RANGE: 'field',
  TIMECODE_DROP_FRAME_UNSUPPORTED: 'dropFrame',
  TIMECODE_DROPPED_LABEL: 'dropped',
};

/** The reason for a timecode the parser refused (`code` is the TimecodeError's). */
export function timecodeReason(
  code: string | undefined,
  text: string,
  format: TimecodeFormat,
): RefusalReason {
  const kind = TIMECODE_REASONS[code ?? ''] ?? 'syntax';
  return { kind, text: text.slice(0, 20), fps: Math.round(format.rate.num / format.rate.den) };
}

/** The reason for a range the planner refused (`code` is the ClipPlanError's). */
export function rangeReason(
  code: string | undefined,
  totalFrames: number,
  start: string,
  format: TimecodeFormat,
): RefusalReason {
  if (code === 'CLIP_RANGE_EMPTY') return { kind: 'empty' };
  if (code === 'CLIP_RANGE_OUT_OF_BOUNDS' && totalFrames > 0) {
    return {
      kind: 'bounds',
      first: frameToTimecode(0, start, format),
      last: frameToTimecode(totalFrames - 1, start, format),
    };
  }
  return { kind: 'other' };
}

/** The message key and parameters that say `reason`. */
export function reasonMessage(reason: RefusalReason): { key: MessageKey; params: Params } {
  switch (reason.kind) {
    case 'syntax':
    case 'field':
    case 'dropFrame':
    case 'dropped':
      return { key: `clips.reason.${reason.kind}`, params: { text: reason.text, fps: reason.fps } };
    case 'empty':
      return { key: 'clips.reason.empty', params: {} };
    case 'bounds':
      return { key: 'clips.reason.bounds', params: { first: reason.first, last: reason.last } };
    default:
      return { key: 'clips.reason.other', params: {} };
  }
}
