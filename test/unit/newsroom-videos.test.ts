/**
 * The newsroom's video rules (pure): shotlist rows from JSON and CSV (csv-parse) with precise
 * per-row errors, half-open ranges that may touch but not overlap, drop-frame timecodes; metadata
 * merging and its field codes; every code worded in French and English; embargoed file names; the
 * upload's title language.
 */
import { describe, expect, it } from 'vitest';
import { parseUploadMeta, readUploadMeta } from '../../src/backoffice/upload-meta.ts';
import { parseEmbargoUntil } from '../../src/catalog/embargo-date.ts';
import { embargoedFileName } from '../../src/downloads/file-name.ts';
import { type ShotTiming, shotlistFromCsv, shotlistFromJson } from '../../src/newsroom/shotlist-input.ts';
import { mergeVideoMeta, type VideoMetaValues } from '../../src/newsroom/video-input.ts';
import { videoMetaMessages } from '../../src/newsroom/video-messages.ts';
import { videoFieldMessages } from '../../src/newsroom/video-wording.ts';
import { translator } from '../../src/web/i18n/index.ts';

const PAL: ShotTiming = {
  startTimecode: '10:00:00:00',
  format: { rate: { num: 25, den: 1 }, dropFrame: false },
  durationFrames: 250,
};

describe('shotlist rows', () => {
  it('keeps touching rows in timecode order and refuses overlaps, naming the later row', () => {
    const ok = shotlistFromJson(
      [
        { in: '10:00:04:00', out: '10:00:10:00', description: { en: 'B' } },
        { in: '10:00:00:00', out: '10:00:04:00', description: { fr: 'A' } },
      ],
      PAL,
    );
    expect(ok).toEqual({
      ok: true,
      shots: [
        { inFrame: 0, outFrame: 100, fr: 'A', en: '' },
        { inFrame: 100, outFrame: 250, fr: '', en: 'B' },
      ],
    });
    const overlap = shotlistFromJson(
      [
        { in: '10:00:00:00', out: '10:00:04:01', description: { fr: 'A' } },
        { in: '10:00:04:00', out: '10:00:05:00', description: { fr: 'B' } },
      ],
      PAL,
    );
    expect(overlap).toEqual({ ok: false, errors: { 'items.1.in': 'overlaps' } });
  });

  it('names every bad field of every row', () => {
    const result = shotlistFromJson(
      [
        { in: '09:59:59:00', out: '10:00:01:00', description: { fr: 'before the start' } },
        { in: '10:00:01:25', out: '10:00:11:00', description: { fr: 'x'.repeat(1001) } },
        { in: '10:00:02:00', out: '10:00:02:00', description: 'text' },
      ],
      PAL,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        'items.0.in': 'outside',
        'items.1.in': 'timecode',
        'items.1.out': 'outside',
        'items.1.description.fr': 'too_long',
        'items.2.out': 'not_after_in',
        'items.2.description': 'invalid',
      },
    });
  });

  it('reads CSV with quotes, a BOM and a header, and names lines', () => {
    const csv =
      '\ufeffin,out,fr,en\r\n10:00:00:00,10:00:01:00,"Quai, ""matin""",Quay\r\n\r\n10:00:01:00,10:00:02:00,Grue\r\n';
    expect(shotlistFromCsv(csv, PAL)).toEqual({
      ok: true,
      shots: [
        { inFrame: 0, outFrame: 25, fr: 'Quai, "matin"', en: 'Quay' },
        { inFrame: 25, outFrame: 50, fr: 'Grue', en: '' },
      ],
    });
    expect(shotlistFromCsv('10:00:00:00\n10:00:00:00,10:00:01:00,a,b,c\n', PAL)).toEqual({
      ok: false,
      errors: { 'lines.1': 'columns', 'lines.2': 'columns' },
    });
    expect(shotlistFromCsv('10:00:00:00,10:00:01:00,"open\n', PAL)).toMatchObject({ ok: false });
  });

  it('reads drop-frame timecodes of a 29.97 master', () => {
    const ntsc: ShotTiming = {
      startTimecode: '01:00:00;00',
      format: { rate: { num: 30000, den: 1001 }, dropFrame: true },
      durationFrames: 3000,
    };
    expect(
      shotlistFromJson([{ in: '01:00:59;29', out: '01:01:00;02', description: { en: 'x' } }], ntsc),
    ).toEqual({
      ok: true,
      shots: [{ inFrame: 1799, outFrame: 1800, fr: '', en: 'x' }],
    });
  });
});

