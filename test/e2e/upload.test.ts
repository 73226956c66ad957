/**
 * End to end in Chromium (English): an editor opens /en/admin/upload, signs in and comes back, starts
 * uploading a master on a throttled link, sees progress, pauses, reloads the page, picks the same
 * file and the upload resumes from where the server stopped (not from 0), survives the browser going
 * offline for a moment, finishes, and the video shows in /en/admin/videos, then becomes ready there.
 * No console or CSP errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { GOOD_PASSWORD } from '../support/accounts.ts';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { smallH264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { scaled } from '../support/time-scale.ts';

describe('back office upload in Chromium', () => {
  let t: TestPortal;
  let browser: TestBrowser;
  beforeAll(async () => {
    t = await startTestPortal('pglite', { demo: false });
    const db = t.portal.database.db;
    const story = await db
      .insertInto('stories')
      .values({ slug: 'harbour-fire', published_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('story_translations')
      .values([
        { story_id: story.id, language: 'fr', title: 'Incendie au port', standfirst: '', body: '' },
        { story_id: story.id, language: 'en', title: 'Harbour fire', standfirst: '', body: '' },
      ])
      .execute();
    await callOperator(t.dataDir, 'users/create', {
      email: 'desk@example.org',
      password: GOOD_PASSWORD,
      role: 'editor',
      verified: true,
    });
    browser = await launchBrowser({ locale: 'en-GB' });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('uploads a master with pause, reload and an offline moment, then lists the video', async () => {
    const master = await smallH264Mp4Master({ seconds: 12 });
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      // A dropped connection is logged by Chromium as a failed request; that is the point here.
      if (
        message.type() === 'error' &&
        !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(message.text())
      )
        errors.push(message.text());
    });
    const cdp = await browser.context.newCDPSession(page);
    const throttle = (bytesPerSecond: number, offline = false) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: bytesPerSecond,
      });

    await page.goto(`${t.baseUrl}/en/admin/upload`);
    await page.waitForURL(/\/en\/sign-in\?returnTo=/);
    await page.getByLabel('Email address').fill('desk@example.org');
    await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/en/admin/upload');
    await expect.poll(() => page.getByRole('link', { name: 'Back office' }).count()).toBe(1);

    const progress = page.locator('#upload-progress');
    const status = page.locator('#upload-status');
    await page.getByLabel('Master file').setInputFiles(master);
    await page.getByLabel('Video title').fill('Harbour fire, aerials');
    await page.getByLabel('Story').selectOption('harbour-fire');
    await throttle(600_000);
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect
      .poll(async () => Number(await progress.getAttribute('value')), { timeout: scaled(30_000) })
      .toBeGreaterThan(15);
    expect(await status.textContent()).toMatch(/\d+% sent \(.+ of .+\)/);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => status.textContent()).toMatch(/^Paused at \d+%/);
    await expect(page.getByRole('button', { name: 'Resume' }).isVisible()).resolves.toBe(true);

    // Reload: the upload URL is in localStorage; choosing the same file resumes it.
    await page.reload();
    await expect.poll(() => page.locator('#upload-unfinished li').count()).toBe(1);
    await page.getByLabel('Master file').setInputFiles(master);
    await page.getByLabel('Story').selectOption('harbour-fire');
    const firstProgress: number[] = [];
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => status.textContent()).toMatch(/Resuming|sent/);
    await expect
      .poll(async () => {
        const value = Number(await progress.getAttribute('value'));
        if (value > 0) firstProgress.push(value);
        return value;
      })
      .toBeGreaterThan(0);
    // Resumed from the server's offset, not from the start.
    expect(firstProgress[0]).toBeGreaterThan(10);

    // A short outage: the browser goes offline, then back; the upload carries on by itself.
    await throttle(600_000, true);
    await new Promise((r) => setTimeout(r, 1500));
    await throttle(-1, false);

    await expect.poll(() => status.textContent(), { timeout: scaled(60_000) }).toContain('File received');
    const videoId = await page.locator('#upload-form').getAttribute('data-video-id');
    expect(videoId).toMatch(/^[0-9a-f-]{36}$/);
    await page.getByRole('link', { name: 'See the list of videos' }).click();
    await page.waitForURL('**/en/admin/videos*');
    const row = page.locator(`#video-${videoId}`);
    await expect(row.getAttribute('data-status')).resolves.toMatch(/processing|ready/);
    await expect(row.locator('th a').textContent()).resolves.toBe('Harbour fire, aerials');
    await expect
      .poll(
        async () => {
          await page.reload();
          return row.getAttribute('data-status');
        },
        { timeout: scaled(90_000), interval: 1000 },
      )
      .toBe('ready');
    const db = t.portal.database.db;
    const uploads = await db.selectFrom('videos').select('id').execute();
    expect(uploads).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
