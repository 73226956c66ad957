/**
 * A video's editable metadata (pure): merging a `PATCH /videos/{id}` body (or the back-office form)
 * into the current values, and its checks. Errors are `{field: code}` like stories'; an empty text is
 * "not written in that language" (a title in one language at least).
 */
import type { FieldErrors } from './story-input.ts';

export const VIDEO_LIMITS = { title: 200, description: 5000, credit: 200, terms: 5000 } as const;
const LANGS = ['fr', 'en'] as const;
type Lang = (typeof LANGS)[number];
type PerLang = Record<Lang, string>;
export type EmbargoKind = 'hidden' | 'available';

export interface VideoMetaValues {
  title: PerLang;
  description: PerLang;
  credit: string;
  usageTerms: PerLang;
  restrictions: PerLang;
  embargoUntil: Date | null;
  embargoKind: EmbargoKind;
}

export interface VideoMetaInput {
  translations?: Partial<Record<Lang, { title?: unknown; description?: unknown } | null>>;
  credit?: unknown;
  usageTerms?: Partial<Record<Lang, unknown>>;
  restrictions?: Partial<Record<Lang, unknown>>;
  /** ISO 8601 with an offset, or null to lift the embargo. */
  embargoUntil?: unknown;
  embargoKind?: unknown;
  /** The frame (from the master's first) to make the poster from. */
  posterFrame?: unknown;
}

/** Control characters other than tab and newline have no place in metadata. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function text(
  value: unknown,
  before: string,
  field: string,
  max: number,
  errors: FieldErrors,
  multiline: boolean,
): string {
  if (value === undefined) return before;
  if (value === null) return '';
  if (typeof value !== 'string') {
    errors[field] = 'invalid';
    return before;
  }
  const cleaned = (multiline ? value.replace(/\r\n?/g, '\n') : value.replace(/\s+/g, ' ')).trim();
  if (CONTROL.test(cleaned)) errors[field] = 'invalid';
  else if (cleaned.length > max) errors[field] = 'too_long';
  return cleaned;
}

/**
 * The values after the input, and what is wrong with it. `parseDate` turns the API's date text into
 * an instant (undefined when it is not one).
 */
export function mergeVideoMeta(
  current: VideoMetaValues,
  input: VideoMetaInput,
  parseDate: (text: string) => Date | undefined,
): { values: VideoMetaValues; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const next: VideoMetaValues = {
    ...current,
    title: { ...current.title },
    description: { ...current.description },
    usageTerms: { ...current.usageTerms },
    restrictions: { ...current.restrictions },
  };
  for (const lang of LANGS) {
    const given = input.translations?.[lang];
    if (given === undefined) continue;
    if (given === null) {
      next.title[lang] = '';
      next.description[lang] = '';
      continue;
    }
    const base = `translations.${lang}`;
    next.title[lang] = text(
      given.title,
      current.title[lang],
      `${base}.title`,
      VIDEO_LIMITS.title,
      errors,
      false,
    );
    next.description[lang] = text(
      given.description,
      current.description[lang],
      `${base}.description`,
      VIDEO_LIMITS.description,
      errors,
      true,
    );
    if (!next.title[lang] && next.description[lang]) errors[`${base}.title`] = 'required';
  }
  if (!next.title.fr && !next.title.en && !errors['translations.fr.title'])
    errors['translations.fr.title'] = 'no_title';
  next.credit = text(input.credit, current.credit, 'credit', VIDEO_LIMITS.credit, errors, false);
  for (const lang of LANGS) {
    next.usageTerms[lang] = text(
      input.usageTerms?.[lang],
      current.usageTerms[lang],
      `usageTerms.${lang}`,
      VIDEO_LIMITS.terms,
      errors,
      true,
    );
    next.restrictions[lang] = text(
      input.restrictions?.[lang],
      current.restrictions[lang],
      `restrictions.${lang}`,
      VIDEO_LIMITS.terms,
      errors,
      true,
    );
  }
  if (input.embargoUntil === null || input.embargoUntil === '') next.embargoUntil = null;
  else if (typeof input.embargoUntil === 'string') {
    const at = parseDate(input.embargoUntil);
    if (at === undefined) errors.embargoUntil = 'invalid_date';
    else next.embargoUntil = at;
  } else if (input.embargoUntil !== undefined) errors.embargoUntil = 'invalid_date';
  if (input.embargoKind !== undefined) {
    if (input.embargoKind === 'hidden' || input.embargoKind === 'available')
      next.embargoKind = input.embargoKind;
    else errors.embargoKind = 'invalid';
  }
  return { values: next, errors };
}

/** Which fields differ (for the audit of a save and to skip writing what did not change). */
export function changedVideoFields(a: VideoMetaValues, b: VideoMetaValues): string[] {
  const changes: string[] = [];
  for (const lang of LANGS) {
    if (a.title[lang] !== b.title[lang]) changes.push(`title.${lang}`);
    if (a.description[lang] !== b.description[lang]) changes.push(`description.${lang}`);
    if (a.usageTerms[lang] !== b.usageTerms[lang]) changes.push(`usageTerms.${lang}`);
    if (a.restrictions[lang] !== b.restrictions[lang]) changes.push(`restrictions.${lang}`);
  }
  if (a.credit !== b.credit) changes.push('credit');
  if ((a.embargoUntil?.getTime() ?? null) !== (b.embargoUntil?.getTime() ?? null))
    changes.push('embargoUntil');
  if (a.embargoKind !== b.embargoKind) changes.push('embargoKind');
  return changes;
}
