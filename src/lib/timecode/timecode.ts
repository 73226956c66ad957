/**
 * SMPTE timecode <-> frame number for any rational frame rate (25, 50, 24, 24000/1001, 30000/1001,
 * 60000/1001…), with drop-frame counting for 29.97 (2 frame numbers dropped per minute) and 59.94
 * (4 per minute), except every tenth minute. Pure, no Node imports: the browser player uses it too.
 *
 * Frame numbers here are counts from 00:00:00:00 on a 24-hour clock; `timecodeToFrame` and
 * `frameToTimecode` work relative to a master's start timecode (frame 0 = the start timecode).
 */

export interface FrameRate {
  num: number;
  den: number;
}

export type TimecodeErrorCode =
  /** Not HH:MM:SS:FF / HH:MM:SS;FF. */
  | 'TIMECODE_SYNTAX'
  /** Hours ≥ 24, minutes or seconds ≥ 60, or frames ≥ the nominal rate. */
  | 'TIMECODE_FIELD_RANGE'
  /** A drop-frame label that does not exist (e.g. 00:01:00;00 at 29.97). */
  | 'TIMECODE_DROPPED_LABEL'
  /** Drop-frame asked (or `;` typed) for a rate that has no drop-frame counting. */
  | 'TIMECODE_DROP_FRAME_UNSUPPORTED'
  /** Frame rate not a positive finite rational. */
  | 'TIMECODE_RATE_INVALID'
  /** Frame number negative, fractional or beyond 24 hours. */
  | 'TIMECODE_FRAME_RANGE';

export class TimecodeError extends Error {
  constructor(
    readonly code: TimecodeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TimecodeError';
  }
}

export interface TimecodeFormat {
  rate: FrameRate;
  dropFrame: boolean;
}

/** The nominal (integer) frame count per timecode second: 30 for 30000/1001, 25 for 25/1. */
export function nominalRate(rate: FrameRate): number {
  if (
    !Number.isFinite(rate.num) ||
    !Number.isFinite(rate.den) ||
    rate.num <= 0 ||
    rate.den <= 0 ||
    !Number.isInteger(rate.num) ||
    !Number.isInteger(rate.den)
  ) {
    throw new TimecodeError('TIMECODE_RATE_INVALID', `invalid frame rate ${rate.num}/${rate.den}`);
  }
  return Math.max(1, Math.round(rate.num / rate.den));
}

/** Frame numbers skipped each minute (except every tenth) in drop-frame counting; 0 when none exists. */
export function dropFramesPerMinute(rate: FrameRate): number {
  const base = nominalRate(rate);
  // Drop-frame exists for the NTSC-family rates only: 30000/1001 and its multiples (60000/1001…).
  if (rate.num * 1001 !== base * 1000 * rate.den || base % 30 !== 0) return 0;
  return (base / 30) * 2;
}

/** Whether the rate has a drop-frame counting (29.97, 59.94). */
export function supportsDropFrame(rate: FrameRate): boolean {
  return dropFramesPerMinute(rate) > 0;
}

/** Frame labels in 24 hours of timecode for this format. */
export function framesPerDay(format: TimecodeFormat): number {
  const base = nominalRate(format.rate);
  const drop = format.dropFrame ? requireDrop(format.rate) : 0;
  return 24 * 6 * (base * 600 - drop * 9);
}

function requireDrop(rate: FrameRate): number {
  const drop = dropFramesPerMinute(rate);
  if (drop === 0) {
    throw new TimecodeError(
      'TIMECODE_DROP_FRAME_UNSUPPORTED',
      `drop-frame timecode does not exist at ${rate.num}/${rate.den} fps`,
    );
  }
  return drop;
}

const PATTERN = /^(\d{1,2}):(\d{2}):(\d{2})([:;.,])(\d{2,3})$/;

export interface TimecodeFields {
  hours: number;
  minutes: number;
  seconds: number;
  frames: number;
  /** Whether the text used a drop-frame separator (`;`, `.` or `,`). */
  dropSeparator: boolean;
}

/** Splits a timecode into its fields, checking syntax only. */
export function splitTimecode(text: string): TimecodeFields {
  const match = PATTERN.exec(text.trim());
  if (!match) {
    throw new TimecodeError('TIMECODE_SYNTAX', `"${text}" is not a timecode (HH:MM:SS:FF or HH:MM:SS;FF)`);
  }
  return {
    hours: Number(match[1]),
    minutes: Number(match[2]),
    seconds: Number(match[3]),
    frames: Number(match[5]),
    dropSeparator: match[4] !== ':',
  };
}

