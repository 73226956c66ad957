/**
 * Units as each language writes them: a frame rate given as the API's fraction ("30000/1001") reads
 * "29,97 i/s" in French and "29.97 fps" in English (frames, not fields: 1080i50 is 25).
 */
import { numberFormat } from '../../lib/intl/formatters.ts';
import { type Lang, translate } from './index.ts';

/** "25 fps", "29,97 i/s", "23.976 fps"; the text as given when it is not a fraction. */
export function formatFrameRate(lang: Lang, fps: string): string {
  const [num, den = 1] = fps.split('/').map(Number);
  if (num === undefined || !Number.isFinite(num) || !Number.isFinite(den) || den <= 0) return fps;
  const value = numberFormat(lang, { maximumFractionDigits: 3 }).format(num / den);
  return translate(lang, 'unit.fps', { value });
}
