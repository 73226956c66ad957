/**
 * Field errors of video metadata and shotlists in the reader's language (pure, over the translator):
 * `translations.fr.title`, `usageTerms.en`, `items.3.in` (JSON row 3 from 0: "row 4"), `lines.5.out`
 * (CSV line 5).
 */
import type { MessageKey, Translator } from '../web/i18n/index.ts';
import type { FieldErrors } from './story-input.ts';

export function videoFieldLabel(t: Translator, field: string): string {
  const parts = field.split('.');
  const [head = '', second = '', third = '', fourth = ''] = parts;
  if (head === 'translations') return t(`videometa.field.${third}.${second}` as MessageKey);
  if (head === 'usageTerms' || head === 'restrictions')
    return t(`videometa.field.${head}.${second}` as MessageKey);
  if ((head === 'items' || head === 'lines') && second) {
    const n = head === 'items' ? Number(second) + 1 : Number(second);
    const row = `${t('videometa.field.items')}, ${t('videometa.row', { n })}`;
    if (!third) return row;
    const leaf = t(`videometa.field.${third}` as MessageKey);
    return `${row}, ${leaf}${fourth ? ` (${fourth})` : ''}`;
  }
  return t(`videometa.field.${head}` as MessageKey);
}

/** `{field: "Label: message"}` for each bad field. */
export function videoFieldMessages(t: Translator, errors: FieldErrors): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, code]) => [
      field,
      t('videometa.fieldError', {
        field: videoFieldLabel(t, field),
        message: t(`videometa.code.${code}` as MessageKey),
      }),
    ]),
  );
}
