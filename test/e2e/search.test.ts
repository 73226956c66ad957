/**
 * The search page in Chromium, in both languages, at a desktop (1366×900) and a phone (390×844)
 * width: no sideways scroll, the filters work without JavaScript (a real form submission), a
 * suggestion link leads to results, a shot hit opens its video with the shot selected. Screenshots
 * go to $SEARCH_SCREENSHOTS when set (to look at them).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { seedSearchContent } from '../support/search-fixtures.ts';

const SIZES = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describe('search page in Chromium', () => {
  let t: TestPortal;
  let browser: TestBrowser;

  beforeAll(async () => {
    t = await startTestPortal('pglite', { demo: false });
    await seedSearchContent(t.portal.database.db);
    await t.portal.reindexSearch();
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  for (const lang of ['fr', 'en'] as const) {
    for (const size of SIZES) {
      it(`shows results, facets and filters without sideways scroll (${lang}, ${size.name})`, async () => {
        const page = await browser.context.newPage();
        await page.setViewportSize({ width: size.width, height: size.height });
        const query = lang === 'fr' ? 'plan OR Valmora' : 'harbour OR ocean';
        await page.goto(`${t.baseUrl}/${lang}/search?q=${encodeURIComponent(query)}`);
        await page.locator('.search-filters summary').click();
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow).toBeLessThanOrEqual(0);
        expect(await page.locator('.search-hit').count()).toBeGreaterThan(0);
        expect(await page.locator('.search-hit mark').count()).toBeGreaterThan(0);
        const dir = process.env.SEARCH_SCREENSHOTS;
        if (dir)
          await page.screenshot({ path: join(dir, `search-${lang}-${size.name}.png`), fullPage: true });
        // Filter to shots with the form itself (no script involved).
        await page.getByRole('checkbox', { name: lang === 'fr' ? /Plan/ : /Shot/ }).check();
        await page.getByRole('button', { name: lang === 'fr' ? 'Appliquer' : 'Apply' }).click();
        await page.waitForURL(/type=shot/);
        const types = await page.locator('.search-type').allTextContents();
        expect(types.length).toBeGreaterThan(0);
        expect(new Set(types)).toEqual(new Set([lang === 'fr' ? 'Plan' : 'Shot']));
        await page.close();
      });
    }
  }

  it('follows a suggestion and opens a shot hit on its shot', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${t.baseUrl}/fr/search?q=${encodeURIComponent('pilotte salue')}`);
    await page.getByRole('link', { name: 'pilote salue' }).click();
    await page.waitForURL(/q=pilote\+salue/);
    await page.locator('.search-hit a').first().click();
    await page.waitForURL(/\/fr\/videos\/vid-tug\?in=10%3A00%3A10%3A00&out=10%3A00%3A16%3A00/);
    const dir = process.env.SEARCH_SCREENSHOTS;
    if (dir) await page.screenshot({ path: join(dir, 'search-shot-opened.png') });
    await page.close();
  });
});
