import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { GOOD_PASSWORD } from '../support/accounts.ts';
import { fillSignIn, launchBrowser, pageErrors, screenshots, type TestBrowser } from '../support/browser.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

const shoot = screenshots('newsroom');

describe('newsroom in Chromium', () => {
  let t: TestPortal;
  let editorBrowser: TestBrowser;
  let visitorBrowser: TestBrowser;
  beforeAll(async () => {
    t = await startTestPortal('pglite', { demo: false });
    await callOperator(t.dataDir, 'users/create', {
      email: 'desk@example.org',
      password: GOOD_PASSWORD,
      role: 'editor',
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
});
