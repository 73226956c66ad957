import { describe, expect, it } from 'vitest';
import { coreMessages } from '../../src/web/i18n/core-messages.ts';
// Loads every feature, hence registers every catalog.
import '../../src/portal.ts';
import { MESSAGES, negotiateLanguage, translate } from '../../src/web/i18n/index.ts';

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
