/**
 * Pure: what the archive's manifest says, in the reader's language: for each file, the video's title,
 * what part of it (first and last frame included, in the master's timecode, frames and seconds), the
 * credit, usage terms, restrictions and any embargo; then the items left out and why. A text file for
 * people and a JSON file for scripts (half-open ranges, as the API gives them).
 */
import { numberFormat } from '../lib/intl/formatters.ts';
import { frameToTimecode } from '../lib/timecode/timecode.ts';
import { formatDateTime, type Lang, translate } from '../web/i18n/index.ts';
import type { BasketVideo } from './sources.ts';
import type { BasketItemRow } from './tables.ts';

export interface ClipRange {
  /** The first frame included and the first not included (half-open), in the master's timecode. */
  in: string;
  out: string;
  /** The first and the last frame included, as an editor reads a selection. */
  first: string;
  last: string;
  frames: number;
  seconds: number;
}

export function clipRange(video: BasketVideo | null, row: BasketItemRow): ClipRange | null {
  if (row.kind !== 'clip' || row.in_frame === null || row.out_frame === null) return null;
  const rate = video?.rate ?? { num: 25, den: 1 };
  const start = video?.startTimecode ?? '00:00:00:00';
  const format = { rate, dropFrame: video?.dropFrame ?? start.includes(';') };
  const tc = (frame: number) => frameToTimecode(frame, start, format);
  const frames = row.out_frame - row.in_frame;
  return {
    in: tc(row.in_frame),
    out: tc(row.out_frame),
    first: tc(row.in_frame),
    last: tc(row.out_frame - 1),
    frames,
    seconds: Math.round(((frames * rate.den) / rate.num) * 100) / 100,
  };
}

export function titleIn(lang: Lang, video: BasketVideo | null): string {
  if (!video) return '';
  return (lang === 'fr' ? video.titleFr || video.titleEn : video.titleEn || video.titleFr) ?? '';
}

/** What an item holds, in words: the whole video's rendition, or the part and its profile. */
export function describeItem(lang: Lang, video: BasketVideo | null, row: BasketItemRow): string {
  const range = clipRange(video, row);
  if (!range) return translate(lang, row.rendition === 'web' ? 'basket.what.web' : 'basket.what.master');
  const seconds = numberFormat(lang, { maximumFractionDigits: 2 }).format(range.seconds);
  return translate(lang, 'basket.what.clip', {
    profile: translate(lang, row.profile === 'web' ? 'basket.profile.web' : 'basket.profile.broadcast'),
    first: range.first,
    last: range.last,
    frames: range.frames,
    seconds,
  });
}

export interface ManifestEntry {
  /** The file's name in the archive. */
  fileName: string;
  size: number;
  row: BasketItemRow;
  video: BasketVideo | null;
}

export interface LeftOut {
  row: BasketItemRow;
  video: BasketVideo | null;
  reason: string;
}

export function manifestText(
  lang: Lang,
  at: Date,
  publicUrl: string,
  entries: readonly ManifestEntry[],
  left: readonly LeftOut[],
  timeZone = 'UTC',
): string {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate(lang, key, params);
  const lines = [t('basket.manifest.heading', { date: formatDateTime(lang, at, timeZone) }), ''];
  entries.forEach((entry, i) => {
    const { video, row } = entry;
    const terms = lang === 'fr' ? video?.termsFr : video?.termsEn;
    const restrictions = lang === 'fr' ? video?.restrictionsFr : video?.restrictionsEn;
    lines.push(`${i + 1}. ${entry.fileName}`);
    if (row.name) lines.push(`   ${row.name}`);
    lines.push(label(lang, t('basket.manifest.title'), titleIn(lang, video)));
    lines.push(label(lang, t('basket.manifest.content'), describeItem(lang, video, row)));
    if (video?.startTimecode && row.kind === 'video')
      lines.push(label(lang, t('basket.manifest.startTimecode'), video.startTimecode));
    if (video?.credit) lines.push(label(lang, t('basket.manifest.credit'), video.credit));
    if (terms) lines.push(label(lang, t('basket.manifest.terms'), terms));
    if (restrictions) lines.push(label(lang, t('basket.manifest.restrictions'), restrictions));
    if (video?.embargoUntil)
      lines.push(
        `   ${t('basket.manifest.embargo', { date: formatDateTime(lang, video.embargoUntil, timeZone) })}`,
      );
    lines.push(
      label(
        lang,
        t('basket.manifest.page'),
        `${publicUrl}/${lang}/videos/${encodeURIComponent(row.video_id)}`,
      ),
    );
    lines.push('');
  });
  if (left.length > 0) {
    const colon = lang === 'fr' ? '\u202f:' : ':';
    lines.push(`${t('basket.manifest.left')}${colon}`);
    for (const item of left) {
      const what = describeItem(lang, item.video, item.row);
      lines.push(`- ${titleIn(lang, item.video) || item.row.video_id} (${what})${colon} ${item.reason}`);
    }
    lines.push('');
  }
  // CRLF: the text reads the same in every editor, Windows' Notepad included.
  return lines.join('\r\n');
}

function label(lang: Lang, name: string, value: string): string {
  // French typography: a (narrow) space before the colon.
  return `   ${name}${lang === 'fr' ? '\u202f:' : ':'} ${value}`;
}

export function manifestJson(
  lang: Lang,
  at: Date,
  entries: readonly ManifestEntry[],
  left: readonly LeftOut[],
) {
  const item = (row: BasketItemRow, video: BasketVideo | null) => {
    const range = clipRange(video, row);
    return {
      videoId: row.video_id,
      name: row.name || null,
      title: titleIn(lang, video),
      kind: row.kind,
      rendition: row.rendition,
      profile: row.profile,
      inFrame: row.in_frame,
      outFrame: row.out_frame,
      in: range?.in ?? null,
      out: range?.out ?? null,
      frames: range?.frames ?? null,
      credit: video?.credit ?? '',
      usageTerms: { fr: video?.termsFr ?? '', en: video?.termsEn ?? '' },
      restrictions: { fr: video?.restrictionsFr ?? '', en: video?.restrictionsEn ?? '' },
      embargoUntil: video?.embargoUntil?.toISOString() ?? null,
    };
  };
  return {
    language: lang,
    downloadedAt: at.toISOString(),
    files: entries.map((e) => ({ file: e.fileName, size: e.size, ...item(e.row, e.video) })),
    left: left.map((l) => ({ ...item(l.row, l.video), reason: l.reason })),
  };
}
