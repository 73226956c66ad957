/** End to end in Chromium: home in both languages, follow a story, switch language on the story. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

describe('site in Chromium', () => {
  let t: TestPortal;
  let browser: TestBrowser;
  beforeAll(async () => {
    t = await startTestPortal('pglite', { demo: 'short' });
    browser = await launchBrowser({ locale: 'fr-FR' });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

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

    await page.getByRole('link', { name: 'Read this page in English' }).click();
    await page.waitForURL(`**/en${slugPath}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const englishTitle = await page.locator('h1').textContent();
    expect(englishTitle).not.toBe(frenchTitle);
    expect(await page.locator('.meta time').first().textContent()).toMatch(/^Published on /);

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
