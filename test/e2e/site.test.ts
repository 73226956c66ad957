/**
 * End to end in Chromium: home in both languages, follow a story, switch language on the story, and
 * read the story's link-preview tags (Open Graph, Twitter card) in each language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { startTestPortal, type TestPortal, waitForDemoVideos } from '../support/portal.ts';

describe('site in Chromium', () => {
  let t: TestPortal;
  let browser: TestBrowser;
  beforeAll(async () => {
    t = await startTestPortal('pglite', { demo: 'short' });
    browser = await launchBrowser({ locale: 'fr-FR' });
    // Every story's preview image is its first video's poster: the videos are made first.
    await waitForDemoVideos(t.portal);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  /** The Open Graph and Twitter card tags of the page, as Chromium parsed them. */
  const previewTags = (page: import('playwright-core').Page) =>
    page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('meta[property^="og:"], meta[name^="twitter:"]')].map((meta) => [
          meta.getAttribute('property') ?? meta.getAttribute('name') ?? '',
          meta.getAttribute('content') ?? '',
        ]),
      ),
    ) as Promise<Record<string, string | undefined>>;

  /** The preview image is served by the portal, as an image (fetched by its path: the test's port). */
  const expectImage = async (url: string | undefined) => {
    expect(url).toMatch(/^https?:\/\//);
    const answer = await fetch(`${t.baseUrl}${new URL(url ?? '').pathname}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^image\//);
  };

  it('opens home in both languages, follows a story and switches language', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });

    await page.goto(`${t.baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/fr/');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Dernières actualités');
    expect(await page.locator('main article.card').count()).toBe(6);

    // Keyboard: the first Tab reaches the skip link, which moves focus to the main landmark.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');

    const firstTitle = page.locator('main article.card h2 a').first();
    const frenchTitle = (await firstTitle.textContent()) ?? '';
    await firstTitle.click();
    await page.waitForURL(/\/fr\/stories\//);
    expect(await page.locator('h1').textContent()).toBe(frenchTitle);
    expect(await page.locator('.story-body p').count()).toBeGreaterThan(2);
    const slugPath = new URL(page.url()).pathname.replace('/fr', '');
    // What a link pasted in a chat shows: the story's title, image and language, from the page.
    const frenchCard = await previewTags(page);
    expect(frenchCard['og:title']).toBe(frenchTitle);
    expect(frenchCard['og:locale']).toBe('fr_FR');
    expect(frenchCard['og:type']).toBe('article');
    expect(new URL(frenchCard['og:url'] ?? '').pathname).toBe(`/fr${slugPath}`);
    expect(frenchCard['og:description']?.length).toBeGreaterThan(20);
    await expectImage(frenchCard['og:image']);

    await page.getByRole('link', { name: 'Read this page in English' }).click();
    await page.waitForURL(`**/en${slugPath}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const englishTitle = await page.locator('h1').textContent();
    expect(englishTitle).not.toBe(frenchTitle);
    expect(await page.locator('.meta time').first().textContent()).toMatch(/^Published on /);
    const englishCard = await previewTags(page);
    expect(englishCard['og:title']).toBe(englishTitle);
    expect(englishCard['og:locale']).toBe('en_GB');
    expect(englishCard['og:locale:alternate']).toBe('fr_FR');
    expect(englishCard['og:description']).not.toBe(frenchCard['og:description']);
    expect(englishCard['twitter:title']).toBe(englishTitle);
    await expectImage(englishCard['og:image']);

    await page.getByRole('link', { name: 'Media Portal' }).click();
    await page.waitForURL('**/en/');
    expect(await page.locator('h1').textContent()).toBe('Latest news');
    expect(errors).toEqual([]);
  });

  it('lays out on a phone without horizontal scrolling', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${t.baseUrl}/en/`);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
