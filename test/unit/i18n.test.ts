import { describe, expect, it } from 'vitest';
import { coreMessages } from '../../src/web/i18n/core-messages.ts';
// Loads every feature, hence registers every catalog.
import '../../src/portal.ts';
import {
  formatDate,
  formatDateTime,
  MESSAGES,
  negotiateLanguage,
  translate,
} from '../../src/web/i18n/index.ts';
import { formatMessage, pluralProblems } from '../../src/web/i18n/plural.ts';
import { formatFrameRate } from '../../src/web/i18n/units.ts';

describe('message catalogs', () => {
  it('have the same keys in French and English, none empty', () => {
    const fr = Object.keys(MESSAGES.fr).sort();
    const en = Object.keys(MESSAGES.en).sort();
    expect(en).toEqual(fr);
    for (const lang of ['fr', 'en'] as const) {
      for (const [key, value] of Object.entries(MESSAGES[lang])) {
        expect(value.trim(), `${lang}:${key}`).not.toBe('');
      }
    }
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(MESSAGES.fr)) {
      expect(placeholders(MESSAGES.en[key] ?? ''), key).toEqual(placeholders(MESSAGES.fr[key] ?? ''));
    }
  });

  it('includes the core catalog', () => {
    for (const key of Object.keys(coreMessages.fr)) expect(MESSAGES.fr[key]).toBeDefined();
  });

  it('formats placeholders', () => {
    expect(translate('fr', 'video.processing', { percent: 40 })).toBe('Vidéo en préparation (40 %)');
    expect(translate('en', 'video.processing', { percent: 40 })).toBe('Video being prepared (40%)');
  });
});

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'en'],
    ['fr-FR,fr;q=0.9,en;q=0.8', 'fr'],
    ['en-GB,en;q=0.9', 'en'],
    ['de-DE,de;q=0.9,fr;q=0.5', 'fr'],
    ['de', 'en'],
    ['en;q=0.2, fr;q=0.8', 'fr'],
    ['fr;q=0, en', 'en'],
  ])('%s -> %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});

describe('plural forms (Intl.PluralRules)', () => {
  it('every message gives the forms its language needs (French and English: one and other)', () => {
    for (const lang of ['fr', 'en'] as const) {
      for (const [key, value] of Object.entries(MESSAGES[lang])) {
        expect(pluralProblems(lang, value), `${lang}:${key}`).toEqual([]);
      }
    }
  });

  it('finds a missing form, also inside another form', () => {
    expect(pluralProblems('fr', '{n, plural, other {# comptes}}')).toEqual(['{n} has no "one" form']);
    expect(pluralProblems('en', '{n, plural, one {# file} other {{m, plural, other {# parts}}}}')).toEqual([
      '{m} has no "one" form',
    ]);
    expect(pluralProblems('en', '{n, plural, one {# file} other {# files}}')).toEqual([]);
  });

  it('chooses by the language’s rules, exact forms first, numbers written the language’s way', () => {
    const accounts = '{n, plural, =0 {aucun compte} one {# compte} other {# comptes}}';
    expect(formatMessage('fr', accounts, { n: 0 })).toBe('aucun compte');
    expect(formatMessage('fr', accounts, { n: 1 })).toBe('1 compte');
    expect(formatMessage('fr', accounts, { n: 1.5 })).toBe('1,5 compte');
    expect(formatMessage('fr', accounts, { n: 2 })).toBe('2 comptes');
    // French `many` (1 000 000) falls back to `other`.
    expect(formatMessage('fr', accounts, { n: 1_000_000 })).toBe('1\u202f000\u202f000 comptes');
    const files = '{n, plural, one {# file} other {# files}} for “{q}”';
    expect(formatMessage('en', files, { n: 0, q: 'port' })).toBe('0 files for “port”');
    expect(formatMessage('en', files, { n: 1, q: 'port' })).toBe('1 file for “port”');
    expect(formatMessage('en', files, { n: 1234, q: 'port' })).toBe('1,234 files for “port”');
    expect(translate('fr', 'search.results', { count: 1, query: 'phare' })).toBe('1 résultat pour « phare »');
    expect(translate('en', 'downloads.admin.summary', { count: 1, users: 1 })).toBe('1 download, 1 account');
  });

  it('leaves no “(s)” plural in any message', () => {
    for (const lang of ['fr', 'en'] as const)
      for (const [key, value] of Object.entries(MESSAGES[lang]))
        expect(value, `${lang}:${key}`).not.toMatch(/\w\(s\)/);
  });
});

describe('units and time zones', () => {
  it('writes frame rates per language', () => {
    expect(formatFrameRate('fr', '30000/1001')).toBe('29,97 i/s');
    expect(formatFrameRate('en', '30000/1001')).toBe('29.97 fps');
    expect(formatFrameRate('en', '25/1')).toBe('25 fps');
    expect(formatFrameRate('fr', '24000/1001')).toBe('23,976 i/s');
  });

  it('shows dates and times in the portal’s zone, and says which', () => {
    const at = new Date('2099-01-02T08:30:00Z');
    expect(formatDateTime('fr', at, 'Europe/Brussels')).toBe('2 janvier 2099 à 09:30 UTC+1');
    expect(formatDateTime('en', at, 'Europe/Brussels')).toBe('2 January 2099 at 09:30 CET');
    expect(formatDateTime('en', at, 'America/New_York')).toBe('2 January 2099 at 03:30 GMT-5');
    expect(formatDateTime('en', at)).toBe('2 January 2099 at 08:30 UTC');
    expect(formatDate('fr', new Date('2099-01-01T23:30:00Z'), 'Europe/Brussels')).toBe('2 janvier 2099');
  });
});