/**
 * Parses a timecode into a frame count from 00:00:00:00. The format (the master's rate and drop-frame
 * flag) decides the counting; a `;` on a non-drop rate is an error, a `:` on a drop-frame master is
 * accepted (people type colons).
 */
export function parseTimecode(text: string, format: TimecodeFormat): number {
  const f = splitTimecode(text);
  const base = nominalRate(format.rate);
  if (f.dropSeparator && !format.dropFrame) {
    if (!supportsDropFrame(format.rate)) requireDrop(format.rate);
    throw new TimecodeError(
      'TIMECODE_DROP_FRAME_UNSUPPORTED',
      `"${text}" is drop-frame but this master uses non-drop timecode`,
    );
  }
  if (f.hours >= 24 || f.minutes >= 60 || f.seconds >= 60 || f.frames >= base) {
    throw new TimecodeError('TIMECODE_FIELD_RANGE', `"${text}" has a field out of range at ${base} fps`);
  }
  const totalMinutes = f.hours * 60 + f.minutes;
  const nominal = (totalMinutes * 60 + f.seconds) * base + f.frames;
  if (!format.dropFrame) return nominal;
  const drop = requireDrop(format.rate);
  if (f.seconds === 0 && f.frames < drop && f.minutes % 10 !== 0) {
    throw new TimecodeError('TIMECODE_DROPPED_LABEL', `"${text}" is skipped in drop-frame counting`);
  }
  return nominal - drop * (totalMinutes - Math.floor(totalMinutes / 10));
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Formats a frame count from 00:00:00:00 (wrapping at 24 hours) as HH:MM:SS:FF or HH:MM:SS;FF. */
export function formatTimecode(frame: number, format: TimecodeFormat): string {
  if (!Number.isInteger(frame)) {
    throw new TimecodeError('TIMECODE_FRAME_RANGE', `frame ${frame} is not an integer`);
  }
  const base = nominalRate(format.rate);
  const day = framesPerDay(format);
  let n = ((frame % day) + day) % day;
  if (format.dropFrame) {
    const drop = requireDrop(format.rate);
    const perTenMinutes = base * 600 - drop * 9;
    const perMinute = base * 60 - drop;
    const tens = Math.floor(n / perTenMinutes);
    const rest = n % perTenMinutes;
    n += drop * 9 * tens;
    if (rest > drop) n += drop * Math.floor((rest - drop) / perMinute);
  }
  const frames = n % base;
  const totalSeconds = Math.floor(n / base);
  const separator = format.dropFrame ? ';' : ':';
  const digits = base > 100 ? 3 : 2;
  return (
    `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor(totalSeconds / 60) % 60)}:` +
    `${pad(totalSeconds % 60)}${separator}${pad(frames, digits)}`
  );
}

/** Adds a (possibly negative) number of frames to a timecode, wrapping at 24 hours. */
export function addFrames(text: string, frames: number, format: TimecodeFormat): string {
  return formatTimecode(parseTimecode(text, format) + frames, format);
}

/**
 * The master frame (0 = first frame) that carries `text`, given the master's start timecode. A
 * timecode before the start is taken as past midnight (a master that crosses 24:00:00:00).
 */
export function timecodeToFrame(text: string, startTimecode: string, format: TimecodeFormat): number {
  const day = framesPerDay(format);
  const delta = parseTimecode(text, format) - parseTimecode(startTimecode, format);
  return ((delta % day) + day) % day;
}

/** The timecode of master frame `frame` (0 = first frame), given the master's start timecode. */
export function frameToTimecode(frame: number, startTimecode: string, format: TimecodeFormat): string {
  if (!Number.isInteger(frame) || frame < 0) {
    throw new TimecodeError('TIMECODE_FRAME_RANGE', `frame ${frame} is not a non-negative integer`);
  }
  return formatTimecode(parseTimecode(startTimecode, format) + frame, format);
}

/** The drop-frame flag implied by a start timecode's separator (`;` means drop-frame). */
export function isDropFrameLabel(text: string): boolean {
  return splitTimecode(text).dropSeparator;
}
