import { describe, expect, it } from 'vitest';
import {
  addFrames,
  dropFramesPerMinute,
  formatTimecode,
  framesPerDay,
  frameToTimecode,
  nominalRate,
  parseTimecode,
  TimecodeError,
  type TimecodeFormat,
  timecodeToFrame,
} from '../../src/lib/timecode/timecode.ts';

const PAL: TimecodeFormat = { rate: { num: 25, den: 1 }, dropFrame: false };
const P50: TimecodeFormat = { rate: { num: 50, den: 1 }, dropFrame: false };
const FILM: TimecodeFormat = { rate: { num: 24, den: 1 }, dropFrame: false };
const DF30: TimecodeFormat = { rate: { num: 30000, den: 1001 }, dropFrame: true };
const NDF30: TimecodeFormat = { rate: { num: 30000, den: 1001 }, dropFrame: false };
const DF60: TimecodeFormat = { rate: { num: 60000, den: 1001 }, dropFrame: true };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof TimecodeError) return error.code;
    throw error;
  }
  return undefined;
}

describe('nominal rates', () => {
  it('rounds rational rates and knows which have drop-frame', () => {
    expect(nominalRate({ num: 30000, den: 1001 })).toBe(30);
    expect(nominalRate({ num: 24000, den: 1001 })).toBe(24);
    expect(nominalRate({ num: 50, den: 1 })).toBe(50);
    expect(dropFramesPerMinute({ num: 30000, den: 1001 })).toBe(2);
    expect(dropFramesPerMinute({ num: 60000, den: 1001 })).toBe(4);
    expect(dropFramesPerMinute({ num: 24000, den: 1001 })).toBe(0);
    expect(dropFramesPerMinute({ num: 25, den: 1 })).toBe(0);
    expect(dropFramesPerMinute({ num: 30, den: 1 })).toBe(0);
  });
  it('rejects invalid rates', () => {
    expect(codeOf(() => nominalRate({ num: 0, den: 1 }))).toBe('TIMECODE_RATE_INVALID');
    expect(codeOf(() => nominalRate({ num: 25, den: 0 }))).toBe('TIMECODE_RATE_INVALID');
    expect(codeOf(() => nominalRate({ num: Number.NaN, den: 1 }))).toBe('TIMECODE_RATE_INVALID');
  });
  it('counts frames per day', () => {
    expect(framesPerDay(PAL)).toBe(24 * 3600 * 25);
    expect(framesPerDay(DF30)).toBe(2589408);
    expect(framesPerDay(NDF30)).toBe(2592000);
    expect(framesPerDay(DF60)).toBe(5178816);
  });
});

describe('non-drop rates', () => {
  it('parses and formats 25, 50 and 24 fps', () => {
    expect(parseTimecode('10:00:00:00', PAL)).toBe(900000);
    expect(parseTimecode('00:00:01:24', PAL)).toBe(49);
    expect(formatTimecode(49, PAL)).toBe('00:00:01:24');
    expect(parseTimecode('10:00:00:49', P50)).toBe(1800049);
    expect(formatTimecode(1800049, P50)).toBe('10:00:00:49');
    expect(parseTimecode('01:00:00:23', FILM)).toBe(86423);
    expect(formatTimecode(86423, FILM)).toBe('01:00:00:23');
  });
  it('non-drop 29.97 counts 30 labels a second without skipping', () => {
    expect(parseTimecode('00:01:00:00', NDF30)).toBe(1800);
    expect(formatTimecode(1800, NDF30)).toBe('00:01:00:00');
    expect(addFrames('00:00:59:29', 1, NDF30)).toBe('00:01:00:00');
  });
  it('round-trips every frame of a day sampled', () => {
    for (const format of [PAL, P50, FILM, NDF30, DF30, DF60]) {
      const day = framesPerDay(format);
      for (let frame = 0; frame < day; frame += 997) {
        expect(parseTimecode(formatTimecode(frame, format), format)).toBe(frame);
      }
    }
  });
  it('wraps at 24 hours', () => {
    expect(formatTimecode(24 * 3600 * 25, PAL)).toBe('00:00:00:00');
    expect(formatTimecode(-1, PAL)).toBe('23:59:59:24');
    expect(addFrames('23:59:59:24', 1, PAL)).toBe('00:00:00:00');
  });
});

