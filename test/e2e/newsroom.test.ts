/**
 * The newsroom end to end in Chromium, one portal: a story written in French, translated, previewed and
 * published; then the whole flow (#14): master and photo uploaded, story written in French and
 * translated, a shotlist row marked from the player, terms and an embargo, preview, schedule; a
 * journalist finds it on the home page in both languages at its time (on the test clock), downloads
 * the photo and makes a clip from the shotlist row, whose frames ffprobe counts.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantToLocal } from '../../src/newsroom/schedule.ts';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { GOOD_PASSWORD, testClock } from '../support/accounts.ts';
import { fillSignIn, launchBrowser, pageErrors, screenshots, type TestBrowser } from '../support/browser.ts';
import { countFrames, startTimecode } from '../support/clip-checks.ts';
import { sha256Of } from '../support/downloads.ts';
import { smallH264Mp4Master } from '../support/masters.ts';
import { exiftoolJpegWithIptc, IPTC_CAPTION, IPTC_CREDIT, textNamedJpeg } from '../support/photos.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { scaled } from '../support/time-scale.ts';

const shoot = screenshots('newsroom');
const shootFlow = screenshots('newsroom-flow', { fullPage: true });

describe('newsroom in Chromium', () => {
  let t: TestPortal;
  let editorBrowser: TestBrowser;
  let visitorBrowser: TestBrowser;
  const clock = testClock();
  beforeAll(async () => {
    t = await startTestPortal('pglite', { demo: false, clock: clock.now });
    await callOperator(t.dataDir, 'users/create', {
      email: 'desk@example.org',
      password: GOOD_PASSWORD,
      role: 'editor',
      verified: true,
    });
    await callOperator(t.dataDir, 'users/create', {
      email: 'reporter@example.org',
      password: GOOD_PASSWORD,
      role: 'journalist',
      verified: true,
    });
    editorBrowser = await launchBrowser({ locale: 'fr-FR' });
    visitorBrowser = await launchBrowser({ locale: 'en-GB' });
  });
  afterAll(async () => {
    await editorBrowser?.close();
    await visitorBrowser?.close();
    await t?.stop();
  });

  it('writes in French, translates, previews, publishes; a visitor reads it in both languages', async () => {
    const page = await editorBrowser.context.newPage();
    const errors = pageErrors(page, { console: true });
    await page.setViewportSize({ width: 1366, height: 900 });

    await page.goto(`${t.baseUrl}/fr/admin/topics`);
    await page.waitForURL(/\/fr\/sign-in\?returnTo=/);
    await fillSignIn(page, 'fr', 'desk@example.org', GOOD_PASSWORD);
    await page.waitForURL('**/fr/admin/topics');
    await page.getByLabel('Nom (français)').fill('Océan');
    await page.getByLabel('Nom (anglais)').fill('Ocean');
    await page.getByRole('button', { name: 'Créer le thème' }).click();
    await expect.poll(() => page.getByText('Thème créé.').count()).toBe(1);
    await shoot(page, 'topics-fr');

    await page.goto(`${t.baseUrl}/fr/admin/stories/new`);
    const fr = page.locator('fieldset[lang="fr"]');
    await fr.getByLabel('Titre').fill('Les gardiens du phare de Port-Aurel');
    await fr.getByLabel('Chapô').fill('Trois générations veillent sur la côte.');
    await fr.getByLabel('Texte').fill('Le phare **veille** depuis 1852.\n\n## La relève\n\n- Marie\n- Paul');
    await page.getByLabel('Océan').check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/\/fr\/admin\/stories\/\d+\?saved=1$/);
    await shoot(page, 'edit-fr');
    const id = /stories\/(\d+)/.exec(page.url())?.[1] ?? '';

    // The English translation, in the English back office.
    await page.goto(`${t.baseUrl}/en/admin/stories/${id}`);
    const en = page.locator('fieldset[lang="en"]');
    await en.getByLabel('Title').fill('The keepers of the Port-Aurel lighthouse');
    await en.getByLabel('Standfirst').fill('Three generations watch over the coast.');
    await en.getByLabel('Text').fill('The lighthouse has **watched** since 1852.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/saved=2$/);
    await expect.poll(() => page.getByText('Saved (revision 2).').count()).toBe(1);
    await shoot(page, 'edit-en');

    // Previews: exactly the public page's view, in each language.
    await page.getByRole('link', { name: 'Preview in French' }).click();
    await page.waitForURL(`**/fr/admin/stories/${id}/preview`);
    await expect
      .poll(() => page.locator('article.story h1').textContent())
      .toBe('Les gardiens du phare de Port-Aurel');
    expect(await page.locator('.story-body strong').textContent()).toBe('veille');
    await shoot(page, 'preview-fr');
    await page.goto(`${t.baseUrl}/en/admin/stories/${id}/preview`);
    await expect
      .poll(() => page.locator('article.story h1').textContent())
      .toBe('The keepers of the Port-Aurel lighthouse');

    // Not public yet.
    const visitor = await visitorBrowser.context.newPage();
    await visitor.goto(`${t.baseUrl}/en/`);
    expect(await visitor.getByText('The keepers of the Port-Aurel lighthouse').count()).toBe(0);

    // The schedule field defaults to the browser's time zone (the portal's without JavaScript).
    await page.goto(`${t.baseUrl}/en/admin/stories/${id}`);
    expect(await page.getByLabel('Time zone').inputValue()).toBe(
      await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
    );
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(/saved=3$/);
    await expect.poll(() => page.locator('.story-workflow .status-badge').textContent()).toBe('Published');

    await page.goto(`${t.baseUrl}/en/admin/stories`);
    await shoot(page, 'stories-en');
    await page.goto(`${t.baseUrl}/fr/admin/stories`);
    await shoot(page, 'stories-fr');
    await page.goto(`${t.baseUrl}/fr/admin/stories/${id}/revisions`);
    await shoot(page, 'revisions-fr');
    await page.goto(`${t.baseUrl}/en/admin/stories/${id}/revisions`);
    await shoot(page, 'revisions-en');
    await page.goto(`${t.baseUrl}/en/admin/topics`);
    await shoot(page, 'topics-en');

    // A visitor sees it on the home page in both languages (pages are cached up to a second).
    await expect
      .poll(async () => {
        await visitor.goto(`${t.baseUrl}/en/`);
        return visitor.getByRole('link', { name: 'The keepers of the Port-Aurel lighthouse' }).count();
      })
      .toBe(1);
    await visitor.goto(`${t.baseUrl}/fr/`);
    await visitor.getByRole('link', { name: 'Les gardiens du phare de Port-Aurel' }).click();
    await expect.poll(() => visitor.locator('.story-body h2').textContent()).toBe('La relève');
    await visitor.getByRole('link', { name: 'Océan' }).click();
    await visitor.waitForURL('**/fr/topics/ocean');
    expect(await visitor.getByRole('link', { name: 'Les gardiens du phare de Port-Aurel' }).count()).toBe(1);
    expect(errors).toEqual([]);
  }, 180_000);
  /** Moves the page's player to a frame through its handle, as the back-office video test does. */
  async function playerAt(page: Page, frame: number) {
    await page.evaluate((f) => {
      type WithHandle = HTMLElement & { player?: { seekFrame(frame: number): void } };
      document.querySelector<WithHandle>('.player')?.player?.seekFrame(f);
    }, frame);
    await expect.poll(() => page.locator('.player').getAttribute('data-frame')).toBe(String(frame));
  }

  async function waitForPlayer(page: Page) {
    await expect.poll(() => page.locator('.player').getAttribute('class')).toContain('player-enhanced');
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, undefined, {
      timeout: scaled(30_000),
    });
  }

  it('the issue’s flow: upload, write, translate, shot, terms, embargo, schedule; a journalist clips', async () => {
    // The portal's clock stands still ten minutes back on a whole minute: the story is scheduled two
    // minutes ahead of it, and the test moves the clock rather than waiting.
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000);
    clock.freezeAt(start);
    const publishAt = new Date(start.getTime() + 2 * 60_000);
    const embargoUntil = new Date(start.getTime() + 60 * 60_000);

    const page = await editorBrowser.context.newPage();
    // The refused photo upload's page is answered 422 on purpose (Chromium logs it).
    const errors = pageErrors(page, { console: true, ignore: /status of 422/ });
    await page.setViewportSize({ width: 1366, height: 900 });

    // 1. The master, through the resumable upload page (French back office, signed in above).
    const master = await smallH264Mp4Master({ seconds: 12 });
    await page.goto(`${t.baseUrl}/fr/admin/upload`);
    if (page.url().includes('/sign-in')) await fillSignIn(page, 'fr', 'desk@example.org', GOOD_PASSWORD);
    await page.waitForURL('**/fr/admin/upload');
    await page.getByLabel('Fichier master').setInputFiles(master);
    await page.getByLabel('Titre de la vidéo').fill('Le phare vu du ciel');
    await shootFlow(page, 'upload-fr');
    await page.getByRole('button', { name: 'Téléverser' }).click();
    await expect
      .poll(() => page.getByText('Fichier reçu. La vidéo est en préparation.').count(), {
        timeout: scaled(60_000),
      })
      .toBe(1);
    const db = t.portal.database.db;
    let videoId = '';
    await expect
      .poll(
        async () => {
          const row = await db.selectFrom('videos').select(['id', 'status']).executeTakeFirst();
          videoId = row?.id ?? '';
          return row?.status;
        },
        { timeout: scaled(120_000), interval: 500 },
      )
      .toBe('ready');

    // 2. A photo, through the photos page: its IPTC caption and credit (written by ExifTool) come first.
    // A text named .jpg first: refused in French, nothing kept.
    await page.goto(`${t.baseUrl}/fr/admin/photos`);
    await page.getByLabel('Photos à envoyer').setInputFiles(await textNamedJpeg());
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await page.waitForURL(/refused=not_image/);
    expect(await page.locator('.error-summary').textContent()).toContain('n’est pas une image');
    expect(await page.locator('.photo-item').count()).toBe(0);
    await shootFlow(page, 'photos-refused-fr');
    const photoFile = await exiftoolJpegWithIptc('utf8');
    await page.getByLabel('Photos à envoyer').setInputFiles(photoFile);
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await page.waitForURL(/done=uploaded&count=1/);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('.photo-item[data-status="ready"] img').count();
        },
        { timeout: scaled(60_000) },
      )
      .toBe(1);
    const photoId = (await page.locator('.photo-item').first().getAttribute('data-photo-id')) ?? '';
    const card = page.locator(`.photo-item[data-photo-id="${photoId}"]`);
    expect(await card.getByLabel('Légende (français)').inputValue()).toBe(IPTC_CAPTION);
    expect(await card.getByLabel('Légende (anglais)').inputValue()).toBe(IPTC_CAPTION);
    expect(await card.getByLabel('Crédit').inputValue()).toBe(IPTC_CREDIT);
    await card.getByLabel('Légende (français)').fill('Le phare au lever du jour');
    await card.getByLabel('Légende (anglais)').fill('The lighthouse at daybreak');
    await card.getByLabel('Crédit').fill('Agence Test');
    await card.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/done=saved/);

    // 3. The story in French, with the video leading and the photo.
    await page.goto(`${t.baseUrl}/fr/admin/stories/new`);
    const fr = page.locator('fieldset[lang="fr"]');
    await fr.getByLabel('Titre').fill('La nuit du phare de Kerbrat');
    await fr.getByLabel('Chapô').fill('Une nuit avec le dernier gardien.');
    await fr.getByLabel('Texte').fill('Le gardien **allume** la lanterne.');
    await page.getByLabel(/Médias du sujet/).fill(`*video:${videoId}\nphoto:${photoId}`);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/\/fr\/admin\/stories\/\d+\?saved=1$/);
    const storyId = /stories\/(\d+)/.exec(page.url())?.[1] ?? '';

    // 4. The English translation.
    await page.goto(`${t.baseUrl}/en/admin/stories/${storyId}`);
    const en = page.locator('fieldset[lang="en"]');
    await en.getByLabel('Title').fill('The night of the Kerbrat lighthouse');
    await en.getByLabel('Standfirst').fill('A night with the last keeper.');
    await en.getByLabel('Text').fill('The keeper **lights** the lantern.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/saved=2$/);

    // 5. A shotlist row marked from the player (25 fps from 10:00:00:00), then terms and an embargo.
    await page.goto(`${t.baseUrl}/en/admin/videos/${videoId}`);
    await waitForPlayer(page);
    const row = page.locator('tr[data-shot-row]').first();
    await playerAt(page, 25);
    await row.getByRole('button', { name: 'Mark in (I)' }).click();
    await playerAt(page, 75);
    await row.getByRole('button', { name: 'Mark out (O)' }).click();
    await row.locator('textarea[name="fr"]').fill('La lanterne s’allume');
    await row.locator('textarea[name="en"]').fill('The lantern comes on');
    await page.getByRole('button', { name: 'Save the shotlist' }).click();
    await expect.poll(() => page.getByText(/Saved \(revision \d+\)/).count()).toBe(1);
    const metadata = page.locator('form.video-metadata');
    await metadata
      .locator('fieldset[lang="fr"]')
      .getByLabel('Usage terms')
      .fill('Usage éditorial uniquement.');
    await metadata.locator('fieldset[lang="en"]').getByLabel('Usage terms').fill('Editorial use only.');
    await metadata.getByLabel('Credit').fill('Kerbrat Films');
    await metadata.getByLabel(/Available under embargo/).check();
    // The embargo is typed on the portal's clock, in the zone its label names.
    const embargoZone = await metadata.locator('input[name="timeZone"]').inputValue();
    expect(await metadata.getByText(`Until (date and time, ${embargoZone})`).count()).toBe(1);
    await metadata.getByLabel(/^Until/).fill(instantToLocal(embargoUntil, embargoZone));
    await metadata.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByText(/Saved \(revision \d+\)/).count()).toBe(1);
    await shootFlow(page, 'video-embargo-en');
    await page.goto(`${t.baseUrl}/fr/admin/videos/${videoId}`);
    await shootFlow(page, 'video-embargo-fr');
    const video = await (await page.request.get(`${t.baseUrl}/api/v1/videos/${videoId}`)).json();
    expect(video).toMatchObject({
      embargoKind: 'available',
      embargoUntil: embargoUntil.toISOString(),
      usageTerms: { fr: 'Usage éditorial uniquement.', en: 'Editorial use only.' },
      shotlist: [{ inFrame: 25, outFrame: 75, in: '10:00:01:00', out: '10:00:03:00' }],
    });

    // 6. Previews in both languages: the photo, the video, the texts.
    for (const [lang, title] of [
      ['fr', 'La nuit du phare de Kerbrat'],
      ['en', 'The night of the Kerbrat lighthouse'],
    ] as const) {
      await page.goto(`${t.baseUrl}/${lang}/admin/stories/${storyId}/preview`);
      expect(await page.locator('article.story h1').textContent()).toBe(title);
      expect(await page.locator('figure.photo').count()).toBe(1);
      expect(await page.locator(`a[href*="/videos/${videoId}"]`).count()).toBeGreaterThan(0);
    }

    // 7. Scheduled two minutes ahead, in Paris time.
    await page.goto(`${t.baseUrl}/en/admin/stories/${storyId}`);
    await page.getByLabel('Publication date and time').fill(instantToLocal(publishAt, 'Europe/Paris'));
    await page.getByLabel('Time zone').fill('Europe/Paris');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.waitForURL(/saved=3$/);
    await expect.poll(() => page.locator('.story-workflow .status-badge').textContent()).toBe('Scheduled');
    await shootFlow(page, 'story-scheduled-en');
    await page.goto(`${t.baseUrl}/fr/admin/stories/${storyId}`);
    await shootFlow(page, 'story-scheduled-fr');
    expect(errors).toEqual([]);

    // 8. A verified journalist: nothing before the time, the story on both home pages after it.
    const reporter = await visitorBrowser.context.newPage();
    const reporterErrors = pageErrors(reporter, { console: true });
    await reporter.goto(`${t.baseUrl}/en/sign-in`);
    await fillSignIn(reporter, 'en', 'reporter@example.org', GOOD_PASSWORD);
    await reporter.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
    clock.advance(60);
    await reporter.goto(`${t.baseUrl}/en/`);
    expect(await reporter.getByText('The night of the Kerbrat lighthouse').count()).toBe(0);
    clock.advance(61);
    const homeLink = (lang: 'fr' | 'en', title: string) => async () => {
      await reporter.goto(`${t.baseUrl}/${lang}/`);
      return reporter.getByRole('link', { name: title }).count();
    };
    await expect
      .poll(homeLink('en', 'The night of the Kerbrat lighthouse'), { timeout: scaled(30_000) })
      .toBe(1);
    await expect.poll(homeLink('fr', 'La nuit du phare de Kerbrat'), { timeout: scaled(10_000) }).toBe(1);
    await reporter.getByRole('link', { name: 'La nuit du phare de Kerbrat' }).click();
    await expect
      .poll(() => reporter.locator('article.story h1').textContent())
      .toBe('La nuit du phare de Kerbrat');

    // The photo is shown, with its French caption, and its original downloads byte for byte.
    const figure = reporter.locator('figure.photo');
    expect(await figure.locator('.photo-caption').textContent()).toBe('Le phare au lever du jour');
    await expect
      .poll(() => figure.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    const photoDownload = reporter.waitForEvent('download');
    await figure.getByRole('link', { name: 'Original' }).click();
    expect(await sha256Of(await (await photoDownload).path())).toBe(await sha256Of(photoFile));

    // 9. The video, under embargo, and a clip of the shotlist row: frames 25 to 74.
    await reporter.goto(`${t.baseUrl}/en/videos/${videoId}`);
    await waitForPlayer(reporter);
    expect(await reporter.getByText(/not for publication before/).count()).toBeGreaterThan(0);
    const clipDownload = reporter.waitForEvent('download', { timeout: scaled(120_000) });
    await reporter.getByRole('button', { name: 'Download shot 1' }).click();
    const clip = await clipDownload;
    const clipPath = await clip.path();
    expect(clip.suggestedFilename()).toMatch(/not-before.*\.mp4$/);
    expect(await countFrames(clipPath)).toBe(50);
    expect(await startTimecode(clipPath)).toBe('10:00:01:00');
    expect(reporterErrors).toEqual([]);
  }, 400_000);
});
