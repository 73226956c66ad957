/**
 * Screenshots of the video page for the README (docs/screenshots/video-page-*.png): a real portal
 * (embedded database, no demo), the 6-s 1080p50 test master with a credit, usage terms and a
 * shotlist, a signed-in journalist; in FR and EN, at 1366×900 (the viewport: player and selection,
 * the pointer over the scrubber showing a thumbnail) and 390×844 (a phone: the whole page), a shot
 * selected from the shotlist. Not a test (no suite time). Run: `npx tsx test/e2e/video-page-screenshots.ts`
 * (after `node scripts/build-client.mjs`); look at every file before committing it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { chromium } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { startPortal } from '../../src/portal.ts';
import { h264Mp4Master } from '../support/masters.ts';

// The support modules that import vitest (browser, portal, downloads) cannot run outside it.
const OUT = join(import.meta.dirname, '../../docs/screenshots');
const PASSWORD = 'Quartz-Lantern-42!';

const dataDir = await mkdtemp(join(tmpdir(), 'video-shots-'));
const portal = await startPortal({
  config: loadConfig({ PORT: '0', DATA_DIR: dataDir, DEMO: '0' }),
  web: true,
  worker: true,
  logger: pino({ level: 'warn' }),
});
const t = { portal, baseUrl: portal.url ?? '', dataDir };
const profile = await mkdtemp(join(tmpdir(), 'video-shots-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  locale: 'en-GB',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
context.setDefaultTimeout(120_000);
try {
  const story = await portal.database.db
    .insertInto('stories')
    .values({ slug: 'harbour', published_at: new Date('2026-11-30T09:00:00Z') })
    .returning('id')
    .executeTakeFirstOrThrow();
  await portal.database.db
    .insertInto('story_translations')
    .values([
      { story_id: story.id, language: 'fr', title: 'Le port rouvre', standfirst: 'Chapô.', body: 'Texte.' },
      {
        story_id: story.id,
        language: 'en',
        title: 'The harbour reopens',
        standfirst: 'Standfirst.',
        body: 'Text.',
      },
    ])
    .execute();
  const { id } = await portal.ingest({ path: await h264Mp4Master(), story: 'harbour', title: 'Harbour' });
  for (;;) {
    const row = await portal.database.db
      .selectFrom('videos')
      .select(['status', 'error'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (row.status === 'ready') break;
    if (row.status === 'failed') throw new Error(`ingest failed: ${row.error}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const db = t.portal.database.db;
  await db
    .updateTable('videos')
    .set({
      title_fr: 'Le port rouvre après la tempête',
      title_en: 'The harbour reopens after the storm',
      description_fr: 'Les premiers navires entrent au port au lever du jour.',
      description_en: 'The first ships enter the harbour at daybreak.',
      shotlist: JSON.stringify([
        { inFrame: 0, outFrame: 75, fr: 'Plan large du port', en: 'Wide shot of the harbour' },
        { inFrame: 75, outFrame: 175, fr: 'Un navire à quai', en: 'A ship at the quay' },
        { inFrame: 175, outFrame: 300, fr: 'Le capitaine de port', en: 'The harbour master' },
      ]),
    })
    .where('id', '=', id)
    .execute();
  await db
    .insertInto('video_usage')
    .values({
      video_id: id,
      credit: '© Autorité portuaire',
      usage_terms_fr: 'Libre pour l’information, avec le crédit.',
      usage_terms_en: 'Free for news use, with the credit.',
    })
    .execute();
  const email = 'screenshots@example.org';
  await callOperator(dataDir, 'users/create', {
    email,
    password: PASSWORD,
    role: 'journalist',
    verified: true,
  });
  const session = await fetch(`${t.baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const { hostname } = new URL(t.baseUrl);
  await context.addCookies(
    session.headers.getSetCookie().map((line) => {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      return {
        name: pair.slice(0, eq),
        value: pair.slice(eq + 1),
        domain: hostname,
        path: '/',
        httpOnly: true,
        sameSite: 'Lax' as const,
      };
    }),
  );
  for (const lang of ['fr', 'en'] as const) {
    const page = await context.newPage();
    for (const size of [
      { width: 1366, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(size);
      await page.goto(`${t.baseUrl}/${lang}/videos/${id}`);
      await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2);
      await page.locator('.player.player-enhanced').waitFor();
      // The second shot selected from its row, then the picture on a frame inside it.
      await page.locator('.shotlist li.shot').nth(1).locator('a.use-shot').click();
      // The picture painted at the shot's first frame (not black while seeking).
      await page.waitForFunction(() => {
        const video = document.querySelector('video');
        return video !== null && !video.seeking && video.readyState >= 2 && video.currentTime > 1;
      });
      await page.waitForTimeout(1000);
      const phone = size.width < 500;
      if (!phone) {
        await page.evaluate(() => window.scrollTo(0, 0));
        const track = await page.locator('.scrubber-track').boundingBox();
        if (track) await page.mouse.move(track.x + track.width * 0.42, track.y + track.height / 2);
        await page.waitForTimeout(500);
      }
      if (phone) {
        // The whole page as one tall viewport: a full-page capture paints the video black.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.setViewportSize({ width: size.width, height });
        await page.waitForTimeout(1500);
      }
      const file = join(OUT, `video-page-${lang}-${size.width}x${size.height}.png`);
      await page.screenshot({ path: file });
      console.log(file);
    }
    await page.close();
  }
} finally {
  await context.close();
  await portal.stop();
  await rm(profile, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
}
