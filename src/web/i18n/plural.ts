/**
 * Message formatting with plural forms chosen by the language's own rules (`Intl.PluralRules`), in
 * the ICU MessageFormat syntax translators know: `{count, plural, =0 {no result} one {# result}
 * other {# results}}`. `#` is the number written the language's way (`Intl.NumberFormat`: "1 000"
 * in French); a form may hold `{placeholders}`. Only this subset of ICU is read (plural, exact `=N`
 * forms, simple placeholders); `other` is the form used when the language's category has none.
 * Pure; the kit's `translate` formats every message through it.
 */
import { numberFormat, pluralRules } from '../../lib/intl/formatters.ts';
import type { Lang } from './index.ts';

export type Params = Record<string, string | number>;

const PLURAL_HEAD = /^\s*(\w+)\s*,\s*plural\s*,/;

/** The index of the `}` closing the `{` at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** The forms of a plural argument's body (`one {…} other {…}`): selector -> text. */
export function pluralOptions(body: string): Map<string, string> {
  const forms = new Map<string, string>();
  let i = 0;
  while (i < body.length) {
    const selector = /^\s*(=\d+|\w+)\s*\{/.exec(body.slice(i));
    if (!selector) break;
    const open = i + selector[0].length - 1;
    const end = closing(body, open);
    if (end < 0) break;
    forms.set(selector[1] ?? '', body.slice(open + 1, end));
    i = end + 1;
  }
  return forms;
}

/** Every plural argument of a message: its parameter and its forms' selectors. */
export function pluralArguments(template: string): { name: string; selectors: string[] }[] {
  const found: { name: string; selectors: string[] }[] = [];
  for (let i = template.indexOf('{'); i >= 0; i = template.indexOf('{', i + 1)) {
    const end = closing(template, i);
    if (end < 0) break;
    const inner = template.slice(i + 1, end);
    const head = PLURAL_HEAD.exec(inner);
    if (head) {
      const forms = pluralOptions(inner.slice(head[0].length));
      found.push({ name: head[1] ?? '', selectors: [...forms.keys()] });
      for (const text of forms.values()) found.push(...pluralArguments(text));
      i = end;
    }
  }
  return found;
}

/** The plural categories a message must give in this language: all but `many`, which falls back to `other`. */
export function requiredCategories(lang: Lang): string[] {
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories as string[];
  return categories.filter((c) => c !== 'many');
}

/** The problems of a message's plural arguments in this language (a missing form), for the catalog test. */
export function pluralProblems(lang: Lang, template: string): string[] {
  return pluralArguments(template).flatMap(({ name, selectors }) =>
    requiredCategories(lang)
      .filter((category) => !selectors.includes(category))
      .map((category) => `{${name}} has no "${category}" form`),
  );
}

export function formatMessage(lang: Lang, template: string, params: Params = {}): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) break;
    const end = closing(template, open);
    if (end < 0) break;
    out += template.slice(i, open);
    const inner = template.slice(open + 1, end);
    const head = PLURAL_HEAD.exec(inner);
    const name = head?.[1] ?? inner;
    if (head) {
      out += plural(lang, inner.slice(head[0].length), params[name], params);
    } else if (/^\w+$/.test(inner) && name in params) {
      out += String(params[name]);
    } else {
      out += template.slice(open, end + 1);
    }
    i = end + 1;
  }
  return out + template.slice(i);
}

function plural(lang: Lang, body: string, value: string | number | undefined, params: Params): string {
  const forms = pluralOptions(body);
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return formatMessage(lang, forms.get('other') ?? '', params);
  const chosen = forms.get(`=${n}`) ?? forms.get(pluralRules(lang).select(n)) ?? forms.get('other') ?? '';
  const number = numberFormat(lang).format(n);
  return formatMessage(lang, chosen.replaceAll('#', number), params);
}
