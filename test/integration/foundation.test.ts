/** The running portal, in each database mode: pages in both languages, API, health, demo videos. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Loads every feature, hence registers every catalog.
import '../../src/portal.ts';
import { MESSAGES } from '../../src/web/i18n/index.ts';
import { databaseModes } from '../support/databases.ts';
import { startTestPortal, type TestPortal, waitForDemoVideos } from '../support/portal.ts';
import { scaled } from '../support/time-scale.ts';

const DEMO_STORY_COUNT = 6;

/** Catalog strings that differ between the languages: one language's must not appear on the other's pages. */
function foreignStrings(lang: 'fr' | 'en'): string[] {
  const other = lang === 'fr' ? 'en' : 'fr';
  return Object.entries(MESSAGES[other])
    .filter(([key, value]) => value !== MESSAGES[lang][key] && !value.includes('{') && value.length > 6)
    .filter(([key]) => !key.startsWith('nav.switchTo'))
    .map(([, value]) => value);
}

function assertNoRawKeys(page: string) {
  for (const key of Object.keys(MESSAGES.fr)) expect(page).not.toContain(`>${key}<`);
}

describe.each(databaseModes())('portal on %s', (mode) => {
  let t: TestPortal;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}${path}`, { headers: { accept: 'text/html', ...headers }, redirect: 'manual' });

  // The embedded database gets the demo as `npm start` gives it (20-s videos); the server the same
  // demo with 4-s videos: its render and ingest are the same code, a fifth of the CPU beside the tests.
  const demo = mode === 'pglite' ? true : 'short';
  beforeAll(async () => {
    t = await startTestPortal(mode, { demo });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers health and readiness', async () => {
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(200);
  });

  it('redirects / by Accept-Language', async () => {
    const fr = await get('/', { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' });
    expect(fr.status).toBe(302);
    expect(fr.headers.get('location')).toBe('/fr/');
    const en = await get('/', { 'accept-language': 'en-US' });
    expect(en.headers.get('location')).toBe('/en/');
  });

  it.each(['fr', 'en'] as const)('lists the demo stories on /%s/ in that language only', async (lang) => {
    const response = await get(`/${lang}/`);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(`<html lang="${lang}">`);
    expect(page).toContain(MESSAGES[lang]['home.title']);
    expect(page.match(/<article class="card">/g)?.length).toBe(DEMO_STORY_COUNT);
    // The demo institution's logo, drawn by the demo and set as an admin's upload is.
    expect(page).toMatch(/<img src="\/settings\/logo-[0-9a-f]{16}\.png" alt="" width="160" height="160">/);
    expect(page).toContain(`hreflang="${lang === 'fr' ? 'en' : 'fr'}"`);
    for (const text of foreignStrings(lang)) expect(page, text).not.toContain(text);
    assertNoRawKeys(page);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('shows a story with date, standfirst, body, videos and a language switch that keeps the page', async () => {
    const api = await (await fetch(`${t.baseUrl}/api/v1/stories?lang=fr`)).json();
    expect(api.total).toBe(DEMO_STORY_COUNT);
    const slug = api.items[0].slug as string;
    const story = await (await fetch(`${t.baseUrl}/api/v1/stories/${slug}?lang=fr`)).json();
    const page = await (await get(`/fr/stories/${slug}`)).text();
    expect(page).toContain(`<h1>${story.title.replaceAll('’', '’')}</h1>`);
    expect(page).toContain('Publié le');
    expect(page).toContain('class="standfirst"');
    expect(page.match(/<div class="story-body"><p>/)).not.toBeNull();
    expect(page).toContain(`href="/en/stories/${slug}"`);
    expect(page).toContain('data-video-id="');
    const english = await (await get(`/en/stories/${slug}`)).text();
    expect(english).toContain('Published on');
    expect(english).toContain(`href="/fr/stories/${slug}"`);
  });

  it('shows the demo’s own photo gallery and audio item, uploaded through their services', async () => {
    // Renditions, the audio preview and its waveform are made by jobs: wait until both pages show them.
    const gallery = async () =>
      (await (await get('/en/stories/historic-lighthouse-restored-as-heritage-site')).text()).match(
        /<figure class="photo"/g,
      )?.length ?? 0;
    await expect.poll(gallery, { timeout: scaled(90_000), interval: 500 }).toBe(3);
    const lighthouse = await (await get('/fr/stories/historic-lighthouse-restored-as-heritage-site')).text();
    expect(lighthouse).toContain('La lanterne rallumée pour la première fois depuis 1987.');
    const vessel = () => get('/en/stories/new-research-vessel-launched-in-port-aurel').then((r) => r.text());
    await expect
      .poll(async () => (await vessel()).includes('<audio'), { timeout: scaled(90_000) })
      .toBe(true);
    expect(await vessel()).toContain('Port-Aurel harbour at dusk');
  });

  it('answers an unknown story with a localised 404 page and a JSON error for the API', async () => {
    const page = await get('/fr/stories/does-not-exist');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain(MESSAGES.fr['story.notFound']);
    const api = await fetch(`${t.baseUrl}/api/v1/stories/does-not-exist`, {
      headers: { 'accept-language': 'fr' },
    });
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({
      error: { code: 'not_found', message: MESSAGES.fr['story.notFound'] },
    });
  });

  it('validates API input with a message in the request language', async () => {
    const response = await fetch(`${t.baseUrl}/api/v1/stories?page=zero`, {
      headers: { 'accept-language': 'en' },
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toMatch(/^The request contains invalid data/);
  });

  it('describes the API in /api/v1/openapi.json', async () => {
    const doc = await (await fetch(`${t.baseUrl}/api/v1/openapi.json`)).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/stories', '/api/v1/stories/{slug}', '/api/v1/videos/{id}']),
    );
  });

  it('searches stories', async () => {
    const api = await (await fetch(`${t.baseUrl}/api/v1/stories?lang=en`)).json();
    const word = (api.items[0].title as string).split(' ').find((w) => w.length > 5) ?? '';
    const page = await (await get(`/en/search?q=${encodeURIComponent(word)}`)).text();
    expect(page).toMatch(/[1-9]\d* results? for/);
  });

  // Six 20-s 1080p50 masters through the whole pipeline take three minutes on two cores, and the
  // render and ingest code is the same for each: the first two (two picture variants) on PGlite, the
  // first one (4 s) on the server. All six, 4 s each, are rendered and ingested by the cli test's kill -9.
  it('renders the demo videos, ingests them and serves their posters and previews', {
    timeout: scaled(600_000),
  }, async () => {
    await waitForDemoVideos(t.portal, mode === 'pglite' ? 2 : 1);
    const api = await (await fetch(`${t.baseUrl}/api/v1/stories?lang=en`)).json();
    const story = await (await fetch(`${t.baseUrl}/api/v1/stories/${api.items[0].slug}?lang=en`)).json();
    const video = story.videos[0];
    expect(video).toMatchObject({ status: 'ready', fps: '50/1', startTimecode: '10:00:00:00' });
    expect(video.durationFrames).toBeGreaterThanOrEqual(demo === true ? 1000 : 200);
    const poster = await fetch(`${t.baseUrl}${video.posterUrl}`);
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
    expect((await poster.arrayBuffer()).byteLength).toBeGreaterThan(5000);
    expect(video.previewUrl).toBe(`/media/previews/${video.id}/master.m3u8`);
    const playlist = await fetch(`${t.baseUrl}${video.previewUrl}`);
    expect(playlist.status).toBe(200);
    expect(await playlist.text()).toMatch(/^#EXTM3U/);
    expect(video.renditions[0]).toMatchObject({ name: 'master', container: 'mp4', videoCodec: 'h264' });
    expect(video.renditions[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const page = await (await fetch(`${t.baseUrl}/en/videos/${video.id}`)).text();
    expect(page).toContain(video.renditions[0].sha256);
    expect(page).toContain('data-start-timecode="10:00:00:00"');
  });
});
