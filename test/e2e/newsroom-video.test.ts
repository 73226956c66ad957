import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { GOOD_PASSWORD } from '../support/accounts.ts';
import { fillSignIn, launchBrowser, pageErrors, screenshots, type TestBrowser } from '../support/browser.ts';
import { createStory, ingestAndWait } from '../support/downloads.ts';
import { smallH264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { scaled } from '../support/time-scale.ts';

const shoot = screenshots('newsroom-video', { fullPage: true });

describe('the back-office video page in Chromium', () => {
  let t: TestPortal;
  let browser: TestBrowser;
  let videoId = '';
  beforeAll(async () => {
    t = await startTestPortal('pglite', { demo: false });
    await callOperator(t.dataDir, 'users/create', {
      email: 'desk@example.org',
      password: GOOD_PASSWORD,
      role: 'editor',
      verified: true,
    });
    await createStory(t.portal, 'harbour', '2020-01-01T00:00:00Z');
    videoId = await ingestAndWait(t.portal, {
      path: await smallH264Mp4Master({ seconds: 4 }),
      story: 'harbour',
      title: 'Port',
    });
    browser = await launchBrowser({ locale: 'fr-FR' });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  async function playerAt(page: Page, frame: number) {
    await page.evaluate((f) => {
      type WithHandle = HTMLElement & { player?: { seekFrame(frame: number): void } };
      document.querySelector<WithHandle>('.player')?.player?.seekFrame(f);
    }, frame);
    await expect.poll(() => page.locator('.player').getAttribute('data-frame')).toBe(String(frame));
  }

  it('edits metadata in French and English, marks a shot from the player, imports CSV', async () => {
    const page = await browser.context.newPage();
    const errors = pageErrors(page);
    await page.setViewportSize({ width: 1366, height: 900 });

    await page.goto(`${t.baseUrl}/fr/admin/videos/${videoId}`);
    await page.waitForURL(/\/fr\/sign-in\?returnTo=/);
    await fillSignIn(page, 'fr', 'desk@example.org', GOOD_PASSWORD);
    await page.waitForURL(`**/fr/admin/videos/${videoId}`);

    // French first; English left empty: the English page says the title is French only.
    const fr = page.locator('fieldset[lang="fr"]');
    await fr.getByLabel('Titre').fill('Le port rouvre ses quais');
    await fr.getByLabel('Description').fill('Les grues reprennent le travail.');
    await page.locator('fieldset[lang="en"]').getByLabel('Titre').fill('');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect.poll(() => page.getByText(/Enregistré \(version \d+\)/).count()).toBe(1);
    await page.goto(`${t.baseUrl}/en/admin/videos/${videoId}`);
    expect(await page.getByText('This video has a title in French only.').count()).toBe(1);
    await shoot(page, 'video-french-only-en');

    const en = page.locator('fieldset[lang="en"]');
    await en.getByLabel('Title').fill('The harbour reopens its quays');
    await en.getByLabel('Description').fill('Cranes back at work.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByText(/Saved \(revision \d+\)/).count()).toBe(1);
    expect(await page.locator('h1').textContent()).toBe('The harbour reopens its quays');

    // A shotlist row marked from the frame on screen (25 fps, start 10:00:00:00).
    const player = page.locator('.player');
    await expect.poll(() => player.getAttribute('class')).toContain('player-enhanced');
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, undefined, {
      timeout: scaled(30_000),
    });
    const row = page.locator('tr[data-shot-row]').first();
    await playerAt(page, 25);
    await row.getByRole('button', { name: 'Mark in (I)' }).click();
    await playerAt(page, 60);
    await row.getByRole('button', { name: 'Mark out (O)' }).click();
    expect(await row.locator('input[name="in"]').inputValue()).toBe('10:00:01:00');
    expect(await row.locator('input[name="out"]').inputValue()).toBe('10:00:02:10');
    await row.locator('textarea[name="fr"]').fill('Grue sur le quai');
    await row.locator('textarea[name="en"]').fill('Crane on the quay');
    await page.getByRole('button', { name: 'Save the shotlist' }).click();
    await expect.poll(() => page.getByText(/Saved \(revision \d+\)/).count()).toBe(1);
    const saved = await (await fetch(`${t.baseUrl}/api/v1/videos/${videoId}`)).json();
    expect(saved.shotlist).toMatchObject([
      { inFrame: 25, outFrame: 60, in: '10:00:01:00', out: '10:00:02:10' },
    ]);
    await shoot(page, 'video-en');

    // CSV import, a bad line first (named), then a good file.
    await page
      .getByLabel('Import a CSV (in, out, fr, en)')
      .fill('in,out,fr,en\n10:00:00:00,10:00:09:00,Trop long,Too long\n');
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByText('Shotlist, line 2, out: outside the video.').count()).toBe(1);
    await page
      .getByLabel('Import a CSV (in, out, fr, en)')
      .fill(
        'in,out,fr,en\n10:00:00:00,10:00:01:00,"Quai, matin",Quay at dawn\n10:00:01:00,10:00:03:00,Grue,Crane\n',
      );
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.locator('tr[data-shot-row] input[name="in"]').count()).toBe(3);
    expect(await page.locator('tr[data-shot-row] textarea[name="fr"]').first().inputValue()).toBe(
      'Quai, matin',
    );

    await page.goto(`${t.baseUrl}/fr/admin/videos/${videoId}`);
    await shoot(page, 'video-fr');
    expect(errors).toEqual([]);
  });
});
