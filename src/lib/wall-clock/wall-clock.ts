/**
 * Wall-clock time in an IANA time zone (pure, Intl only, no Node import): a datetime-local field's
 * value to an instant and back, and ISO 8601 with an offset (the API's `at`). Used by the newsroom's
 * schedule and the newsletter's scheduled editions.
 */
import { dateTimeFormat } from '../intl/formatters.ts';

export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Offset of `zone` from UTC at instant `ms`, in minutes. */
function offsetMinutes(zone: string, ms: number): number {
  const parts = dateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * "2026-12-07T09:30" in "Europe/Brussels" -> the instant; null for a malformed or non-existent
 * date-time (a time skipped by a clock change is moved forward, as calendars do).
 */
export function localToInstant(local: string, zone: string): Date | null {
  const m = LOCAL.exec(local);
  if (!m || !isTimeZone(zone)) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  // Two passes settle the offset around a change of offset.
  let guess = wall - offsetMinutes(zone, wall) * 60_000;
  guess = wall - offsetMinutes(zone, guess) * 60_000;
  return new Date(guess);
}

/** The instant as "YYYY-MM-DDTHH:MM" on the wall clock of `zone` (a datetime-local field's value). */
export function instantToLocal(instant: Date, zone: string): string {
  const shifted = new Date(instant.getTime() + offsetMinutes(zone, instant.getTime()) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** ISO 8601 with an explicit offset (Z or ±HH:MM): the only form the API takes for `at`. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseInstant(value: string): Date | null {
  if (!ISO_WITH_OFFSET.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