describe('drop-frame', () => {
  it('known 29.97 vectors', () => {
    expect(addFrames('00:00:59;29', 1, DF30)).toBe('00:01:00;02');
    expect(addFrames('00:09:59;29', 1, DF30)).toBe('00:10:00;00');
    expect(addFrames('00:01:00;02', -1, DF30)).toBe('00:00:59;29');
    expect(addFrames('00:10:00;00', -1, DF30)).toBe('00:09:59;29');
    expect(addFrames('00:19:59;29', 1, DF30)).toBe('00:20:00;00');
    expect(addFrames('00:02:59;29', 1, DF30)).toBe('00:03:00;02');
    expect(parseTimecode('00:01:00;02', DF30)).toBe(1800);
    expect(parseTimecode('00:10:00;00', DF30)).toBe(17982);
    expect(parseTimecode('01:00:00;00', DF30)).toBe(107892);
    expect(formatTimecode(107892, DF30)).toBe('01:00:00;00');
    expect(formatTimecode(17981, DF30)).toBe('00:09:59;29');
    expect(formatTimecode(1799, DF30)).toBe('00:00:59;29');
    expect(formatTimecode(1800, DF30)).toBe('00:01:00;02');
    expect(addFrames('23:59:59;29', 1, DF30)).toBe('00:00:00;00');
  });
  it('known 59.94 vectors (4 labels a minute)', () => {
    expect(addFrames('00:00:59;59', 1, DF60)).toBe('00:01:00;04');
    expect(addFrames('00:09:59;59', 1, DF60)).toBe('00:10:00;00');
    expect(parseTimecode('00:10:00;00', DF60)).toBe(35964);
    expect(parseTimecode('01:00:00;00', DF60)).toBe(215784);
    expect(formatTimecode(3600, DF60)).toBe('00:01:00;04');
  });
  it('each successive frame has a label one after the previous, except at drops', () => {
    let previous = formatTimecode(0, DF30);
    for (let frame = 1; frame < 40000; frame++) {
      const label = formatTimecode(frame, DF30);
      expect(parseTimecode(label, DF30)).toBe(frame);
      expect(label > previous).toBe(true);
      previous = label;
    }
  });
  it('rejects labels skipped by drop-frame', () => {
    expect(codeOf(() => parseTimecode('00:01:00;00', DF30))).toBe('TIMECODE_DROPPED_LABEL');
    expect(codeOf(() => parseTimecode('00:01:00;01', DF30))).toBe('TIMECODE_DROPPED_LABEL');
    expect(codeOf(() => parseTimecode('00:01:00;03', DF60))).toBe('TIMECODE_DROPPED_LABEL');
    expect(parseTimecode('00:10:00;01', DF30)).toBe(17983);
  });
  it('accepts colons on a drop-frame master, refuses semicolons on non-drop', () => {
    expect(parseTimecode('00:01:00:02', DF30)).toBe(1800);
    expect(codeOf(() => parseTimecode('00:01:00;02', NDF30))).toBe('TIMECODE_DROP_FRAME_UNSUPPORTED');
    expect(codeOf(() => parseTimecode('00:01:00;02', PAL))).toBe('TIMECODE_DROP_FRAME_UNSUPPORTED');
    expect(codeOf(() => formatTimecode(0, { rate: { num: 25, den: 1 }, dropFrame: true }))).toBe(
      'TIMECODE_DROP_FRAME_UNSUPPORTED',
    );
  });
});

describe('validation', () => {
  it('syntax and ranges', () => {
    expect(codeOf(() => parseTimecode('10:00:00', PAL))).toBe('TIMECODE_SYNTAX');
    expect(codeOf(() => parseTimecode('aa:00:00:00', PAL))).toBe('TIMECODE_SYNTAX');
    expect(codeOf(() => parseTimecode('', PAL))).toBe('TIMECODE_SYNTAX');
    expect(codeOf(() => parseTimecode('10:00:00:25', PAL))).toBe('TIMECODE_FIELD_RANGE');
    expect(codeOf(() => parseTimecode('10:60:00:00', PAL))).toBe('TIMECODE_FIELD_RANGE');
    expect(codeOf(() => parseTimecode('10:00:60:00', PAL))).toBe('TIMECODE_FIELD_RANGE');
    expect(codeOf(() => parseTimecode('24:00:00:00', PAL))).toBe('TIMECODE_FIELD_RANGE');
    expect(parseTimecode('10:00:00:49', P50)).toBe(1800049);
    expect(codeOf(() => parseTimecode('10:00:00:50', P50))).toBe('TIMECODE_FIELD_RANGE');
    expect(codeOf(() => formatTimecode(1.5, PAL))).toBe('TIMECODE_FRAME_RANGE');
    expect(codeOf(() => frameToTimecode(-1, '10:00:00:00', PAL))).toBe('TIMECODE_FRAME_RANGE');
  });
});

describe('relative to a master start timecode', () => {
  it('maps timecodes to master frames and back', () => {
    expect(timecodeToFrame('10:00:12:03', '10:00:00:00', PAL)).toBe(303);
    expect(frameToTimecode(303, '10:00:00:00', PAL)).toBe('10:00:12:03');
    expect(timecodeToFrame('10:00:01:10', '10:00:00:00', P50)).toBe(60);
    expect(frameToTimecode(1800, '00:00:00;00', DF30)).toBe('00:01:00;02');
    expect(timecodeToFrame('00:01:00;02', '00:00:59;28', DF30)).toBe(2);
  });
  it('crosses midnight', () => {
    expect(timecodeToFrame('00:00:00:01', '23:59:59:24', PAL)).toBe(2);
    expect(frameToTimecode(2, '23:59:59:24', PAL)).toBe('00:00:00:01');
  });
});
