/**
 * Pure parts of feeds, sitemaps and rich previews: XML text safety against hostile titles (control
 * characters, lone surrogates, repeated `]]>`, markup), the feed writer's output read back by a strict
 * XML reader and a feed parser, conditional-GET decisions, sitemap escaping and limits, robots.txt,
 * and JSON-LD that cannot close its script element.
 */
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { isoDuration, jsonLd } from '../../src/catalog/previews.ts';
import { clockDuration, plainSnippet } from '../../src/search/feed-items.ts';
import { atomXml, type FeedChannel, type FeedEntry, rssXml } from '../../src/search/feed-xml.ts';
import { etagOf, notModified } from '../../src/search/http-cache.ts';
import { robotsTxt, sitemapIndexXml, urlsetXml } from '../../src/search/sitemap-xml.ts';
import { cdataText, feedAttr, xmlChars, xmlEscape } from '../../src/search/xml-text.ts';
import { child, children, parseXml } from '../support/xml.ts';

const HOSTILE = 'A </script> "b" & \'c\' ]]> x ]]> y \u0001\u0008 \ud800 <b>z</b>';

const channel: FeedChannel = {
  title: 'Feed & <co>',
  description: 'D',
  link: 'https://h.example/en/',
  rssUrl: 'https://h.example/en/rss.xml?topic=a&q=b',
  atomUrl: 'https://h.example/en/atom.xml?topic=a&q=b',
  lang: 'en',
  author: 'Portal & co',
  home: 'https://h.example/en/',
  updated: new Date('2026-01-02T03:04:05Z'),
};
const entry: FeedEntry = {
  id: 'https://h.example/en/stories/x',
  title: HOSTILE,
  summary: HOSTILE,
  url: 'https://h.example/en/videos/v?in=10%3A00&out=11',
  publishedAt: new Date('2026-01-02T03:04:05Z'),
  image: 'https://h.example/p.jpg?a=1&b=<2>',
  videos: [
    {
      title: HOSTILE,
      url: 'https://h.example/m.m3u8?a=1&b=2',
      poster: 'https://h.example/p.jpg?a=1&b=<2>',
      durationSeconds: 6.4,
      label: 'Video: x (0:06)',
    },
  ],
  categories: ['Sea & <sky>'],
};
const CLEAN = 'A </script> "b" & \'c\' ]]> x ]]> y   <b>z</b>';

