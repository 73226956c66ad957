/**
 * Sizes for people, as every page and the upload form show them (pure; also bundled for the browser):
 * 1.5 GB, 200 GB, 12 MB in English, 1,5 Go in French (decimal units, as disks are sold; one decimal
 * below 10).
 */
import { numberFormat } from '../lib/intl/formatters.ts';
export function formatBytes(bytes: number, lang: string): string {
  const fr = lang === 'fr';
  const units = fr ? ['o', 'ko', 'Mo', 'Go', 'To'] : ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value < 10 && unit > 0 ? 1 : 0;
  const number = numberFormat(fr ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits }).format(value);
  return `${number} ${units[unit]}`;
}
