/** The newsroom's pure parts: slugs, schedule times, content checks and changes, body sanitising, wording. */
import { describe, expect, it } from 'vitest';
import { renderStoryBody, sanitizedBodyHtml } from '../../src/catalog/story-body.ts';
import { newsroomMessages } from '../../src/newsroom/messages.ts';
import { formatInZone, instantToLocal, localToInstant, parseInstant } from '../../src/newsroom/schedule.ts';
import { isSlug, slugCandidate, slugify } from '../../src/newsroom/slug.ts';
import { changesBetween, checkContent, mergeInput } from '../../src/newsroom/story-input.ts';
import { fieldMessages, summaryText } from '../../src/newsroom/wording.ts';
import { translator } from '../../src/web/i18n/index.ts';

const EMPTY = { slug: '', translations: {}, topics: [], media: [], leadMedia: null };

describe('slugs', () => {
  it('folds accents and punctuation, never all digits', () => {
    expect(slugify('L’Union adopte : un plan à 5 ans — Œuvre Ærø Straße')).toBe(
      'l-union-adopte-un-plan-a-5-ans-oeuvre-aero-strasse',
    );
    expect(slugify('2026')).toBe('story-2026');
    expect(slugify('!!!')).toBe('');
    expect(slugify('a '.repeat(200)).length).toBeLessThanOrEqual(100);
    expect(isSlug('ok-slug')).toBe(true);
    expect(isSlug('123')).toBe(false);
    expect(isSlug('Pas-ok')).toBe(false);
    expect(isSlug('a--b')).toBe(false);
    expect(slugCandidate('same', 1)).toBe('same');
    expect(slugCandidate('same', 3)).toBe('same-3');
  });
});

describe('schedule times', () => {
  it('reads a wall-clock time in a zone, across summer time, and refuses nonsense', () => {
    expect(localToInstant('2026-12-07T09:30', 'Europe/Brussels')?.toISOString()).toBe(
      '2026-12-07T08:30:00.000Z',
    );
    expect(localToInstant('2026-07-07T09:30', 'Europe/Brussels')?.toISOString()).toBe(
      '2026-07-07T07:30:00.000Z',
    );
    expect(localToInstant('2026-12-07T09:30', 'America/New_York')?.toISOString()).toBe(
      '2026-12-07T14:30:00.000Z',
    );
    expect(localToInstant('2026-02-30T09:30', 'UTC')).toBeNull();
    expect(localToInstant('2026-12-07T09:30', 'Mars/Olympus')).toBeNull();
    expect(localToInstant('tomorrow', 'UTC')).toBeNull();
    expect(instantToLocal(new Date('2026-12-07T08:30:00Z'), 'Europe/Brussels')).toBe('2026-12-07T09:30');
    expect(formatInZone(new Date('2026-12-07T08:30:00Z'), 'Europe/Brussels', 'fr')).toBe(
      '7 décembre 2026 à 09:30 (Europe/Brussels)',
    );
    expect(parseInstant('2026-12-07T09:30:00+01:00')?.toISOString()).toBe('2026-12-07T08:30:00.000Z');
    expect(parseInstant('2026-12-07T09:30:00')).toBeNull();
  });
});

describe('story content', () => {
  it('merges a PATCH, checks each field, lists what changed', () => {
    const a = mergeInput(EMPTY, { slug: 'a', translations: { fr: { title: ' Titre ', body: 'x' } } });
    expect(a.translations.fr).toEqual({ title: 'Titre', standfirst: '', body: 'x' });
    expect(checkContent(a)).toEqual({});
    const b = mergeInput(a, { translations: { fr: null, en: { title: '' } }, slug: '12' });
    expect(checkContent(b)).toEqual({ 'translations.en.title': 'required', slug: 'invalid' });
    expect(changesBetween(a, b)).toEqual(['removed.fr', 'added.en', 'slug']);
    const embed = mergeInput(a, { translations: { fr: { body: '{{video:v1}}' } } });
    expect(checkContent(embed)).toEqual({ 'translations.fr.body': 'unknown_embed' });
    expect(checkContent({ ...embed, media: [{ kind: 'video', id: 'v1' }] })).toEqual({});
  });
});

describe('body', () => {
  it('keeps Markdown structure and drops every HTML an editor types', () => {
    const out = sanitizedBodyHtml(
      '# H\n\n<script>x</script> <b onclick="y">b</b> [j](javascript:alert(1)) [o](https://a.example) ![i](https://a.example/i.png)',
    );
    expect(out).toContain('<h2>H</h2>');
    expect(out).toContain('&lt;script&gt;');
    expect(out).not.toMatch(/<(script|b|img)\b/);
    expect(out).not.toContain('href="javascript');
    expect(out).toContain('<a href="https://a.example" rel="noopener noreferrer">o</a>');
    expect(
      renderStoryBody('{{video:v1}}\n\n{{video:v2}}', (id) => (id === 'v1' ? '<figure>v1</figure>' : null)),
    ).toBe('<figure>v1</figure>\n\n');
  });
});

describe('wording', () => {
  it('words every error code and change in French and English', () => {
    for (const lang of ['fr', 'en'] as const) {
      const t = translator(lang);
      const messages = fieldMessages(t, {
        translations: 'no_translation',
        'translations.fr.title': 'required',
        'translations.en.standfirst': 'too_long',
        'translations.en.body': 'unknown_embed',
        slug: 'invalid',
        topics: 'unknown_topic',
        media: 'unknown_video',
        leadMedia: 'lead_not_in_media',
        at: 'invalid_date',
        timeZone: 'invalid_time_zone',
        'name.fr': 'required',
      });
      expect(Object.keys(messages)).toHaveLength(11);
      for (const m of Object.values(messages)) expect(m).not.toMatch(/newsroom\.|\{\w+\}/);
      const summary = summaryText(
        t,
        'created,title.fr,body.en,added.en,restored:3,published_on_schedule,topics',
      );
      expect(summary).not.toMatch(/newsroom\.|\{\w+\}/);
    }
    expect(Object.keys(newsroomMessages.en).sort()).toEqual(Object.keys(newsroomMessages.fr).sort());
    expect(fieldMessages(translator('fr'), { 'translations.en.title': 'required' })).toEqual({
      'translations.en.title': 'Titre (anglais) : obligatoire.',
    });
  });
});
