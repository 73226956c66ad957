/**
 * A shotlist as editors send it (pure): JSON rows `{in, out, description: {fr, en}}` or CSV
 * (`in,out,fr,en`, an optional header row, parsed by csv-parse), timecodes in the master's own
 * timecode, half-open like clip ranges. Checks every row and names each fault precisely: the row
 * (JSON: its index from 0, `items.3.in`; CSV: its line from 1, `lines.4.in`) and the field.
 *
 * Rules: in and out are valid timecodes of the master, inside the video (0 ≤ in < out ≤ duration);
 * at least one description; rows may not overlap (a shotlist describes consecutive shots: two rows
 * covering the same frames would make "the shot at this frame" ambiguous for clips and search), but
 * one may start where the previous ends (half-open). Rows are kept in timecode order.
 */
import { parse } from 'csv-parse/sync';
import { frameToTimecode, type TimecodeFormat, timecodeToFrame } from '../lib/timecode/timecode.ts';
import type { Shot } from '../media/public.ts';
import type { FieldErrors } from './story-input.ts';

export const SHOTLIST_LIMITS = { rows: 500, description: 1000, csvBytes: 512 * 1024 } as const;

export interface ShotTiming {
  startTimecode: string;
  format: TimecodeFormat;
  durationFrames: number;
}

export interface ShotRow {
  in: unknown;
  out: unknown;
  description?: { fr?: unknown; en?: unknown } | null;
}

export type ShotlistResult = { ok: true; shots: Shot[] } | { ok: false; errors: FieldErrors };

/** The timing of a video's master from its stored facts (null before the probe ran). */
export function shotTiming(video: {
  fpsNum: number | null;
  fpsDen: number | null;
  durationFrames: number | null;
  startTimecode: string | null;
}): ShotTiming | null {
  if (!video.fpsNum || !video.fpsDen || !video.durationFrames) return null;
  const startTimecode = video.startTimecode ?? '00:00:00:00';
  return {
    startTimecode,
    format: { rate: { num: video.fpsNum, den: video.fpsDen }, dropFrame: startTimecode.includes(';') },
    durationFrames: video.durationFrames,
  };
}

function frameOf(value: unknown, timing: ShotTiming): number | 'invalid' {
  if (typeof value !== 'string' || value.length > 16) return 'invalid';
  try {
    return timecodeToFrame(value.trim(), timing.startTimecode, timing.format);
  } catch {
    return 'invalid';
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function description(value: unknown, field: string, errors: FieldErrors): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') {
    errors[field] = 'invalid';
    return '';
  }
  const cleaned = value.replace(/\s+/g, ' ').trim();
  if (CONTROL.test(cleaned)) errors[field] = 'invalid';
  else if (cleaned.length > SHOTLIST_LIMITS.description) errors[field] = 'too_long';
  return cleaned;
}

/** Checks rows; `key(i)` names row i in errors (`items.3`, `lines.4`). */
export function checkShotRows(
  rows: readonly ShotRow[],
  timing: ShotTiming,
  key: (i: number) => string,
): ShotlistResult {
  const errors: FieldErrors = {};
  if (rows.length > SHOTLIST_LIMITS.rows) return { ok: false, errors: { items: 'too_many' } };
  const shots: { shot: Shot; index: number }[] = [];
  rows.forEach((row, index) => {
    const name = key(index);
    if (typeof row !== 'object' || row === null) {
      errors[name] = 'invalid';
      return;
    }
    const inFrame = frameOf(row.in, timing);
    const outFrame = frameOf(row.out, timing);
    if (inFrame === 'invalid') errors[`${name}.in`] = 'timecode';
    else if (inFrame >= timing.durationFrames) errors[`${name}.in`] = 'outside';
    if (outFrame === 'invalid') errors[`${name}.out`] = 'timecode';
    else if (outFrame > timing.durationFrames || outFrame === 0) errors[`${name}.out`] = 'outside';
    else if (inFrame !== 'invalid' && inFrame < timing.durationFrames && outFrame <= inFrame)
      errors[`${name}.out`] = 'not_after_in';
    const texts = typeof row.description === 'object' && row.description !== null ? row.description : {};
    if (row.description !== undefined && (typeof row.description !== 'object' || row.description === null))
      errors[`${name}.description`] = 'invalid';
    const fr = description(texts.fr, `${name}.description.fr`, errors);
    const en = description(texts.en, `${name}.description.en`, errors);
    if (
      !fr &&
      !en &&
      !errors[`${name}.description`] &&
      !errors[`${name}.description.fr`] &&
      !errors[`${name}.description.en`]
    )
      errors[`${name}.description`] = 'required';
    if (inFrame !== 'invalid' && outFrame !== 'invalid' && outFrame > inFrame)
      shots.push({ shot: { inFrame, outFrame, fr, en }, index });
  });
  shots.sort((a, b) => a.shot.inFrame - b.shot.inFrame || a.index - b.index);
  for (let i = 1; i < shots.length; i += 1) {
    const previous = shots[i - 1]!;
    const current = shots[i]!;
    if (current.shot.inFrame < previous.shot.outFrame) {
      const later = Math.max(current.index, previous.index);
      errors[`${key(later)}.in`] = 'overlaps';
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, shots: shots.map((s) => s.shot) };
}

/** JSON rows (`items`) of `PUT /videos/{id}/shotlist`. */
export function shotlistFromJson(items: unknown, timing: ShotTiming): ShotlistResult {
  if (!Array.isArray(items)) return { ok: false, errors: { items: 'invalid' } };
  return checkShotRows(items as ShotRow[], timing, (i) => `items.${i}`);
}

const HEADER = /^\s*(in|entrée|entree)\s*$/i;

/** CSV text: `in,out,fr,en` per line (an optional header line); rows named by their line number. */
export function shotlistFromCsv(text: string, timing: ShotTiming): ShotlistResult {
  if (Buffer.byteLength(text) > SHOTLIST_LIMITS.csvBytes) return { ok: false, errors: { csv: 'too_long' } };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line =
      typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 0;
    return { ok: false, errors: { [line ? `lines.${line}` : 'csv']: 'csv_syntax' } };
  }
  if (records.length > 0 && HEADER.test(records[0]?.record[0] ?? '')) records = records.slice(1);
  const errors: FieldErrors = {};
  const rows: ShotRow[] = [];
  const lines: number[] = [];
  for (const { record, info } of records) {
    if (record.length < 2 || record.length > 4) {
      errors[`lines.${info.lines}`] = 'columns';
      continue;
    }
    rows.push({ in: record[0], out: record[1], description: { fr: record[2] ?? '', en: record[3] ?? '' } });
    lines.push(info.lines);
  }
  const checked = checkShotRows(rows, timing, (i) => `lines.${lines[i]}`);
  if (!checked.ok) return { ok: false, errors: { ...errors, ...checked.errors } };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return checked;
}

/** Shots as the API answers them: frames and timecodes (half-open), both descriptions. */
export function shotlistJson(shots: readonly Shot[], timing: ShotTiming | null) {
  return shots.map((shot) => ({
    inFrame: shot.inFrame,
    outFrame: shot.outFrame,
    in: timing ? frameToTimecode(shot.inFrame, timing.startTimecode, timing.format) : null,
    out: timing ? frameToTimecode(shot.outFrame, timing.startTimecode, timing.format) : null,
    description: { fr: shot.fr, en: shot.en },
  }));
}
