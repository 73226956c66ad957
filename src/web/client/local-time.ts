/**
 * Dates and times in the visitor's time zone. Pages are written in the portal's zone (TZ_DEFAULT, named
 * in `<meta name="time-zone">`), or the zone a signed-in account chose (then this script is not
 * loaded), and each date they show is a
 * `<time datetime="…" data-time="date|datetime">`. Where the browser's zone differs, the date written
 * in the page's zone is found in the element's text and replaced by the same format in the browser's
 * zone (a date and time says which zone). If the text is not found as expected, it stays as written.
 */

type Kind = 'date' | 'datetime';

function locale(lang: string): string {
  return lang === 'fr' ? 'fr-FR' : 'en-GB';
}

/** The zone's short name at that instant ("CET", "UTC+1", "UTC"), as the server writes it. */
function zoneName(lang: string, date: Date, timeZone: string): string {
  if (timeZone === 'UTC') return 'UTC';
  const parts = new Intl.DateTimeFormat(locale(lang), { timeZone, timeZoneName: 'short' }).formatToParts(
    date,
  );
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** The same text as the server's formatDate and formatDateTime (src/web/i18n/index.ts). */
export function formatIn(lang: string, kind: Kind, date: Date, timeZone: string): string {
  if (kind === 'date')
    return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'long', timeZone }).format(date);
  const text = new Intl.DateTimeFormat(locale(lang), {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone,
  }).format(date);
  return `${text} ${zoneName(lang, date, timeZone)}`;
}

function browserZone(): string | null {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

const root = document.documentElement;
const pageZone = document.querySelector<HTMLMetaElement>('meta[name="time-zone"]')?.content || 'UTC';
const lang = root.lang || 'en';
const visitorZone = browserZone();
if (visitorZone && visitorZone !== pageZone) {
  for (const element of document.querySelectorAll<HTMLTimeElement>('time[datetime][data-time]')) {
    const kind = element.dataset.time === 'datetime' ? 'datetime' : 'date';
    const date = new Date(element.dateTime);
    if (Number.isNaN(date.getTime())) continue;
    const written = formatIn(lang, kind, date, pageZone);
    const local = formatIn(lang, kind, date, visitorZone);
    const text = element.textContent ?? '';
    if (written !== local && text.includes(written)) element.textContent = text.replace(written, local);
  }
}
