import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { client, GOOD_PASSWORD } from '../support/accounts.ts';
import { flacTone, mp3WithCover, wav24 } from '../support/audio.ts';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { CACHE_DIR } from '../support/databases.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

const SHOTS = join(CACHE_DIR, 'screenshots', 'audio');
const SIZES = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describe('audio shots', () => {
  let t: TestPortal;
  let b: TestBrowser;
  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    t = await startTestPortal('pglite', { demo: false });
    await callOperator(t.dataDir, 'users/create', { email: 'a@example.org', password: GOOD_PASSWORD, role: 'editor', verified: true });
    b = await launchBrowser({ locale: 'en-GB' });
  });
  afterAll(async () => {
    await b?.close();
    await t?.stop();
  });
  async function shoot(page: Page, name: string) {
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      console.log(name, size.name, 'sideways', sideways);
      await page.screenshot({ path: join(SHOTS, `${name}-${size.name}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  }
  it('shots', async () => {
    const page = await b.context.newPage();
    await page.goto(`${t.baseUrl}/en/admin/audio`);
    await page.getByLabel('Email address').fill('a@example.org');
    await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/en/admin/audio');
    await page.getByLabel('Sound files to upload').setInputFiles([await wav24(), await mp3WithCover(), await flacTone()]);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.waitForURL(/done=uploaded&count=3/);
    await expect.poll(async () => { await page.reload(); return page.locator('.audio-item[data-status="ready"]').count(); }, { timeout: 120_000 }).toBe(3);
    const first = page.locator('.audio-item').first();
    await first.getByLabel('Title (French)').fill('Discours du port');
    await first.getByLabel('Title (English)').fill('Port speech');
    await first.getByLabel('Credit').fill('© Test Radio');
    await first.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/done=saved/);
    const id = await page.locator('.audio-item').first().getAttribute('data-audio-id');
    await shoot(page, 'admin-en');
    await page.goto(`${t.baseUrl}/fr/admin/audio`);
    await shoot(page, 'admin-fr');
    const ed = client(t.baseUrl);
    await ed.api('POST', '/session', { email: 'a@example.org', password: GOOD_PASSWORD });
    const s = (await (await ed.api('POST', '/stories', { translations: { fr: { title: 'Le port en sons', standfirst: 'Un chapeau.', body: 'Texte.' }, en: { title: 'The port in sound', standfirst: 'A standfirst.', body: 'Text.' } }, media: [{ kind: 'audio', id }] })).json()) as { id: number; slug: string };
    await ed.api('POST', `/stories/${s.id}/publish`, {});
    const v = await (await launchBrowser({ locale: 'fr-FR' })).context.newPage();
    for (const lang of ['fr', 'en']) {
      await v.goto(`${t.baseUrl}/${lang}/stories/${s.slug}`);
      await shoot(v, `story-${lang}`);
    }
  }, 300_000);
});
