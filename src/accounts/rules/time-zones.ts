/**
 * The time zones an account may choose to read dates and times in: the IANA names this runtime knows
 * (Intl.supportedValuesOf), plus UTC. Pure.
 */

/** Every zone offered, sorted; computed per call (a few hundred names, cheap). */
export function timeZoneNames(): string[] {
  const names = new Set(Intl.supportedValuesOf('timeZone'));
  names.add('UTC');
  return [...names].sort();
}

/** '' (or absent) → null: the portal's zone. A known IANA name → itself. Anything else → undefined. */
export function parseTimeZone(value: unknown): string | null | undefined {
  if (value === '' || value === null) return null;
  if (typeof value !== 'string' || value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return undefined;
  if (value === 'UTC') return value;
  return Intl.supportedValuesOf('timeZone').includes(value) ? value : undefined;
}
