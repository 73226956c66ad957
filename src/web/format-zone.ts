/** "7 décembre 2026 à 09:30 (Europe/Brussels)": an instant for people, in a named IANA time zone. */
import { dateTimeFormat } from '../lib/intl/formatters.ts';
import type { Lang } from './i18n/index.ts';

export function formatInZone(instant: Date, zone: string, lang: Lang): string {
  const text = dateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: zone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(instant);
  return `${text} (${zone})`;
}
