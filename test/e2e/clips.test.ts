/** End to end in Chromium: mark in and out with the keys, make the clip, download it, count its frames. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameToTimecode } from '../../src/lib/timecode/timecode.ts';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { countFrames, startTimecode } from '../support/clip-checks.ts';
import { createStory, ingestAndWait, signedInCookie } from '../support/downloads.ts';
import { h264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { scaled } from '../support/time-scale.ts';

describe('clip editor in Chromium', () => {
  let t: TestPortal;
  let browser: TestBrowser;
  let videoId = '';
  beforeAll(async () => {
    t = await startTestPortal('pglite', { demo: false });
    // Videos are visible only through a published story (downloads/video-access.ts).
    await createStory(t.portal, 'clip-me', '2026-01-05T10:00:00Z');
    videoId = await ingestAndWait(t.portal, {
      path: await h264Mp4Master(),
      title: 'Clip me',
      story: 'clip-me',
    });
    browser = await launchBrowser();
    const cookie = await signedInCookie(t.baseUrl, t.dataDir, 'editor-e2e@example.org');
    const { hostname } = new URL(t.baseUrl);
    await browser.context.addCookies(
      cookie.split('; ').map((pair) => {
        const [name = '', value = ''] = pair.split('=');
        return { name, value, domain: hostname, path: '/', httpOnly: true, sameSite: 'Lax' as const };
      }),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('marks in and out with I and O, makes the clip and downloads it with the right frames', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${t.baseUrl}/en/videos/${videoId}`);
    const player = page.locator('.player');
    await expect.poll(() => player.getAttribute('class')).toContain('player-enhanced');
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, undefined, {
      timeout: scaled(30_000),
    });

    // Go to 10:00:00:37 by typing it, then mark in with I.
    await page.fill('input[name="in"]', '10:00:00:37');
    await page.locator('input[name="in"]').press('Tab');
    await expect.poll(() => player.getAttribute('data-frame')).toBe('37');
    await player.focus();
    await page.keyboard.press('i');
    // Step 149 frames forward (past the next keyframe at 100), then mark out with O: the frame on
    // screen is the last one included (Avid, Premiere), so the clip holds 150 frames.
    for (let i = 0; i < 149; i += 1) {
      const before = await player.getAttribute('data-frame');
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => player.getAttribute('data-frame')).not.toBe(before);
    }
    await page.keyboard.press('o');
    const format = { rate: { num: 50, den: 1 }, dropFrame: false };
    expect(await page.inputValue('input[name="in"]')).toBe(frameToTimecode(37, '10:00:00:00', format));
    expect(await page.inputValue('input[name="out"]')).toBe(frameToTimecode(186, '10:00:00:00', format));
    expect(await page.locator('[data-duration]').textContent()).toContain('150 frames');
    expect(new URL(page.url()).searchParams.get('in')).toBe('10:00:00:37');

    const download = page.waitForEvent('download', { timeout: scaled(120_000) });
    await page.getByRole('button', { name: 'Prepare and download' }).click();
    const file = await download;
    const path = await file.path();
    expect(await countFrames(path)).toBe(150);
    expect(await startTimecode(path)).toBe('10:00:00:37');
    expect(file.suggestedFilename()).toMatch(/\.mp4$/);
  });
});
