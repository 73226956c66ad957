/**
 * Typed FR/EN catalogs. Each feature owns a `{ fr, en }` catalog whose English side must have exactly
 * the French keys; this module merges them and formats `{placeholders}`.
 */
import { accountsMessages } from '../../accounts/messages.ts';
import { apiTokensMessages } from '../../accounts/token-messages.ts';
import { accountsWebMessages } from '../../accounts/web/messages.ts';
import { backofficeMessages } from '../../backoffice/messages.ts';
import { clipsMessages } from '../../clips/messages.ts';
import { downloadsMessages } from '../../downloads/messages.ts';
import { searchMessages } from '../../search/messages.ts';
import { coreMessages } from './core-messages.ts';

export const LANGUAGES = ['fr', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

export function isLang(value: unknown): value is Lang {
  return value === 'fr' || value === 'en';
}

type Catalog = { fr: Record<string, string>; en: Record<string, string> };

/** Feature catalogs are added here. */
const CATALOGS = [
  coreMessages,
  accountsMessages,
  accountsWebMessages,
  apiTokensMessages,
  backofficeMessages,
  downloadsMessages,
  clipsMessages,
  searchMessages,
] as const;

type KeysOf<C> = C extends { fr: infer F } ? keyof F & string : never;
export type MessageKey = KeysOf<(typeof CATALOGS)[number]>;

function merge(catalogs: readonly Catalog[]): Record<Lang, Record<string, string>> {
  const merged: Record<Lang, Record<string, string>> = { fr: {}, en: {} };
  for (const catalog of catalogs) {
    for (const lang of LANGUAGES) {
      for (const [key, value] of Object.entries(catalog[lang])) {
        if (key in merged[lang]) throw new Error(`duplicate message key ${key}`);
        merged[lang][key] = value;
      }
    }
  }
  return merged;
}

export const MESSAGES = merge(CATALOGS as unknown as Catalog[]);

export type Params = Record<string, string | number>;

export function translate(lang: Lang, key: MessageKey, params: Params = {}): string {
  const template = MESSAGES[lang][key];
  if (template === undefined) throw new Error(`missing message ${lang}:${key}`);
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
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

/** A date and time as pages show them: long date, hours and minutes, in UTC (said so). */
export function formatDateTime(lang: Lang, date: Date): string {
  const text = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(date);
  return `${text} UTC`;
}

export function formatDate(lang: Lang, date: Date): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(date);
}
