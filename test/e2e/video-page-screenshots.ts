/**
 * Screenshots of the video page for the README (docs/screenshots/video-page-*.png): a real portal
 * (embedded database, no demo), the 6-s 1080p50 test master with a credit, usage terms and a
 * shotlist, a signed-in journalist; in FR and EN, at 1366×900 (the viewport: player and selection,
 * the pointer over the scrubber showing a thumbnail) and 390×844 (a phone: the whole page), a shot
 * selected from the shotlist. Not a test (no suite time). Run: `npx tsx test/e2e/video-page-screenshots.ts`
 * (after `node scripts/build-client.mjs`); look at every file before committing it.
 */
import { join } from 'node:path';
import { launchBrowser } from '../support/browser.ts';
import { createStory, ingestAndWait, signedInCookie } from '../support/downloads.ts';
import { h264Mp4Master } from '../support/masters.ts';
import { startTestPortal } from '../support/portal.ts';

const OUT = join(import.meta.dirname, '../../docs/screenshots');

const t = await startTestPortal('pglite', { demo: false });
const browser = await launchBrowser();
try {
  await createStory(t.portal, 'harbour', '2026-11-30T09:00:00Z');
  const id = await ingestAndWait(t.portal, {
    path: await h264Mp4Master(),
    story: 'harbour',
    title: 'Harbour',
  });
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
  const cookie = await signedInCookie(t.baseUrl, t.dataDir, 'screenshots@example.org');
  const { hostname } = new URL(t.baseUrl);
  await browser.context.addCookies(
    cookie.split('; ').map((pair) => {
      const [name = '', value = ''] = pair.split('=');
      return { name, value, domain: hostname, path: '/', httpOnly: true, sameSite: 'Lax' as const };
    }),
  );
  for (const lang of ['fr', 'en'] as const) {
    const page = await browser.context.newPage();
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
      await page.waitForTimeout(500);
      const phone = size.width < 500;
      if (!phone) {
        await page.evaluate(() => window.scrollTo(0, 0));
        const track = await page.locator('.scrubber-track').boundingBox();
        if (track) await page.mouse.move(track.x + track.width * 0.42, track.y + track.height / 2);
        await page.waitForTimeout(500);
      }
      const file = join(OUT, `video-page-${lang}-${size.width}x${size.height}.png`);
      await page.screenshot({ path: file, fullPage: phone });
      console.log(file);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await t.stop();
}
