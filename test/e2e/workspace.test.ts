/**
 * End to end in Chromium, the journalist's video page (issue 15): it opens at the top, signed-out
 * download buttons lead to sign-in and, through registration, back to the video with its selection,
 * the keys work from anywhere but text fields, one → is one frame after a click on the picture, and
 * the per-frame timecode is not a live region.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameToTimecode } from '../../src/lib/timecode/timecode.ts';
import { GOOD_PASSWORD } from '../support/accounts.ts';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { createStory, ingestAndWait, signedInCookie } from '../support/downloads.ts';
import { h264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { extractCode, startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { scaled } from '../support/time-scale.ts';

const FORMAT = { rate: { num: 50, den: 1 }, dropFrame: false };
const tc = (frame: number) => frameToTimecode(frame, '10:00:00:00', FORMAT);

describe('video page as a journalist uses it, in Chromium', () => {
  let t: TestPortal;
  let smtp: TestSmtp;
  let signedIn: TestBrowser;
  let signedOut: TestBrowser;
  let videoId = '';
  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestPortal('pglite', { demo: false, env: { SMTP_URL: smtp.url } });
    // Videos are visible only through a published story (downloads/video-access.ts).
    await createStory(t.portal, 'workspace', '2026-01-05T10:00:00Z');
    videoId = await ingestAndWait(t.portal, {
      path: await h264Mp4Master(),
      title: 'Workspace',
      story: 'workspace',
    });
    signedIn = await launchBrowser();
    signedOut = await launchBrowser();
    const cookie = await signedInCookie(t.baseUrl, t.dataDir, 'workspace-e2e@example.org');
    const { hostname } = new URL(t.baseUrl);
    await signedIn.context.addCookies(
      cookie.split('; ').map((pair) => {
        const [name = '', value = ''] = pair.split('=');
        return { name, value, domain: hostname, path: '/', httpOnly: true, sameSite: 'Lax' as const };
      }),
    );
  });
  afterAll(async () => {
    await signedIn?.close();
    await signedOut?.close();
    await t?.stop();
    await smtp?.close();
  });

  async function openPlayer(page: Page, path: string): Promise<void> {
    await page.goto(`${t.baseUrl}${path}`);
    await expect.poll(() => page.locator('.player').getAttribute('class')).toContain('player-enhanced');
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, undefined, {
      timeout: scaled(30_000),
    });
  }

  for (const viewport of [
    { width: 1366, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`opens signed in at the top at ${viewport.width}×${viewport.height}`, async () => {
      const page = await signedIn.context.newPage();
      await page.setViewportSize(viewport);
      await openPlayer(page, `/en/videos/${videoId}`);
      await page.waitForLoadState('load');
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      expect(new URL(page.url()).hash).toBe('');
      const box = await page.locator('.player video').boundingBox();
      expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
      expect(box?.y ?? viewport.height).toBeLessThan(viewport.height);
      await page.close();
    });
  }

  it('keys work from anywhere but text fields, I/O on a radio, one frame per → after a click', async () => {
    const page = await signedIn.context.newPage();
    await page.setViewportSize({ width: 1366, height: 900 });
    await openPlayer(page, `/en/videos/${videoId}`);
    const player = page.locator('.player');
    // Nothing focused (the body): → steps one frame.
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => player.getAttribute('data-frame')).toBe('1');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => player.getAttribute('data-frame')).toBe('2');
    // In a text field the keys are the field's.
    await page.locator('input[name="out"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(300);
    expect(await player.getAttribute('data-frame')).toBe('2');
    // I and O on a format radio mark in and out.
    await page.locator('input[name="profile"][value="web"]').focus();
    await page.keyboard.press('i');
    expect(await page.inputValue('input[name="in"]')).toBe(tc(2));
    await page.keyboard.press('o');
    expect(await page.inputValue('input[name="out"]')).toBe(tc(2));

    // A click on the picture (plays), K stops; then → is exactly one frame.
    await page.locator('.player video').click({ position: { x: 200, y: 150 } });
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.3);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('VIDEO');
    await page.keyboard.press('k');
    await page.waitForFunction(() => {
      const v = document.querySelector('video');
      const shown = document.querySelector<HTMLElement>('.player')?.dataset.frame;
      return v?.paused === true && !v.seeking && shown === String(Math.floor(v.currentTime * 50 + 1e-3));
    });
    await page.waitForTimeout(300);
    const before = Number(await player.getAttribute('data-frame'));
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => player.getAttribute('data-frame')).not.toBe(String(before));
    await page.waitForTimeout(500);
    expect(Number(await player.getAttribute('data-frame'))).toBe(before + 1);
    await page.close();
  });

  it('shows the timecode with a name but outside any live region', async () => {
    const page = await signedIn.context.newPage();
    await openPlayer(page, `/en/videos/${videoId}`);
    const cdp = await page.context().newCDPSession(page);
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', {
      nodeId: root.nodeId,
      selector: '[data-timecode]',
    });
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
    const node = nodes[0];
    const live = node?.properties?.find((p) => p.name === 'live')?.value.value;
    expect(live ?? 'off').toBe('off');
    expect(String(node?.name?.value ?? '')).toContain('Timecode');
    await page.close();
  });

  it('signed out, a download button leads to sign-in, then registration, then back to the selection', async () => {
    const page = await signedOut.context.newPage();
    const query = `?in=${encodeURIComponent(tc(10))}&out=${encodeURIComponent(tc(60))}`;
    const videoPath = `/en/videos/${videoId}${query}`;
    await page.goto(`${t.baseUrl}${videoPath}`);
    // On the story page too, back to the story.
    await page.goto(`${t.baseUrl}/en/stories/workspace`);
    const storyButton = page.locator('.downloads a[data-rendition="master"]');
    expect(await storyButton.getAttribute('download')).toBeNull();
    expect(await storyButton.getAttribute('href')).toBe(
      `/en/sign-in?returnTo=${encodeURIComponent('/en/stories/workspace')}`,
    );
    await page.goto(`${t.baseUrl}${videoPath}`);
    const button = page.locator('.downloads a[data-rendition="master"]');
    expect(await button.getAttribute('download')).toBeNull();
    await button.click();
    await page.waitForURL(/\/en\/sign-in\?returnTo=/);
    expect(new URL(page.url()).searchParams.get('returnTo')).toBe(videoPath);

    await page.getByRole('link', { name: 'Create an account' }).last().click();
    await page.waitForURL(/\/en\/register\?returnTo=/);
    expect(new URL(page.url()).searchParams.get('returnTo')).toBe(videoPath);
    const email = 'newcomer@example.org';
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByLabel('Confirm the password').fill(GOOD_PASSWORD);
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Newcomer');
    await page.getByLabel(/Organisation/).fill('Example Agency');
    await page.getByLabel('Country').selectOption('FR');
    await page.getByLabel(/I accept the terms/).check();
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.waitForURL(/\/en\/verify/);
    const code = extractCode(await smtp.waitForMessage(email));
    await page.getByLabel('Verification code').fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`**${videoPath}`);
    expect(await page.inputValue('input[name="in"]')).toBe(tc(10));
    expect(await page.inputValue('input[name="out"]')).toBe(tc(60));
    expect(
      await page.locator('.downloads a[data-rendition="master"]').getAttribute('download'),
    ).not.toBeNull();
    await page.close();
  });
});
