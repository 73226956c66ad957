/**
 * Intl formatters made once per locale and options. Creating an `Intl.DateTimeFormat` costs tens of
 * microseconds (locale data, time zone rules) where formatting with one costs about one: a page of
 * dates, or a newsletter run composing thousands of messages, spent most of its time making them.
 * Formatters are immutable, so sharing them changes no result. The memo is bounded (options come from
 * code, zones from a finite list; a flood of distinct zones only empties it).
 */
type Formatter = Intl.DateTimeFormat | Intl.NumberFormat | Intl.PluralRules;

const MAX_ENTRIES = 1_000;
const memo = new Map<string, Formatter>();

function memoised<T extends Formatter>(key: string, make: () => T): T {
  const found = memo.get(key);
  if (found) return found as T;
  const made = make();
  if (memo.size >= MAX_ENTRIES) memo.clear();
  memo.set(key, made);
  return made;
}

export function dateTimeFormat(
  locale: string,
  options: Intl.DateTimeFormatOptions = {},
): Intl.DateTimeFormat {
  return memoised(`d|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return memoised(`n|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
}

export function pluralRules(locale: string): Intl.PluralRules {
  return memoised(`p|${locale}`, () => new Intl.PluralRules(locale));
}
