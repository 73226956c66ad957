/**
 * End to end in Chromium: an admin changes a user's role and disables another; the disabled user's
 * open session stops working at once; the audit page shows both actions. Along the way, screenshots
 * of the dashboard, the users' pages and the audit log at 1366×900 and 390×844, in French and English,
 * go to .cache/screenshots/people (looked at by people, not compared); no page scrolls sideways.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { client, GOOD_PASSWORD } from '../support/accounts.ts';
import { fillSignIn, launchBrowser, pageErrors, screenshots, type TestBrowser } from '../support/browser.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

const shoot = screenshots('people');

describe('people and records in Chromium', () => {
  let t: TestPortal;
  let adminBrowser: TestBrowser;
  let userBrowser: TestBrowser;
  const create = (email: string, role: string) =>
    callOperator(t.dataDir, 'users/create', { email, password: GOOD_PASSWORD, role, verified: true });

  beforeAll(async () => {
    t = await startTestPortal('pglite', { demo: false });
    await create('chief@example.org', 'admin');
    await create('riley@example.org', 'journalist');
    await create('sam@example.org', 'journalist');
    // Something for the dashboard to show: a draft, a scheduled story, a refused upload.
    await create('desk@example.org', 'editor');
    const desk = client(t.baseUrl);
    await desk.api('POST', '/session', { email: 'desk@example.org', password: GOOD_PASSWORD });
    await desk.api('POST', '/stories', {
      translations: {
        fr: { title: 'Brouillon : la flotte du Nord' },
        en: { title: 'Draft: the northern fleet' },
      },
    });
    const later = await (
      await desk.api('POST', '/stories', { translations: { en: { title: 'Summit in Lisbon' } } })
    ).json();
    await desk.api('POST', `/stories/${later.id}/publish`, { at: '2031-03-04T09:30:00+01:00' });
    const junk = join(t.dataDir, 'minutes.mxf');
    await writeFile(junk, 'these are meeting notes, not a master\n'.repeat(50));
    await t.portal.ingest({ path: junk, title: 'Minutes' });
    adminBrowser = await launchBrowser({ locale: 'fr-FR' });
    userBrowser = await launchBrowser({ locale: 'en-GB' });
  });
  afterAll(async () => {
    await adminBrowser?.close();
    await userBrowser?.close();
    await t?.stop();
  });

  /** The same page in English, shot too. */
  async function shootBoth(page: Page, name: string) {
    await shoot(page, `${name}-fr`);
    const url = page.url();
    await page.goto(url.replace('/fr/', '/en/'));
    await shoot(page, `${name}-en`);
    await page.goto(url);
  }

  it('changes a role, disables a signed-in user whose session stops at once, and shows it in the audit log', async () => {
    const sam = await userBrowser.context.newPage();
    await sam.goto(`${t.baseUrl}/en/sign-in`);
    await fillSignIn(sam, 'en', 'sam@example.org', GOOD_PASSWORD);
    await sam.goto(`${t.baseUrl}/en/account`);
    await expect.poll(() => sam.url()).toContain('/en/account');

    const page = await adminBrowser.context.newPage();
    const errors = pageErrors(page);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${t.baseUrl}/fr/admin`);
    await page.waitForURL(/\/fr\/sign-in\?returnTo=/);
    await fillSignIn(page, 'fr', 'chief@example.org', GOOD_PASSWORD);
    await page.waitForURL('**/fr/admin');
    await expect
      .poll(() => page.getByText('Publication le 4 mars 2031, 09:30 (Europe/Brussels)').count())
      .toBe(1);
    // The refused upload shows once ingest has probed it.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('#dash-failed-panel .reason').count();
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(1);
    await shootBoth(page, 'dashboard');

    await page.getByRole('link', { name: 'Utilisateurs' }).click();
    await page.getByLabel('Rechercher (e-mail ou nom)').fill('riley');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await shootBoth(page, 'users');
    await page.getByRole('link', { name: 'Gérer le compte riley@example.org' }).click();
    await page.getByLabel('Éditeur').check();
    await page.getByRole('button', { name: 'Enregistrer le rôle' }).click();
    await expect.poll(() => page.getByText('Rôle changé : Éditeur.').count()).toBe(1);
    await shootBoth(page, 'user');

    await page.goto(`${t.baseUrl}/fr/admin/users?q=sam`);
    await page.getByRole('link', { name: 'Gérer le compte sam@example.org' }).click();
    await page.getByRole('button', { name: 'Désactiver le compte' }).click();
    await expect.poll(() => page.getByText('Compte désactivé').count()).toBe(1);

    // Sam's open session stopped working: the next page asks to sign in.
    await sam.goto(`${t.baseUrl}/en/account`);
    await expect.poll(() => sam.url()).toContain('/en/sign-in');

    await page.goto(`${t.baseUrl}/fr/admin/audit`);
    const rows = page.locator('table.audit-log tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(4);
    await expect
      .poll(() => page.locator('tr[data-action="user.disable"]').textContent())
      .toContain('sam@example.org');
    await expect
      .poll(() => page.locator('tr[data-action="user.role"]').textContent())
      .toContain('riley@example.org');
    await expect
      .poll(() => page.locator('tr[data-action="user.role"]').textContent())
      .toContain('chief@example.org');
    await page.getByLabel('Action').selectOption('user');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    await shootBoth(page, 'audit');
    expect(errors).toEqual([]);
  });
});
