import { describe, expect, it } from 'vitest';
import { type AccountMail, renderAccountMail } from '../../src/accounts/service/mail-templates.ts';
import { dateTimeFormat, numberFormat, pluralRules } from '../../src/lib/intl/formatters.ts';
import {
  alertModel,
  confirmMessage,
  digestModel,
  editionMailModel,
  unsubscribePageUrl,
} from '../../src/newsletter/compose.ts';
import { renderMail } from '../../src/newsletter/email.ts';
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

/** Literal pieces of a message (placeholders and ICU plural syntax taken out), 12 characters or more. */
function literalPieces(text: string): string[] {
  return text
    .split(/\{[^{}]*\}|[{}#]|\b\w+, (?:plural|select),|\b(?:one|other|zero|few|many|=\d+)\s*(?=\{)/)
    .map((piece) => piece.trim())
    .filter((piece) => piece.length >= 12);
}

/** What a language's messages say that the other language's never do: its tell-tale strings. */
function onlyIn(lang: 'fr' | 'en'): string[] {
  const other = Object.values(MESSAGES[lang === 'fr' ? 'en' : 'fr']);
  const pieces = Object.values(MESSAGES[lang]).flatMap(literalPieces);
  return [...new Set(pieces)].filter((piece) => !other.some((text) => text.includes(piece)));
}

/** A mail's subject, text and HTML (tags out, entities read) as one text. */
function mailText(mail: { subject: string; text: string; html: string }): string {
  const fromHtml = mail.html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return [mail.subject, mail.text, fromHtml].join('\n');
}

/** Every email the portal sends, rendered in a language (accounts, newsletter, alerts). */
function everyMail(lang: 'fr' | 'en'): [string, { subject: string; text: string; html: string }][] {
  const common = {
    language: lang,
    firstName: 'Ada',
    siteName: lang === 'fr' ? 'Portail Médias' : 'Media Portal',
  };
  const at = new Date('2099-01-02T08:30:00Z');
  const accounts: AccountMail[] = [
    { ...common, kind: 'verify-email', code: '123456', validMinutes: 15 },
    {
      ...common,
      kind: 'already-registered',
      signInUrl: 'https://p.example/s',
      resetUrl: 'https://p.example/r',
    },
    { ...common, kind: 'reset-password', code: '123456', validMinutes: 15 },
    { ...common, kind: 'password-changed', changedAt: at, resetUrl: 'https://p.example/r' },
    { ...common, kind: 'lockout', flow: 'sign-in', until: at, resetUrl: 'https://p.example/r' },
    { ...common, kind: 'lockout', flow: 'code', until: at, resetUrl: 'https://p.example/r' },
    { ...common, firstName: null, kind: 'verify-email', code: '123456', validMinutes: 1 },
  ];
  const ctx = { publicUrl: 'https://p.example', secret: 'x'.repeat(32), now: () => at };
  const story = {
    id: 1,
    slug: 'harbour',
    language: lang,
    title: 'Harbour',
    standfirst: 'Quay.',
    publishedAt: at,
    topics: [],
    videoId: 'v1',
  };
  const item = {
    type: 'story',
    id: '1',
    lang,
    title: 'Harbour',
    titleHtml: 'Harbour',
    snippet: 'Quay',
    publishedAt: at.toISOString(),
    url: '/x',
  } as const;
  const items = [item, { ...item, id: '2' }] as unknown as Parameters<typeof alertModel>[3];
  const saved = { id: 's1', name: 'Ports', query: 'harbour' };
  const unsubscribe = unsubscribePageUrl(ctx, lang, 's', 'sub');
  const edition = {
    id: 'e1',
    intro: { fr: 'Édition.', en: 'Edition.' },
    storySlugs: [],
    status: 'sent' as const,
    scheduledAt: null,
    sentAt: at,
    createdAt: at,
  };
  const alertSection = {
    heading: alertModel(ctx, lang, saved, items).heading,
    items: alertModel(ctx, lang, saved, items).items,
  };
  return [
    ...accounts.map((mail): [string, ReturnType<typeof renderAccountMail>] => [
      `account ${mail.kind}`,
      renderAccountMail(mail),
    ]),
    ['newsletter confirmation', confirmMessage(ctx, 'a@p.example', lang, 'token')],
    ['digest, one story', renderMail(digestModel(ctx, lang, [story], unsubscribe))],
    ['digest with an alert', renderMail(digestModel(ctx, lang, [story, story], unsubscribe, [alertSection]))],
    ['special edition', renderMail(editionMailModel(ctx, edition, lang, [story], unsubscribe))],
    ['alert, one result', renderMail(alertModel(ctx, lang, saved, items.slice(0, 1)))],
    ['alert, two results', renderMail(alertModel(ctx, lang, saved, items))],
  ];
}

describe('emails in both languages', () => {
  const keys = Object.keys(MESSAGES.en);
  for (const lang of ['fr', 'en'] as const) {
    it(`every email in ${lang} holds no string of the other language and no raw key`, () => {
      const foreign = onlyIn(lang === 'fr' ? 'en' : 'fr');
      expect(foreign.length).toBeGreaterThan(100);
      for (const [name, mail] of everyMail(lang)) {
        const text = mailText(mail);
        expect(mail.subject.trim(), name).not.toBe('');
        expect(mail.html, name).toContain(`lang="${lang}"`);
        expect(
          foreign.filter((piece) => text.includes(piece)),
          name,
        ).toEqual([]);
        expect(
          keys.filter((key) => new RegExp(`\\b${key.replace(/\./g, '\\.')}\\b`).test(text)),
          name,
        ).toEqual([]);
      }
    });
  }

  it('the check finds the other language when it is there', () => {
    const english = onlyIn('en');
    const [, mail] = everyMail('en')[0]!;
    expect(english.filter((piece) => mailText(mail).includes(piece)).length).toBeGreaterThan(0);
    const french = onlyIn('fr');
    for (const [name, frMail] of everyMail('fr'))
      expect(
        french.some((piece) => mailText(frMail).includes(piece)),
        name,
      ).toBe(true);
  });
});

describe('shared Intl formatters (lib/intl)', () => {
  it('makes one formatter per locale and options, formatting as a fresh one does', () => {
    const options = { dateStyle: 'long', timeZone: 'Europe/Paris' } as const;
    expect(dateTimeFormat('fr-FR', options)).toBe(dateTimeFormat('fr-FR', { ...options }));
    expect(dateTimeFormat('fr-FR', options)).not.toBe(dateTimeFormat('en-GB', options));
    expect(dateTimeFormat('fr-FR', options)).not.toBe(
      dateTimeFormat('fr-FR', { ...options, timeZone: 'UTC' }),
    );
    const at = new Date('2026-12-31T23:30:00Z');
    expect(dateTimeFormat('fr-FR', options).format(at)).toBe(
      new Intl.DateTimeFormat('fr-FR', options).format(at),
    );
    expect(formatDate('fr', at, 'Europe/Paris')).toBe('1 janvier 2027');
    expect(formatDate('en', at, 'UTC')).toBe('31 December 2026');
    expect(numberFormat('fr', { maximumFractionDigits: 3 }).format(29.97)).toBe('29,97');
    expect(pluralRules('fr')).toBe(pluralRules('fr'));
  });
});
