/**
 * The basket's pure parts: when the archive needs ZIP64, names inside the archive, turning API and form
 * input into an item (timecodes read in the master's timecode, bad ranges refused), and the manifest in
 * each language (French typography, first and last frame included, what was left out and why).
 */
import { describe, expect, it } from 'vitest';
import { entryName, needsZip64 } from '../../src/basket/archive.ts';
import { newItem } from '../../src/basket/input.ts';
import { describeItem, manifestJson, manifestText } from '../../src/basket/manifest.ts';
import type { BasketVideo } from '../../src/basket/sources.ts';
import type { BasketItemRow } from '../../src/basket/tables.ts';
import { HttpError } from '../../src/web/errors.ts';
import '../../src/basket/messages.ts';

const video: BasketVideo = {
  id: 'v1',
  titleFr: 'Le port',
  titleEn: 'The harbour',
  rate: { num: 30000, den: 1001 },
  startTimecode: '01:00:00;00',
  dropFrame: true,
  credit: '© UEC',
  termsFr: 'Libre pour l’information.',
  termsEn: 'Free for news use.',
  restrictionsFr: '',
  restrictionsEn: 'No resale.',
  embargoUntil: new Date('2099-01-02T08:30:00Z'),
};

const row = (over: Partial<BasketItemRow>): BasketItemRow => ({
  id: 'i1',
  user_id: 'u1',
  video_id: 'v1',
  kind: 'clip',
  rendition: null,
  in_frame: 0,
  out_frame: 1800,
  profile: 'broadcast',
  name: '',
  created_at: new Date(),
  position: '1',
  ...over,
});

describe('basket archive', () => {
  it('switches to ZIP64 only when a file or the whole passes the 32-bit fields', () => {
    expect(needsZip64([1e9, 2e9])).toBe(false);
    expect(needsZip64([5e9])).toBe(true);
    expect(needsZip64([2e9, 2.5e9])).toBe(true);
  });

  it('numbers names in the basket’s order and keeps them to safe characters', () => {
    expect(entryName(0, 'harbour_10-00-00-00_100f_broadcast.mp4')).toBe(
      '01_harbour_10-00-00-00_100f_broadcast.mp4',
    );
    expect(entryName(11, '../etc/passwd')).toBe('12_..-etc-passwd');
  });
});

describe('basket input', () => {
  it('reads drop-frame timecodes in the master’s own timecode, half-open', () => {
    const item = newItem({ videoId: 'v1', in: '01:00:01;00', out: '01:01:00;02' }, video);
    expect(item).toEqual({
      kind: 'clip',
      videoId: 'v1',
      inFrame: 30,
      outFrame: 1800,
      profile: 'broadcast',
      name: '',
    });
  });

  it('refuses empty, reversed or unreadable ranges and over-long names with 422', () => {
    for (const input of [
      { videoId: 'v1', inFrame: 10, outFrame: 10 },
      { videoId: 'v1', inFrame: 10, outFrame: 5 },
      { videoId: 'v1', in: 'soon', out: 'later' },
      { videoId: 'v1', kind: 'video' as const, name: 'x'.repeat(121) },
    ]) {
      expect(() => newItem(input, video)).toThrowError(HttpError);
    }
    expect(newItem({ videoId: 'v1', kind: 'video', name: '  Quay   side ' }, video)).toEqual({
      kind: 'video',
      videoId: 'v1',
      rendition: 'master',
      name: 'Quay side',
    });
  });
});

describe('basket manifest', () => {
  const at = new Date('2026-12-06T10:00:00Z');
  const entries = [{ fileName: '01_clip.mxf', size: 10, row: row({ name: 'Quai' }), video }];
  const left = [
    {
      row: row({ kind: 'video', rendition: 'master', in_frame: null, out_frame: null, profile: null }),
      video,
      reason: 'Sous embargo.',
    },
  ];

  it('says in French what each file holds, its credit, terms and embargo, and what was left out', () => {
    const text = manifestText('fr', at, 'https://portal.example', entries, left);
    expect(text).toContain('1. 01_clip.mxf\r\n   Quai\r\n   Titre\u202f: Le port');
    expect(text).toContain('Partie diffusion : de 01:00:00;00 à 01:00:59;29 (1\u202f800 images, 60,06 s)');
    expect(text).toContain('Crédit\u202f: © UEC');
    expect(text).toContain('Conditions d’utilisation\u202f: Libre pour l’information.');
    expect(text).toContain('Ne pas publier avant le 2 janvier 2099');
    expect(text).not.toContain('Restrictions');
    expect(text).toContain(
      'Non inclus\u202f:\r\n- Le port (Vidéo entière, original (master))\u202f: Sous embargo.',
    );
    expect(text).toContain('https://portal.example/fr/videos/v1');
  });

  it('says the same in English, and the JSON keeps the API’s half-open range', () => {
    const text = manifestText('en', at, 'https://portal.example', entries, left);
    expect(text).toContain('Title: The harbour');
    expect(text).toContain('Restrictions: No resale.');
    expect(text).toContain('Not included:');
    expect(describeItem('en', video, row({ profile: 'web' }))).toBe(
      'Web part: 01:00:00;00 to 01:00:59;29 (1,800 frames, 60.06 s)',
    );
    const json = manifestJson('en', at, entries, left);
    expect(json.files[0]).toMatchObject({
      in: '01:00:00;00',
      out: '01:01:00;02',
      frames: 1800,
      title: 'The harbour',
    });
    expect(json.left[0]).toMatchObject({ kind: 'video', reason: 'Sous embargo.' });
  });
});
