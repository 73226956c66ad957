/**
 * Times of the schedule (pure): the wall-clock rules live in src/lib/wall-clock; this adds how the
 * newsroom shows an instant to people.
 */
import { dateTimeFormat } from '../lib/intl/formatters.ts';

export { instantToLocal, isTimeZone, localToInstant, parseInstant } from '../lib/wall-clock/wall-clock.ts';

/** "7 décembre 2026 à 09:30 (Europe/Brussels)": an instant for people, in its time zone. */
export function formatInZone(instant: Date, zone: string, lang: 'fr' | 'en'): string {
  const text = dateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: zone,
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(instant);
  return `${text} (${zone})`;
}