describe('XML text', () => {
  it('drops what XML cannot carry and escapes markup', () => {
    expect(xmlChars('a\u0000b\u000bc\td\ne\uffffé\ud83d\ude00\udc00')).toBe('abc\td\neé\ud83d\ude00');
    expect(xmlEscape('<a href="x">&\'</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(feedAttr('a&b<c>"d"')).toBe('a&amp;b&lt;c&gt;"d"');
    expect(cdataText('x]]>y]]>z')).toBe('x]]>y]]\u2060>z');
  });
});

describe('feed XML', () => {
  it('writes RSS 2.0 with Media RSS that a strict reader and a feed parser read back', async () => {
    const xml = rssXml(channel, [entry]);
    const root = parseXml(xml);
    const item = child(child(root, '', 'channel')!, '', 'item')!;
    const content = child(item, 'http://search.yahoo.com/mrss/', 'content')!;
    expect(content.attributes).toMatchObject({ url: 'https://h.example/m.m3u8?a=1&b=2', duration: '6' });
    expect(child(content, 'http://search.yahoo.com/mrss/', 'thumbnail')?.attributes.url).toBe(
      'https://h.example/p.jpg?a=1&b=<2>',
    );
    const feed = await new Parser().parseString(xml);
    expect(feed.title).toBe('Feed & <co>');
    expect(feed.items[0]?.title?.replace('\u2060', '')).toBe(CLEAN);
    expect(feed.items[0]?.link).toBe(entry.url);
  });

  it('writes Atom whose html-typed title renders as the text', async () => {
    const xml = atomXml(channel, [entry]);
    const root = parseXml(xml);
    const atom = 'http://www.w3.org/2005/Atom';
    const e = child(root, atom, 'entry')!;
    expect(child(e, atom, 'title')?.text).toContain('&lt;/script&gt; &quot;b&quot;');
    expect(children(e, atom, 'category')[0]?.attributes.term).toBe('Sea & <sky>');
    expect(children(e, atom, 'link').find((l) => l.attributes.rel === 'enclosure')?.attributes.type).toBe(
      'image/jpeg',
    );
    await expect(new Parser().parseString(xml)).resolves.toBeDefined();
  });

  it('formats durations and snippets', () => {
    expect(clockDuration(6.4)).toBe('0:06');
    expect(clockDuration(3725)).toBe('1:02:05');
    expect(plainSnippet('a <mark>b&amp;c</mark> &lt;d&gt; &#39;e&#39;')).toBe("a b&c <d> 'e'");
    expect(isoDuration(6)).toBe('PT6S');
    expect(isoDuration(3725)).toBe('PT1H2M5S');
    expect(isoDuration(120)).toBe('PT2M');
  });
});

describe('conditional GET', () => {
  const etag = etagOf('body');
  const at = new Date('2026-01-02T03:04:05.678Z');
  it('matches If-None-Match first, then If-Modified-Since to the second', () => {
    expect(notModified({ 'if-none-match': etag }, etag, at)).toBe(true);
    expect(notModified({ 'if-none-match': `"x", W/${etag}` }, etag, at)).toBe(true);
    expect(notModified({ 'if-none-match': '"x"', 'if-modified-since': at.toUTCString() }, etag, at)).toBe(
      false,
    );
    expect(notModified({ 'if-modified-since': at.toUTCString() }, etag, at)).toBe(true);
    expect(notModified({ 'if-modified-since': 'Fri, 02 Jan 2026 03:04:04 GMT' }, etag, at)).toBe(false);
    expect(notModified({ 'if-modified-since': 'not a date' }, etag, at)).toBe(false);
    expect(notModified({}, etag, at)).toBe(false);
    expect(etagOf('other')).not.toBe(etag);
  });
});

describe('sitemaps', () => {
  it('escape every value and keep the video extension within its limits', () => {
    const xml = urlsetXml([
      {
        loc: 'https://h.example/en/stories/a?x=1&y=2',
        lastmod: new Date('2026-01-02T03:04:05.678Z'),
        alternates: [{ hreflang: 'en', href: 'https://h.example/en/stories/a?x=1&y=2' }],
        videos: [
          {
            thumbnail: 'https://h.example/p.jpg',
            title: `${HOSTILE}${'x'.repeat(200)}`,
            description: '',
            contentLoc: 'https://h.example/m.m3u8',
            durationSeconds: 40_000,
            publishedAt: null,
          },
        ],
      },
    ]);
    const root = parseXml(xml);
    const url = child(root, 'http://www.sitemaps.org/schemas/sitemap/0.9', 'url')!;
    const video = child(url, 'http://www.google.com/schemas/sitemap-video/1.1', 'video')!;
    const text = (name: string) =>
      child(video, 'http://www.google.com/schemas/sitemap-video/1.1', name)?.text;
    expect([...(text('title') ?? '')]).toHaveLength(100);
    expect(text('description')).toBe(`${CLEAN}${'x'.repeat(200)}`);
    expect(text('duration')).toBe('28800');
    expect(child(url, 'http://www.sitemaps.org/schemas/sitemap/0.9', 'lastmod')?.text).toBe(
      '2026-01-02T03:04:05+00:00',
    );
    const index = parseXml(sitemapIndexXml([{ loc: 'https://h.example/sitemaps/a.xml?b&c' }]));
    expect(index.local).toBe('sitemapindex');
  });

  it('robots.txt names the sitemap and keeps crawlers out of private paths', () => {
    const lines = robotsTxt('https://h.example').split('\n');
    expect(lines).toContain('Sitemap: https://h.example/sitemap.xml');
    for (const path of ['/api/', '/fr/admin', '/en/account', '/en/videos/*/download'])
      expect(lines).toContain(`Disallow: ${path}`);
  });
});

describe('JSON-LD', () => {
  it('cannot close its script element and parses back to the same value', () => {
    const value = { headline: '</script><script>alert("x")</script> & \u2028' };
    const markup = jsonLd(value).value;
    const inner = markup.replace(/^<script type="application\/ld\+json">/, '').replace(/<\/script>$/, '');
    expect(inner).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(inner)).toEqual(value);
  });
});
