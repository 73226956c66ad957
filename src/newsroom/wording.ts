/** Field errors and revision summaries in the reader's language (pure, over the translator). */
import type { MessageKey, Translator } from '../web/i18n/index.ts';
import type { FieldErrors } from './story-input.ts';

export function fieldLabel(t: Translator, field: string): string {
  try {
    return label(t, field);
  } catch {
    return field;
  }
}

function label(t: Translator, field: string): string {
  const [head = '', lang = '', leaf = ''] = field.split('.');
  if (head === 'translations' && lang) return t(`newsroom.field.${leaf}.${lang}` as MessageKey);
  if (head === 'name' && lang) return t(`newsroom.field.name.${lang}` as MessageKey);
  return t(`newsroom.field.${head}` as MessageKey);
}

export function codeMessage(t: Translator, field: string, code: string): string {
  const effective = field === 'slug' && code === 'invalid' ? 'invalid_slug' : code;
  return t(`newsroom.code.${effective}` as MessageKey);
}

/** `{field: "Label: message"}` for each bad field. */
export function fieldMessages(t: Translator, errors: FieldErrors): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, code]) => [
      field,
      t('newsroom.fieldError', { field: fieldLabel(t, field), message: codeMessage(t, field, code) }),
    ]),
  );
}

/** One change code of a revision ("title.fr", "restored:3", "published") for people. */
export function changeText(t: Translator, code: string): string {
  const [name = '', arg = ''] = code.split(/[.:]/);
  if (name === 'restored') return t('newsroom.change.restored', { n: arg });
  return t((arg ? `newsroom.change.${name}.${arg}` : `newsroom.change.${name}`) as MessageKey);
}

export function summaryText(t: Translator, summary: string): string {
  return summary
    .split(',')
    .filter(Boolean)
    .map((code) => changeText(t, code))
    .join(', ');
}
