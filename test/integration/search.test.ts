/**
 * Search quality on a real portal, in each database mode: accents either way, French and English
 * plurals and stems, websearch syntax, a shotlist hit that opens the video on that shot, a story in
 * one language found from the other (after the page's own), facets, filters and dates, "did you mean",
 * what the viewer may not see, stable pages under publishing, bad input answered in FR and EN, and
 * photos (captions) and audio items (titles, descriptions) found on the stories that show them.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEEP_PARSED } from '../../src/platform/db/kept-statements.ts';
import { searchDb } from '../../src/search/db.ts';
import type { Lang } from '../../src/search/search.ts';
import { runSearch } from '../../src/search/service.ts';
import { databaseModes, freshDataDir } from '../support/databases.ts';
import { signedInCookie } from '../support/downloads.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { addStory, seedSearchContent } from '../support/search-fixtures.ts';

interface Item {
  type: string;
  id: string;
  lang: string;
  slug?: string;
  videoId?: string;
  in?: string;
  out?: string;
  title: string;
  snippet: string;
  publishedAt: string;
  durationFrames?: number;
  durationMs?: number;
  posterUrl?: string;
  url: string;
}
interface Answer {
  items: Item[];
  total: number;
  page: number;
  at: string;
  facets: { type: Record<string, number>; lang: Record<string, number>; topic: Record<string, number> };
  suggestion?: string;
}

describe.each(databaseModes())('search on %s', (mode) => {
  let t: TestPortal;
  const api = async (query: string, acceptLanguage = 'en') => {
    const response = await fetch(`${t.baseUrl}/api/v1/search?${query}`, {
      headers: { 'accept-language': acceptLanguage },
    });
    return {
      status: response.status,
      body: (await response.json()) as Answer & { error?: { code: string; message: string } },
    };
  };
  const find = async (lang: 'fr' | 'en', q: string, extra = '') => {
    const { status, body } = await api(`lang=${lang}&q=${encodeURIComponent(q)}${extra}`);
    expect(status, JSON.stringify(body)).toBe(200);
    return body;
  };
  const slugs = (answer: Answer) => answer.items.filter((i) => i.type === 'story').map((i) => i.slug);

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    await seedSearchContent(t.portal.database.db);
    await t.portal.reindexSearch();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('folds accents either way', async () => {
    expect(slugs(await find('fr', 'ocean'))).toContain('ministers-agree-ocean-monitoring-plan');
    expect(slugs(await find('fr', 'océan'))).toContain('ministers-agree-ocean-monitoring-plan');
    expect(slugs(await find('en', 'océan'))).toContain('ministers-agree-ocean-monitoring-plan');
    expect(slugs(await find('fr', 'SAUNIERS RECOLTENT'))).toEqual(['marais-salants-valmora']);
  });

  it('matches French and English plurals and stems', async () => {
    for (const q of ['phares', 'phare']) {
      expect(slugs(await find('fr', q))[0], q).toBe('historic-lighthouse-restored-as-heritage-site');
    }
    for (const q of ['lighthouses', 'lighthouse']) {
      expect(slugs(await find('en', q))[0], q).toBe('historic-lighthouse-restored-as-heritage-site');
    }
    expect(slugs(await find('en', 'simulators training'))).toEqual(['harbour-pilots-simulator']);
  });

  it('weights the title over the standfirst over the body', async () => {
    const answer = await find('en', 'simulator');
    const story = answer.items.find((i) => i.type === 'story');
    expect(story?.snippet).toContain('<mark>simulator</mark>');
  });

  it('understands quotes, -word and OR', async () => {
    const phrase = await find('en', '"sea level"');
    expect(slugs(phrase)).toContain('ministers-agree-ocean-monitoring-plan');
    expect(slugs(await find('en', '"level sea"'))).not.toContain('ministers-agree-ocean-monitoring-plan');
    const both = slugs(await find('en', 'lighthouse OR tugboat'));
    expect(both).toEqual(
      expect.arrayContaining(['historic-lighthouse-restored-as-heritage-site', 'harbour-pilots-simulator']),
    );
    const without = slugs(await find('en', 'ocean -buoys'));
    expect(without).not.toContain('ministers-agree-ocean-monitoring-plan');
  });

  it('finds a shotlist row and opens the video on that shot', async () => {
    const answer = await find('fr', 'pilote salue');
    const shot = answer.items.find((i) => i.type === 'shot');
    expect(shot).toMatchObject({
      videoId: 'vid-tug',
      id: 'vid-tug:2',
      in: '10:00:10:00',
      out: '10:00:16:00',
      durationFrames: 150,
    });
    expect(shot?.snippet).toContain('<mark>pilote</mark>');
    expect(shot?.url).toBe('/fr/videos/vid-tug?in=10%3A00%3A10%3A00&out=10%3A00%3A16%3A00#clip-vid-tug');
    const signedOut = await (await fetch(`${t.baseUrl}${shot?.url}`)).text();
    expect(signedOut).toContain(
      `returnTo=${encodeURIComponent('/fr/videos/vid-tug?in=10%3A00%3A10%3A00&out=10%3A00%3A16%3A00')}`,
    );
    const cookie = await signedInCookie(t.baseUrl, t.dataDir, `shot-${mode}@example.org`);
    const page = await fetch(`${t.baseUrl}${shot?.url}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="in" value="10:00:10:00"');
    expect(html).toContain('name="out" value="10:00:16:00"');
    const video = (await find('en', 'tugboat manoeuvring')).items.find((i) => i.type === 'video');
    expect(video).toMatchObject({ id: 'vid-tug', durationFrames: 400, url: '/en/videos/vid-tug' });
  });

  it('finds a story that exists only in the other language, after those in the page language', async () => {
    const fromFrench = await find('fr', 'tugboat simulator');
    expect(fromFrench.items[0]).toMatchObject({
      slug: 'harbour-pilots-simulator',
      lang: 'en',
      url: '/en/stories/harbour-pilots-simulator',
    });
    const valmora = await find('fr', 'Valmora', '&type=story');
    const langs = valmora.items.map((i) => i.lang);
    expect(langs).toContain('en');
    expect(langs.indexOf('en')).toBe(langs.length - 1);
    expect(langs.filter((l) => l === 'fr').length).toBeGreaterThan(1);
    // A story in both languages shows once, in the page's language.
    const ids = valmora.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(slugs(await find('en', 'sauniers'))).toEqual(['marais-salants-valmora']);
  });

  it('counts facets and filters by type, language and date', async () => {
    const all = await find('fr', 'Valmora');
    expect(all.facets.lang.en).toBe(1);
    expect(all.facets.type.story).toBe(all.items.filter((i) => i.type === 'story').length);
    const english = await find('fr', 'Valmora', '&language=en');
    expect(english.total).toBe(1);
    expect(english.facets.lang.fr).toBe(all.facets.lang.fr);
    const october = await find('fr', 'Valmora', '&from=2026-10-01&to=2026-10-01');
    expect(slugs(october)).toEqual(['marais-salants-valmora']);
    const shots = await find('en', 'harbour OR tugboat', '&type=shot');
    expect(shots.items.every((i) => i.type === 'shot')).toBe(true);
    expect(shots.facets.type.story).toBeGreaterThan(0);
    const byDate = await find('fr', 'Valmora', '&sort=date&type=story');
    const dates = byDate.items.map((i) => i.publishedAt);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('suggests a word from the indexed vocabulary for a typo', async () => {
    const en = await find('en', 'lighthuose');
    expect(en.total).toBe(0);
    expect(en.suggestion).toBe('lighthouse');
    const fr = await find('fr', 'remorqeur manoeuvre');
    expect(fr.suggestion).toMatch(/^remorqueur /);
    expect((await find('en', 'lighthouse')).suggestion).toBeUndefined();
  });

  it('shows only what the viewer may see', async () => {
    expect((await find('en', 'zeppelin')).total).toBe(0);
    expect((await find('fr', 'cormorans')).total).toBe(0);
    expect(slugs(await find('fr', 'oiseaux'))).toEqual(['birds-of-the-cape']);
    // An editor sees the embargoed video (the one video rule).
    const cookie = await signedInCookie(t.baseUrl, t.dataDir, `editor-${mode}@example.org`, {
      role: 'editor',
    });
    const staff = await fetch(`${t.baseUrl}/api/v1/search?lang=fr&q=cormorans`, { headers: { cookie } });
    expect(((await staff.json()) as Answer).items.map((i) => i.id)).toEqual(['vid-hidden']);
  });

  it('escapes everything but <mark> in snippets and titles', async () => {
    const answer = await find('en', 'quokka');
    const item = answer.items[0];
    expect(item?.snippet).toContain('<mark>');
    expect(item?.snippet).not.toMatch(/<(?!\/?mark>)/);
    const page = await (await fetch(`${t.baseUrl}/en/search?q=quokka`)).text();
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<b>census');
  });

  it('ranks a title hit over a standfirst hit over a body hit, however often the body says it', async () => {
    const db = t.portal.database.db;
    const story = (slug: string, day: string, en: { title: string; standfirst: string; body: string }) =>
      addStory(db, { slug, publishedAt: new Date(`2026-09-${day}T09:00:00Z`), en });
    await story('kestrel-body', '03', {
      title: 'Cliff survey',
      standfirst: 'Counting birds on the cape.',
      body: 'Kestrel nests. A kestrel hunts, kestrels hover, the kestrel calls, two kestrels fly.',
    });
    await story('kestrel-standfirst', '02', {
      title: 'Birds of prey return',
      standfirst: 'A kestrel pair is back on the cape.',
      body: 'Rangers counted them.',
    });
    await story('kestrel-title', '01', {
      title: 'Kestrel pair back on the cape',
      standfirst: 'Rangers are pleased.',
      body: 'Counted in spring.',
    });
    await t.portal.reindexSearch();
    const answer = await find('en', 'kestrel');
    expect(slugs(answer)).toEqual(['kestrel-title', 'kestrel-standfirst', 'kestrel-body']);
    // The body hit's snippet shows where the body says it.
    expect(answer.items[2]?.snippet).toContain('<mark>Kestrel</mark>');
  });

  it("draws a body hit's snippet from where a long body says it, marking each word it holds", async () => {
    const filler = 'The rangers walked the coastal path and counted what they saw along the way. '.repeat(40);
    await addStory(t.portal.database.db, {
      slug: 'ptarmigan-late',
      publishedAt: new Date('2026-09-04T09:00:00Z'),
      en: {
        title: 'Upland survey',
        standfirst: 'Counting birds.',
        body: `${filler}A ptarmigan in winter white.`,
      },
    });
    await t.portal.reindexSearch();
    const [hit] = (await find('en', 'ptarmigan')).items;
    expect(hit?.slug).toBe('ptarmigan-late');
    expect(hit?.snippet).toContain('<mark>ptarmigan</mark>');
    // Both words are in the body, far apart: the snippet marks the one it holds.
    const [both] = (await find('en', 'ptarmigan rangers')).items;
    expect(both?.snippet).toMatch(/<mark>(ptarmigan|rangers)<\/mark>/);
  });

  it('stops counting at the cap: the total and facets become lower bounds, the page stays full', async () => {
    const db = searchDb(t.portal.database.db);
    const access = async () => new Map<string, { see: boolean; watch: boolean }>();
    const exact = await runSearch(db, { q: 'Valmora' }, 'fr', access);
    const capped = await runSearch(db, { q: 'Valmora' }, 'fr', access, new Date(), 2);
    if (!exact.ok || !capped.ok) throw new Error('search failed');
    expect(exact.answer.total).toBeGreaterThan(2);
    expect(exact.answer).toMatchObject({ capped: false, facetsCapped: false });
    expect(capped.answer).toMatchObject({ total: 2, capped: true, facetsCapped: true });
    expect(capped.answer.items.map((i) => i.id)).toEqual(exact.answer.items.map((i) => i.id));
    const sum = (facet: Record<string, number>) => Object.values(facet).reduce((a, b) => a + b, 0);
    expect(sum(capped.answer.facets.type)).toBe(3);
    // A filter that leaves few enough matches is counted exactly, apart from the capped facets.
    const english = await runSearch(db, { q: 'Valmora', language: 'en' }, 'fr', access, new Date(), 2);
    if (!english.ok) throw new Error('search failed');
    expect(english.answer).toMatchObject({ total: 1, capped: false, facetsCapped: true });
    const exactCap = await runSearch(db, { q: 'Valmora' }, 'fr', access, new Date(), exact.answer.total);
    expect(exactCap.ok && exactCap.answer).toMatchObject({ total: exact.answer.total, capped: false });
  });

  it('writes the page with the count as its tiers do', async () => {
    // Up to the cap, the count's statement writes the page by relevance on PGlite (on a server, the
    // tiers do both times); past it, one statement a tier.
    const db = searchDb(t.portal.database.db);
    const access = async (ids: string[]) => new Map(ids.map((id) => [id, { see: true, watch: true }]));
    const cases: [Lang, string, Record<string, string>][] = [
      ['en', 'kestrel', {}],
      ['en', 'rangers', {}],
      ['en', 'counted birds', {}],
      ['fr', 'Valmora', {}],
      ['fr', 'Valmora', { type: 'story' }],
      ['fr', 'tugboat simulator', {}],
      ['fr', 'tugboat OR simulator OR Valmora', {}],
      ['en', 'harbour OR tugboat', {}],
      ['en', 'lighthouse', {}],
    ];
    for (const [lang, q, params] of cases) {
      const counted = await runSearch(db, { q, ...params }, lang, access);
      const tiers = await runSearch(db, { q, ...params }, lang, access, new Date(), 1);
      if (!counted.ok || !tiers.ok) throw new Error('search failed');
      expect(counted.answer.capped, q).toBe(false);
      expect(tiers.answer.capped, q).toBe(counted.answer.total > 1);
      expect(counted.answer.items, q).toEqual(tiers.answer.items);
    }
  });

  it('runs statements kept parsed (PGlite) as any other, errors and transactions included', async () => {
    const db = t.portal.database.db;
    const kept = sql.raw(KEEP_PARSED);
    const double = async (n: number) =>
      (await sql<{ v: number }>`${kept}SELECT ${n}::int * 2 AS v`.execute(db)).rows[0]?.v;
    expect([await double(2), await double(5)]).toEqual([4, 10]);
    const ratio = (n: number) => sql<{ v: number }>`${kept}SELECT 10 / ${n}::int AS v`.execute(db);
    await expect(ratio(0)).rejects.toMatchObject({ code: '22012' });
    expect((await ratio(5)).rows[0]?.v).toBe(2);
    // Prepared inside a transaction that rolls back, a kept statement stays usable.
    await expect(
      db.transaction().execute(async (tx) => {
        expect((await sql<{ v: number }>`${kept}SELECT ${3}::int + 1 AS v`.execute(tx)).rows[0]?.v).toBe(4);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await sql<{ v: number }>`${kept}SELECT ${5}::int + 1 AS v`.execute(db)).rows[0]?.v).toBe(6);
    expect(await double(7)).toBe(14);
    // A kept statement whose result columns change fails once, then is prepared again.
    await sql`CREATE TEMP TABLE kept_probe (a int)`.execute(db);
    const probe = () => sql`${kept}SELECT * FROM kept_probe WHERE a > ${0}`.execute(db);
    await probe();
    await sql`ALTER TABLE kept_probe ADD COLUMN b int`.execute(db);
    if (mode === 'pglite') await expect(probe()).rejects.toMatchObject({ code: '0A000' });
    expect((await probe()).rows).toEqual([]);
    await sql`DROP TABLE kept_probe`.execute(db);
  });

  it('keeps pages stable while stories are published', async () => {
    const first = await find('fr', 'Valmora');
    await new Promise((r) => setTimeout(r, 20));
    await addStory(t.portal.database.db, {
      slug: 'valmora-late-news',
      publishedAt: new Date(),
      fr: { title: 'Valmora : dernière minute', standfirst: 'Valmora.', body: 'Valmora.' },
    });
    await t.portal.reindexSearch();
    const again = await find('fr', 'Valmora', `&at=${encodeURIComponent(first.at)}`);
    expect(again.total).toBe(first.total);
    expect(again.items.map((i) => i.id)).toEqual(first.items.map((i) => i.id));
    expect((await find('fr', 'Valmora')).total).toBe(first.total + 1);
    // A snapshot time in the future is the present: scheduled stories stay out.
    const future = new Date(Date.now() + 30 * 86_400_000).toISOString();
    expect((await find('en', 'zeppelin', `&at=${encodeURIComponent(future)}`)).total).toBe(0);
  });

  it('answers bad input with a clear message in the request language, never a 500', async () => {
    const cases: [string, string, RegExp, RegExp][] = [
      ['q=', 'empty', /un ou plusieurs mots/, /one or more words/],
      ['q=%20%20', 'empty', /un ou plusieurs mots/, /one or more words/],
      [`q=${'a'.repeat(201)}`, 'too_long', /200 caractères/, /200 characters/],
      ['q=!!!%20%3F%3F', 'no_words', /ponctuation/, /punctuation/],
      ['q=ocean&type=podcast', 'invalid_type', /Type inconnu/, /Unknown type/],
      ['q=ocean&from=2026-13-01', 'invalid_date', /AAAA-MM-JJ/, /YYYY-MM-DD/],
      ['q=ocean&from=2026-10-02&to=2026-10-01', 'invalid_range', /début est après/, /start date is after/],
      ['q=ocean&page=0', 'invalid_page', /Page invalide/, /Invalid page/],
      ['q=ocean&sort=random', 'invalid_sort', /Tri inconnu/, /Unknown sort/],
    ];
    for (const [query, code, fr, en] of cases) {
      const inFrench = await api(query, 'fr');
      expect(inFrench.status, query).toBe(400);
      expect(inFrench.body.error?.code, query).toBe(code);
      expect(inFrench.body.error?.message, query).toMatch(fr);
      expect((await api(query, 'en')).body.error?.message, query).toMatch(en);
    }
    // Only stop words of the reading language (French "de" is an English word, and the reverse).
    for (const [query, message] of [
      ['lang=fr&q=le%20de%20la', /trop courants/],
      ['lang=en&q=the%20of%20and', /very common/],
    ] as const) {
      const { status, body } = await api(query, 'fr');
      expect(status, query).toBe(400);
      expect(body.error, query).toMatchObject({
        code: 'stop_words',
        message: expect.stringMatching(message),
      });
    }
    for (const query of ['q=%00', 'q=a%00b', 'q=%1F']) {
      const response = await fetch(`${t.baseUrl}/fr/search?${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.text(), query).toContain('caractères de contrôle');
    }
    const page = await fetch(`${t.baseUrl}/fr/search?q=le%20de`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('trop courants');
    const long = await fetch(`${t.baseUrl}/en/search?q=${'word '.repeat(2000)}`);
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('200 characters at most');
    const empty = await fetch(`${t.baseUrl}/en/search?q=`);
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain('Type one or more words');
  });

  it('renders the page in both languages with facets, filters and pages', async () => {
    const valmora = await (await fetch(`${t.baseUrl}/fr/search?q=Valmora`)).text();
    expect(valmora).toContain('<mark>Valmora</mark>');
    expect(valmora).toContain('Seulement en anglais');
    expect(valmora).toMatch(/En anglais <span class="facet-count">\(1\)<\/span>/);
    const fr = await (await fetch(`${t.baseUrl}/fr/search?q=plan`)).text();
    expect(fr).toContain('rel="next"');
    expect(fr).toMatch(/href="\/fr\/search\?q=plan&amp;page=2&amp;at=[^"]+"/);
    const next = /href="(\/fr\/search\?q=plan&amp;page=2&amp;at=[^"]+)"/
      .exec(fr)?.[1]
      ?.replaceAll('&amp;', '&');
    const second = await (await fetch(`${t.baseUrl}${next}`)).text();
    expect(second).toContain('rel="prev"');
    expect(second).toMatch(/Page 2 sur \d+/);
    const en = await (await fetch(`${t.baseUrl}/en/search?q=lighthuose`)).text();
    expect(en).toContain('Did you mean:');
    expect(en).toContain('/en/search?q=lighthouse');
  });

  it('rebuilds the index from the owners', async () => {
    const { documents } = await t.portal.reindexSearch();
    expect(documents).toBeGreaterThan(20);
    expect(slugs(await find('en', 'lighthouse'))[0]).toBe('historic-lighthouse-restored-as-heritage-site');
  });

  it('finds photos by caption and audio by title and description, on the story that shows them', async () => {
    const db = t.portal.database.db;
    const story = await addStory(db, {
      slug: 'cormorant-colony',
      publishedAt: new Date('2026-10-20T09:00:00Z'),
      fr: { title: 'La colonie de la falaise', standfirst: 'Au nord.', body: 'Texte.' },
      en: { title: 'The cliff colony', standfirst: 'Up north.', body: 'Text.' },
    });
    const hidden = await addStory(db, {
      slug: 'scheduled-cormorants',
      publishedAt: new Date(Date.now() + 7 * 86_400_000),
      en: { title: 'Later', standfirst: 'Later.', body: 'Later.' },
    });
    const photo = (id: string, fr: string, en: string, n: number) => ({
      id,
      status: 'ready' as const,
      original_sha256: String(n).repeat(64),
      original_path: `photos/${id}.jpg`,
      original_name: `${id}.jpg`,
      format: 'jpeg' as const,
      size: 1000,
      width: 640,
      height: 480,
      caption_fr: fr,
      caption_en: en,
      renditions: '[]',
    });
    await db
      .insertInto('photos')
      .values([
        photo(
          'ph-cormorans',
          'Des cormorans sèchent leurs ailes sur les rochers',
          'Cormorants drying their wings on the rocks',
          1,
        ),
        photo('ph-later', 'Cormorans au nid', 'Nesting cormorants', 2),
        photo('ph-loose', 'Cormorans seuls', 'Lonely cormorants', 3),
      ])
      .execute();
    await db
      .insertInto('audio')
      .values({
        id: 'au-foghorn',
        status: 'ready',
        original_sha256: '4'.repeat(64),
        original_path: 'audio/au-foghorn.wav',
        original_name: 'foghorn.wav',
        format: 'wav',
        codec: 'pcm_s16le',
        size: 1000,
        sample_rate: 48000,
        channels: 2,
        duration_ms: 83_000,
        title_fr: 'La corne de brume du phare',
        title_en: 'The lighthouse foghorn',
        description_fr: 'Enregistrée par temps de brouillard épais.',
        description_en: 'Recorded in thick fog.',
      })
      .execute();
    await db
      .insertInto('story_photos')
      .values([
        { story_id: story, photo_id: 'ph-cormorans', position: 0 },
        { story_id: hidden, photo_id: 'ph-later', position: 0 },
      ])
      .execute();
    await db
      .insertInto('story_audio')
      .values({ story_id: story, audio_id: 'au-foghorn', position: 1 })
      .execute();
    await t.portal.reindexSearch();

    // Stems and accents in the caption, in each language; only the published story's photo.
    for (const [lang, q] of [
      ['fr', 'cormoran'],
      ['en', 'cormorant wing'],
    ] as const) {
      const answer = await find(lang, q);
      const photos = answer.items.filter((i) => i.type === 'photo');
      expect(
        photos.map((i) => i.id),
        `${lang} ${q}`,
      ).toEqual(['ph-cormorans']);
      expect(photos[0]).toMatchObject({
        slug: 'cormorant-colony',
        url: `/${lang}/stories/cormorant-colony#photo-ph-cormorans`,
        posterUrl: '/api/v1/photos/ph-cormorans/renditions/thumb/file',
      });
      expect(`${photos[0]?.snippet ?? ''}${photos[0]?.title ?? ''}`).not.toBe('');
      expect(answer.facets.type.photo).toBe(1);
    }
    const sound = await find('en', 'foghorns fog', '&type=audio');
    expect(sound.items.map((i) => [i.type, i.id])).toEqual([['audio', 'au-foghorn']]);
    expect(sound.items[0]).toMatchObject({
      durationMs: 83_000,
      url: '/en/stories/cormorant-colony#audio-au-foghorn',
    });
    expect(sound.items[0]?.snippet).toContain('<mark>fog</mark>');
    const french = await find('fr', 'brouillard');
    expect(french.items.find((i) => i.type === 'audio')?.title).toBe('La corne de brume du phare');
    // The type filter, and the page showing them with their kind and length.
    expect((await find('en', 'cormorants', '&type=audio')).total).toBe(0);
    const page = await (await fetch(`${t.baseUrl}/fr/search?q=corne+de+brume`)).text();
    expect(page).toContain('#audio-au-foghorn');
    expect(page).toMatch(/search-type-audio">Son</);
    expect(page).toContain('Durée 1:23');
    // The search feed carries them too, as a feed parser reads it: a link to the figure, the thumbnail.
    const feed = await new Parser().parseString(
      await (await fetch(`${t.baseUrl}/en/rss.xml?q=cormorant+OR+foghorn`)).text(),
    );
    expect(feed.items.map((i) => new URL(i.link ?? '').hash).sort()).toEqual([
      '#audio-au-foghorn',
      '#photo-ph-cormorans',
    ]);
    expect(feed.items.find((i) => i.link?.endsWith('#photo-ph-cormorans'))?.enclosure?.url).toMatch(
      /\/api\/v1\/photos\/ph-cormorans\/renditions\/thumb\/file$/,
    );
    // An edited caption and audio title are searchable at once (no reindex).
    const cookie = await signedInCookie(t.baseUrl, t.dataDir, `captions-${mode}@example.org`, {
      role: 'editor',
    });
    const patch = (path: string, body: unknown) =>
      fetch(`${t.baseUrl}/api/v1${path}`, {
        method: 'PATCH',
        headers: { cookie, origin: t.baseUrl, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await patch('/photos/ph-cormorans', { caption: { en: 'Pelicans on the rocks' } })).status).toBe(
      200,
    );
    expect((await patch('/audio/au-foghorn', { translations: { en: { title: 'The siren' } } })).status).toBe(
      200,
    );
    expect((await find('en', 'pelican')).items.map((i) => i.id)).toEqual(['ph-cormorans']);
    expect((await find('en', 'siren', '&type=audio')).items.map((i) => i.id)).toEqual(['au-foghorn']);
  });
});

describe('portal search reindex', () => {
  it('rebuilds the index directly when no portal runs, through the running portal otherwise', async () => {
    const bin = resolve(import.meta.dirname, '../../bin/portal.js');
    const data = await freshDataDir('pglite');
    try {
      // Asynchronous: the running portal answering the operator call lives in this process.
      const run = () =>
        promisify(execFile)(process.execPath, [bin, 'search', 'reindex'], {
          env: { ...process.env, DATA_DIR: data.dataDir, DEMO: '0', LOG_LEVEL: 'warn' },
          encoding: 'utf8',
          timeout: 300_000,
        });
      const direct = await run();
      expect(direct.stdout).toMatch(/search index rebuilt: 0 documents/);
      const t = await startTestPortal('pglite', { demo: false, env: { DATA_DIR: data.dataDir } });
      try {
        await seedSearchContent(t.portal.database.db);
        const through = await run();
        expect(through.stdout).toMatch(/search index rebuilt: \d{2,} documents/);
        const answer = await (await fetch(`${t.baseUrl}/api/v1/search?lang=en&q=lighthouses`)).json();
        expect(answer.items[0].slug).toBe('historic-lighthouse-restored-as-heritage-site');
      } finally {
        await t.portal.stop();
      }
    } finally {
      await data.cleanup();
    }
  }, 800_000);
});
