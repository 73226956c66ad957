import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { GOOD_PASSWORD } from '../support/accounts.ts';
import { fillSignIn, launchBrowser, pageErrors, screenshots, type TestBrowser } from '../support/browser.ts';
import { ffmpegJpeg, sharpJpegWithExif } from '../support/photos.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

const shoot = screenshots('photos', { fullPage: true });

describe('photos in Chromium', () => {
  let t: TestPortal;
  let editorBrowser: TestBrowser;
  let visitorBrowser: TestBrowser;
  beforeAll(async () => {
    t = await startTestPortal('pglite', { demo: false });
    await callOperator(t.dataDir, 'users/create', {
      email: 'photo-desk@example.org',
      password: GOOD_PASSWORD,
      role: 'editor',
      verified: true,
    });
    editorBrowser = await launchBrowser({ locale: 'en-GB' });
    visitorBrowser = await launchBrowser({ locale: 'fr-FR' });
  });
  afterAll(async () => {
    await editorBrowser?.close();
    await visitorBrowser?.close();
    await t?.stop();
  });

  it('uploads two photos, captions them, shows them in a published story', async () => {
    const page = await editorBrowser.context.newPage();
    const errors = pageErrors(page);
    await page.goto(`${t.baseUrl}/en/admin/photos`);
    await page.waitForURL(/\/en\/sign-in\?returnTo=/);
    await fillSignIn(page, 'en', 'photo-desk@example.org', GOOD_PASSWORD);
    await page.waitForURL('**/en/admin/photos');

    await page.getByLabel('Photos to upload').setInputFiles([await sharpJpegWithExif(), await ffmpegJpeg()]);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.waitForURL(/done=uploaded&count=2/);
    await expect.poll(() => page.getByText('2 photos uploaded.').count()).toBe(1);
    // The web sizes are made by a job: reload until both thumbnails are there.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('.photo-item[data-status="ready"] img').count();
        },
        { timeout: 150_000 },
      )
      .toBe(2);
    const ids = await page
      .locator('.photo-item')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-photo-id') ?? ''));
    expect(ids).toHaveLength(2);
    const captions: Record<string, { fr: string; en: string }> = {
      [ids[0] as string]: { fr: 'Les quais au petit matin', en: 'The quays early in the morning' },
      [ids[1] as string]: { fr: 'La mire de test', en: 'The test pattern' },
    };
    for (const id of ids) {
      const card = page.locator(`.photo-item[data-photo-id="${id}"]`);
      await card.getByLabel('Caption (French)').fill(captions[id]?.fr ?? '');
      await card.getByLabel('Caption (English)').fill(captions[id]?.en ?? '');
      await card.getByLabel('Credit').fill('Test Agency');
      await card.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/done=saved/);
    }
    await expect.poll(() => page.getByText('Photo saved.').count()).toBe(1);
    await shoot(page, 'admin-photos-en');
    await page.goto(`${t.baseUrl}/fr/admin/photos`);
    await shoot(page, 'admin-photos-fr');

    // A story showing both, the second one leading.
    await page.goto(`${t.baseUrl}/en/admin/stories/new`);
    await page.locator('fieldset[lang="en"]').getByLabel('Title').fill('Morning at the harbour');
    await page.locator('fieldset[lang="fr"]').getByLabel('Title').fill('Le matin au port');
    await page.getByLabel(/The story’s media/).fill(`photo:${ids[0]}\n*photo:${ids[1]}`);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/en\/admin\/stories\/\d+\?saved=1$/);
    expect(await page.getByLabel(/The story’s media/).inputValue()).toBe(`photo:${ids[0]}\n*photo:${ids[1]}`);
    await shoot(page, 'admin-story-media-en');
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(/saved=2$/);
    // One slug for both languages, derived from the French title.
    const slug = 'le-matin-au-port';

    const visitor = await visitorBrowser.context.newPage();
    for (const lang of ['fr', 'en'] as const) {
      const url = `${t.baseUrl}/${lang}/stories/${slug}`;
      const figures = visitor.locator('figure.photo');
      // Story pages are cached for up to a second: load until the published page is there.
      await expect
        .poll(
          async () => {
            await visitor.goto(url);
            return figures.count();
          },
          { timeout: 30_000 },
        )
        .toBe(2);
      expect(await figures.evaluateAll((f) => f.map((x) => x.getAttribute('data-photo-id')))).toEqual(ids);
      expect(await figures.nth(0).locator('.photo-caption').textContent()).toBe(
        captions[ids[0] as string]?.[lang],
      );
      await expect
        .poll(() =>
          figures
            .locator('img')
            .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth > 0)),
        )
        .toEqual([true, true]);
      await shoot(visitor, `story-${lang}`);
    }
    expect(errors).toEqual([]);
  }, 400_000);
});
