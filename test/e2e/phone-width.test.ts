/**
 * End to end in Chromium at a phone's width (390×844), in both languages: no page of the journalist's
 * path or of the back office scrolls sideways (wide tables scroll inside their own box).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { createStory, ingestAndWait, signedInCookie } from '../support/downloads.ts';
import { smallH264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

describe('pages at a phone width, in Chromium', () => {
  let t: TestPortal;
  let browser: TestBrowser;
  let videoId = '';
  const cookies: Record<'journalist' | 'editor', string> = { journalist: '', editor: '' };

  beforeAll(async () => {
    t = await startTestPortal('pglite', { demo: false });
    await createStory(t.portal, 'phone', '2026-01-05T10:00:00Z');
    videoId = await ingestAndWait(t.portal, {
      path: await smallH264Mp4Master({ seconds: 12 }),
      title: 'Phone',
      story: 'phone',
    });
    cookies.journalist = await signedInCookie(t.baseUrl, t.dataDir, 'phone-journalist@example.org');
    cookies.editor = await signedInCookie(t.baseUrl, t.dataDir, 'phone-editor@example.org', {
      role: 'editor',
    });
    // A download in the history, so that its table has a row.
    await fetch(`${t.baseUrl}/api/v1/videos/${videoId}/renditions/master/file`, {
      headers: { cookie: cookies.journalist, range: 'bytes=0-99' },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  const pages = (): [string, 'journalist' | 'editor', string][] => [
    ['home', 'journalist', '/'],
    ['story', 'journalist', '/stories/phone'],
    ['video', 'journalist', `/videos/${videoId}`],
    ['download history', 'journalist', '/account/downloads'],
    ['account', 'journalist', '/account'],
    ['back office videos', 'editor', '/admin/videos'],
    ['back office upload', 'editor', '/admin/upload'],
  ];

  it.each(['fr', 'en'])('no page scrolls sideways at 390×844 (%s)', async (lang) => {
    const { hostname } = new URL(t.baseUrl);
    const tooWide: string[] = [];
    for (const [name, who, path] of pages()) {
      await browser.context.clearCookies();
      await browser.context.addCookies(
        cookies[who].split('; ').map((pair) => {
          const [cookieName = '', value = ''] = pair.split('=');
          return { name: cookieName, value, domain: hostname, path: '/' };
        }),
      );
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      const response = await page.goto(`${t.baseUrl}/${lang}${path}`);
      expect(response?.status(), name).toBe(200);
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        view: document.documentElement.clientWidth,
      }));
      if (widths.scroll > widths.view) {
        const culprit = await page.evaluate((limit) => {
          const all = [...document.querySelectorAll('body *')] as HTMLElement[];
          const wide = all.filter((el) => el.getBoundingClientRect().right > limit + 0.5);
          const leaf = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
          return leaf
            .slice(0, 3)
            .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
            .join(', ');
        }, widths.view);
        tooWide.push(`${name}: ${widths.scroll}px wide at ${widths.view}px (${culprit})`);
      }
      await page.close();
    }
    expect(tooWide).toEqual([]);
  });
});
