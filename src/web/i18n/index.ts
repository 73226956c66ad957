/**
 * Typed FR/EN catalogs. The kit owns the core catalog; each feature owns a `{ fr, en }` catalog whose
 * English side must have exactly the French keys, names it in `MessageCatalogs` by declaration
 * merging (so `MessageKey` knows its keys) and registers it with `registerMessages` when its messages
 * module loads. This module merges them and formats `{placeholders}`; it imports no feature.
 */
import { dateTimeFormat } from '../../lib/intl/formatters.ts';
import { coreMessages } from './core-messages.ts';
import { formatMessage } from './plural.ts';

export const LANGUAGES = ['fr', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

export function isLang(value: unknown): value is Lang {
  return value === 'fr' || value === 'en';
}

type Catalog = { fr: Record<string, string>; en: Record<string, string> };

/**
 * Catalog name -> catalog type. Features add theirs:
 * `declare module '../web/i18n/index.ts' { interface MessageCatalogs { clips: typeof clipsMessages } }`.
 */
export interface MessageCatalogs {
  core: typeof coreMessages;
}

type KeysOf<C> = C extends { fr: infer F } ? keyof F & string : never;
export type MessageKey = { [N in keyof MessageCatalogs]: KeysOf<MessageCatalogs[N]> }[keyof MessageCatalogs];

/**
 * Every registered message, by language. The one registry of the kit: filled when each catalog's
 * module is first imported, never changed after (a key registered twice with another text throws).
 */
export const MESSAGES: Readonly<Record<Lang, Record<string, string>>> = { fr: {}, en: {} };

/** Adds a feature's catalog (called once, by the module that defines it). */
export function registerMessages<C extends Catalog>(catalog: C): C {
  for (const lang of LANGUAGES) {
    for (const [key, value] of Object.entries(catalog[lang])) {
      const known = MESSAGES[lang][key];
      if (known !== undefined && known !== value) throw new Error(`duplicate message key ${key}`);
      MESSAGES[lang][key] = value;
    }
  }
  return catalog;
}

registerMessages(coreMessages);

export type Params = Record<string, string | number>;

export function translate(lang: Lang, key: MessageKey, params: Params = {}): string {
  const template = MESSAGES[lang][key];
  if (template === undefined) throw new Error(`missing message ${lang}:${key}`);
  // Placeholders, and plural forms by the language's rules (plural.ts).
  return formatMessage(lang, template, params);
}

/**
 * A message as written, its placeholders and plural forms unformatted: for the client script, which
 * formats it with the same plural.ts once it knows the number (`Intl.PluralRules` in the browser).
 */
export function messageTemplate(lang: Lang, key: MessageKey): string {
  const template = MESSAGES[lang][key];
  if (template === undefined) throw new Error(`missing message ${lang}:${key}`);
  return template;
}

export type Translator = (key: MessageKey, params?: Params) => string;

export function translator(lang: Lang): Translator {
  return (key, params) => translate(lang, key, params);
}

/** Picks fr or en from an Accept-Language header (q-values honoured); English when neither. */
export function negotiateLanguage(header: string | undefined): Lang {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part, order) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1, order };
    })
    .filter((entry) => entry.q > 0 && Number.isFinite(entry.q))
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const entry of ranked) if (isLang(entry.base)) return entry.base;
  return 'en';
}

/** The zone's short name at that instant, as the language writes it ("CET", "UTC+1", "UTC"). */
export function zoneName(lang: Lang, date: Date, timeZone: string): string {
  if (timeZone === 'UTC') return 'UTC';
  const parts = dateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone,
    timeZoneName: 'short',
  }).formatToParts(date);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/**
 * A date and time as pages show them: long date, hours and minutes, in a time zone (the page's: the
 * portal's zone, TZ_DEFAULT) and said so: "2 janvier 2099 à 09:30 UTC+1", "2 January 2099 at 09:30 CET".
 */
export function formatDateTime(lang: Lang, date: Date, timeZone = 'UTC'): string {
  const text = dateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone,
  }).format(date);
  return `${text} ${zoneName(lang, date, timeZone)}`;
}

/** A date (the day in that time zone). */
export function formatDate(lang: Lang, date: Date, timeZone = 'UTC'): string {
  return dateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeZone,
  }).format(date);
}
