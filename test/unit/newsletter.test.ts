/**
 * The newsletter's pure parts: subscription input, when a digest is due and what it holds, the
 * signed unsubscribe links, edition input, and the email's HTML (tables, inlined styles, a kept
 * dark-mode block, escaping, http(s) links only) and text part.
 */
import { describe, expect, it } from 'vitest';
import { parseEditionInput } from '../../src/newsletter/editions.ts';
import { createMailRenderer, type MailModel, renderMail } from '../../src/newsletter/email.ts';
import '../../src/newsletter/messages.ts';
import {
  alertDue,
  digestDue,
  normaliseEmail,
  parseChoice,
  retryDelayMs,
  storiesFor,
} from '../../src/newsletter/rules.ts';
import {
  hashToken,
  newConfirmToken,
  readUnsubscribeToken,
  unsubscribeToken,
} from '../../src/newsletter/tokens.ts';
import { isPermanentMailFailure } from '../../src/platform/mail/index.ts';

const known = new Set(['energie', 'culture']);
const HOUR = 3_600_000;

describe('newsletter rules', () => {
  it('checks a subscription’s choices', () => {
    expect(
      parseChoice({ language: 'fr', frequency: 'weekly', topics: ['culture', 'energie', 'culture'] }, known),
    ).toEqual({
      ok: true,
      choice: { language: 'fr', frequency: 'weekly', topics: ['culture', 'energie'] },
    });
    expect(parseChoice({ language: 'de', frequency: 'weekly' }, known)).toMatchObject({
      problem: 'language',
    });
    expect(parseChoice({ language: 'en', frequency: 'hourly' }, known)).toMatchObject({
      problem: 'frequency',
    });
    expect(parseChoice({ language: 'en', frequency: 'daily', topics: ['sport'] }, known)).toMatchObject({
      problem: 'topics',
    });
    expect(parseChoice({ language: 'en', frequency: 'daily', topics: 'culture' }, known)).toMatchObject({
      ok: true,
    });
  });

  it('normalises addresses and refuses what is not one', () => {
    expect(normaliseEmail('  Jean.Dupont@Example.ORG ')).toEqual({
      email: 'Jean.Dupont@example.org',
      key: 'jean.dupont@example.org',
    });
    for (const bad of [
      '',
      'nope',
      'a@b',
      'a b@example.org',
      'a@example.org\r\nBcc: x@y.z',
      42,
      `${'a'.repeat(250)}@example.org`,
    ])
      expect(normaliseEmail(bad), String(bad)).toBeNull();
  });

  it('makes digests due by frequency, and alerts at most hourly or daily', () => {
    const since = new Date('2026-12-01T08:00:00Z');
    expect(digestDue('publication', since, since)).toBe(true);
    expect(digestDue('daily', since, new Date(since.getTime() + 23 * HOUR))).toBe(false);
    expect(digestDue('daily', since, new Date(since.getTime() + 24 * HOUR))).toBe(true);
    expect(digestDue('weekly', since, new Date(since.getTime() + 6 * 24 * HOUR))).toBe(false);
    expect(digestDue('weekly', since, new Date(since.getTime() + 7 * 24 * HOUR))).toBe(true);
    expect(alertDue('hourly', since, new Date(since.getTime() + 59 * 60_000))).toBe(false);
    expect(alertDue('hourly', since, new Date(since.getTime() + HOUR))).toBe(true);
    expect(alertDue('daily', since, new Date(since.getTime() + 2 * HOUR))).toBe(false);
    expect(retryDelayMs(1)).toBe(60_000);
    expect(retryDelayMs(3)).toBe(240_000);
    expect(retryDelayMs(20)).toBe(16 * 60_000);
  });

  it('puts in a digest the stories of the window, language and topics', () => {
    const at = (h: number) => new Date(Date.UTC(2026, 11, 1, h));
    const stories = [
      { slug: 'a', language: 'fr' as const, publishedAt: at(1), topics: ['energie'] },
      { slug: 'a', language: 'en' as const, publishedAt: at(1), topics: ['energie'] },
      { slug: 'b', language: 'fr' as const, publishedAt: at(3), topics: ['culture'] },
      { slug: 'c', language: 'fr' as const, publishedAt: at(5), topics: [] },
    ];
    const slugs = (s: { slug: string }[]) => s.map((x) => x.slug);
    expect(slugs(storiesFor(stories, { language: 'fr', topics: [] }, at(0), at(4)))).toEqual(['a', 'b']);
    expect(slugs(storiesFor(stories, { language: 'fr', topics: ['culture'] }, at(0), at(6)))).toEqual(['b']);
    expect(slugs(storiesFor(stories, { language: 'en', topics: [] }, at(1), at(6)))).toEqual([]);
  });

  it('signs unsubscribe links; a changed id, kind or signature is refused', () => {
    const id = '0b6a4a3e-2f0c-4c55-9a51-6d7f0c1e2a3b';
    const token = unsubscribeToken('secret-1', 's', id);
    expect(readUnsubscribeToken('secret-1', token)).toEqual({ kind: 's', id });
    expect(readUnsubscribeToken('secret-2', token)).toBeNull();
    expect(readUnsubscribeToken('secret-1', token.replace(/^s/, 'a'))).toBeNull();
    expect(
      readUnsubscribeToken('secret-1', token.replace(id, '1b6a4a3e-2f0c-4c55-9a51-6d7f0c1e2a3b')),
    ).toBeNull();
    expect(readUnsubscribeToken('secret-1', `${token}x`)).toBeNull();
    expect(readUnsubscribeToken('secret-1', 42)).toBeNull();
    const confirm = newConfirmToken();
    expect(hashToken(confirm.token)).toBe(confirm.hash);
    expect(confirm.hash).not.toContain(confirm.token);
  });

  it('checks an edition’s input', () => {
    expect(parseEditionInput({ intro: { fr: ' Bonjour ', en: 'Hello' } })).toEqual({
      ok: true,
      intro: { fr: 'Bonjour', en: 'Hello' },
      slugs: null,
    });
    expect(parseEditionInput({ intro: { fr: 'x'.repeat(5001) } })).toMatchObject({
      ok: false,
      problem: 'intro',
    });
    expect(parseEditionInput({ stories: ['a', 'a', 'b'] })).toMatchObject({ ok: true, slugs: ['a', 'b'] });
    expect(parseEditionInput({ stories: ['../etc'] })).toMatchObject({ ok: false, problem: 'stories' });
  });

  it('tells a permanent SMTP refusal from a transient one', () => {
    expect(isPermanentMailFailure({ responseCode: 550 })).toBe(true);
    expect(isPermanentMailFailure({ responseCode: 451 })).toBe(false);
    expect(isPermanentMailFailure(new Error('ECONNRESET'))).toBe(false);
  });
});

