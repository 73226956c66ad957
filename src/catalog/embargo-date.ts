/**
 * An embargo date as the API takes it (pure): ISO 8601 date and time with an explicit offset
 * (`Z` or `±hh:mm`), so the moment is never guessed from a server's time zone.
 */
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** The moment, or undefined when the text is not such a date (or not a real one: 2026-02-30). */
export function parseEmbargoUntil(text: string): Date | undefined {
  const match = ISO_WITH_OFFSET.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', , oh = '0', om = '0'] = match;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    return undefined;
  if (Number(oh) > 23 || Number(om) > 59) return undefined;
  // The day must exist in that month (Date.UTC would roll 30 February over into March).
  if (day > new Date(Date.UTC(Number(y), month, 0)).getUTCDate()) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
