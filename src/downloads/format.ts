/** Dates as the downloads pages show them (pure); sizes come from web/format-bytes.ts. */
import type { Lang } from '../web/i18n/index.ts';

export function formatDateTime(lang: Lang, date: Date): string {
  const text = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(date);
  return `${text} UTC`;
}
