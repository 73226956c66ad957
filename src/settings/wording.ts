/**
 * The settings' errors in words (pure): each bad field's message in the reader's language ("Primary
 * colour: too light…"), the 422 answer's parts, and the JSON the API answers (what the portal shows
 * now: the stored values over the configuration's).
 */
import { numberFormat } from '../lib/intl/formatters.ts';
import { type Lang, type MessageKey, type Translator, translate } from '../web/i18n/index.ts';
import type { Identity } from '../web/identity.ts';
import { logoUrl } from './logo.ts';
import type { SettingsRow } from './store.ts';
import { customFields, type FieldErrors } from './values.ts';

/** The stylesheet's own primary colour (site.css `--brand`), shown where none is stored. */
export const DEFAULT_PRIMARY = '#0b4f8a';

export function fieldLabel(t: Translator, field: string): string {
  try {
    return t(`settings.field.${field}` as MessageKey);
  } catch {
    return field; // a field schema validation named that the form does not have
  }
}

/** Contrast ratios with one decimal, as the language writes it ("4.5" / "4,5"). */
function ratioParams(lang: Lang, params: Record<string, string | number>): Record<string, string | number> {
  const format = numberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const out = { ...params };
  for (const key of ['ratio', 'min'])
    if (typeof out[key] === 'number') out[key] = format.format(out[key] as number);
  return out;
}

function codeText(t: Translator, lang: Lang, code: string, params: Record<string, string | number>): string {
  try {
    return t(`settings.code.${code}` as MessageKey, ratioParams(lang, params));
  } catch {
    return t('settings.code.invalid');
  }
}

export function fieldMessages(t: Translator, lang: Lang, errors: FieldErrors): Record<string, string> {
  const colon = lang === 'fr' ? ' : ' : ': ';
  return Object.fromEntries(
    Object.entries(errors).map(([field, e]) => [
      field,
      `${fieldLabel(t, field)}${colon}${codeText(t, lang, e.code, e.params ?? {})}`,
    ]),
  );
}

/** The 422 body's parts: `fields` (codes), `messages` (words), `message` (all of them). */
export function invalidAnswer(t: Translator, lang: Lang, errors: FieldErrors) {
  const messages = fieldMessages(t, lang, errors);
  return {
    message: t('settings.invalid', { detail: Object.values(messages).join(' ') }),
    fields: Object.fromEntries(Object.entries(errors).map(([f, e]) => [f, e.code])),
    messages,
  };
}

/** What `GET /settings` answers: every value as the portal shows it, and which ones are stored. */
export function settingsJson(row: SettingsRow, identity: Identity, lang: Lang) {
  const v = row.values;
  const both = (pick: (l: Lang) => string) => ({ fr: pick('fr'), en: pick('en') });
  return {
    name: both((l) => identity.siteName[l]),
    institution: both((l) => identity.institution[l]),
    shortName: v.shortName ?? identity.institutionShort[lang],
    tagline: both((l) => identity.tagline?.[l] || translate(l, 'site.tagline')),
    logo: v.logo ? { url: logoUrl(v.logo), width: v.logo.width, height: v.logo.height } : null,
    colours: { primary: v.colours?.primary ?? DEFAULT_PRIMARY },
    contactEmail: v.contactEmail ?? null,
    terms: both((l) => v.terms?.[l] ?? translate(l, 'terms.body')),
    privacy: both((l) => v.privacy?.[l] ?? translate(l, 'settings.privacy.body')),
    custom: customFields(v),
    revision: row.revision,
    updatedAt: row.updatedAt ? row.updatedAt.toISOString() : null,
  };
}