describe('newsletter email', () => {
  const model: MailModel = {
    language: 'en',
    subject: 'New stories',
    preheader: 'Two stories',
    heading: 'New stories',
    intro: ['Hello <b>readers</b> & friends'],
    items: [
      {
        title: 'Wind "farm" <script>alert(1)</script>',
        text: 'A standfirst',
        url: 'https://portal.example/en/stories/wind',
        imageUrl: 'https://portal.example/media/previews/v1/poster.jpg',
        date: new Date('2026-12-06T10:00:00Z'),
      },
      { title: 'Bad link', text: '', url: 'javascript:alert(1)' },
    ],
    why: 'Because you subscribed.',
    unsubscribe: { text: 'Unsubscribe', url: 'https://portal.example/en/newsletter/unsubscribe?token=s.x.y' },
  };
  const mail = renderMail(model);

  it('is tables with inlined styles, a dark-mode block and escaped text', () => {
    expect(mail.html).toMatch(/<table role="presentation" class="outer" width="100%"/);
    expect(mail.html).toMatch(/<h1 style="[^"]*font-size: 28px/);
    expect(mail.html).toMatch(/<style>[\s\S]*@media \(prefers-color-scheme: dark\)[\s\S]*!important/);
    expect(mail.html).toContain('<meta name="color-scheme" content="light dark">');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Wind &quot;farm&quot; &lt;script&gt;');
    expect(mail.html).toContain('Hello &lt;b&gt;readers&lt;/b&gt; &amp; friends');
    expect(mail.html).not.toContain('javascript:');
    expect(mail.html).toMatch(/<img[^>]+alt="Wind/);
  });

  it('has a text part with every link in full', () => {
    expect(mail.text).toContain('* Wind "farm" <script>alert(1)</script>');
    expect(mail.text).toContain('https://portal.example/en/stories/wind');
    expect(mail.text).toContain('Unsubscribe: https://portal.example/en/newsletter/unsubscribe?token=s.x.y');
    expect(mail.text).not.toContain('javascript:');
  });

  it('renders each reader of a shared mail as if alone, inlining the shared HTML once', () => {
    const render = createMailRenderer();
    const readers = ['s.x.y', 's.a.b', 'q&r<"s'].map((token) => ({
      ...model,
      unsubscribe: {
        text: 'Unsubscribe',
        url: `https://portal.example/en/newsletter/unsubscribe?token=${token}`,
      },
    }));
    for (const reader of readers) expect(render(reader)).toEqual(renderMail(reader));
    // A different mail is not confused with the first one.
    const other = { ...readers[0], heading: 'Other news' } as MailModel;
    expect(render(other)).toEqual(renderMail(other));
    expect(render(other).html).toContain('Other news');
  });
});