describe('video metadata', () => {
  const current: VideoMetaValues = {
    title: { fr: 'Port', en: 'Port' },
    description: { fr: '', en: '' },
    credit: '',
    usageTerms: { fr: '', en: '' },
    restrictions: { fr: '', en: '' },
    embargoUntil: null,
    embargoKind: 'available',
  };

  it('removes a language, keeps one title at least, reads embargo dates with their offset', () => {
    const merged = mergeVideoMeta(
      current,
      { translations: { en: null }, embargoUntil: '2027-03-01T09:00:00+01:00', embargoKind: 'hidden' },
      parseEmbargoUntil,
    );
    expect(merged.errors).toEqual({});
    expect(merged.values.title).toEqual({ fr: 'Port', en: '' });
    expect(merged.values.embargoUntil?.toISOString()).toBe('2027-03-01T08:00:00.000Z');
    const none = mergeVideoMeta(
      current,
      { translations: { fr: null, en: { title: '  ' } } },
      parseEmbargoUntil,
    );
    expect(none.errors).toEqual({ 'translations.fr.title': 'no_title' });
    const bad = mergeVideoMeta(
      current,
      { embargoUntil: '2027-03-01 09:00', embargoKind: 'soon' },
      parseEmbargoUntil,
    );
    expect(bad.errors).toEqual({ embargoUntil: 'invalid_date', embargoKind: 'invalid' });
  });

  it('words every field and code in French and English', () => {
    const codes = Object.keys(videoMetaMessages.en)
      .filter((k) => k.startsWith('videometa.code.'))
      .map((k) => k.slice('videometa.code.'.length));
    const fields = [
      'translations.fr.title',
      'translations.en.description',
      'credit',
      'usageTerms.fr',
      'restrictions.en',
      'embargoUntil',
      'embargoKind',
      'items',
      'items.0',
      'items.2.in',
      'items.2.description.fr',
      'lines.4.out',
      'csv',
      'video',
    ];
    for (const lang of ['fr', 'en'] as const) {
      const t = translator(lang);
      for (const field of fields)
        for (const code of codes) {
          const message = videoFieldMessages(t, { [field]: code })[field] ?? '';
          expect(message, `${lang} ${field} ${code}`).not.toMatch(/videometa\.|\{\w+\}/);
        }
    }
    expect(videoFieldMessages(translator('fr'), { 'items.2.in': 'overlaps' })['items.2.in']).toBe(
      'Liste des plans, ligne 3, entrée : chevauche le plan précédent.',
    );
  });
});

describe('embargo and uploads', () => {
  it('marks a file downloaded ahead of its embargo, in the reader’s language', () => {
    const until = new Date('2027-03-01T08:00:00Z');
    expect(embargoedFileName('port_master.mxf', until, 'en')).toBe(
      'port_master_not-before-2027-03-01T0800Z.mxf',
    );
    expect(embargoedFileName('port_web.mp4', until, 'fr')).toBe(
      'port_web_ne-pas-publier-avant-2027-03-01T0800Z.mp4',
    );
  });

  it('keeps the language of an uploaded title (only fr or en)', () => {
    const meta = parseUploadMeta({ filename: 'a.mxf', title: 'Le port', language: 'fr' }, 'u1');
    expect(meta).toMatchObject({ title: 'Le port', language: 'fr' });
    expect(parseUploadMeta({ filename: 'a.mxf', language: 'de' }, 'u1')).not.toHaveProperty('language');
    expect(readUploadMeta({ language: 'en', title: 'x' })).toEqual({ language: 'en', title: 'x' });
  });
});
