/**
 * End to end in Chromium (French): from a story, register -> code from the SMTP server -> success
 * page -> newsletter button -> sign out -> forgotten password -> code -> new password -> back to the
 * story -> sign in with the new password, back on the story. No console or CSP errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { extractCode, startTestSmtp, type TestSmtp } from '../support/smtp.ts';

describe('accounts in Chromium', () => {
  let t: TestPortal;
  let smtp: TestSmtp;
  let browser: TestBrowser;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestPortal('pglite', { demo: 'short', env: { SMTP_URL: smtp.url } });
    browser = await launchBrowser({ locale: 'fr-FR' });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    await smtp?.close();
  });

  it('registers, subscribes, signs out, resets the password and signs in again on the same story', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
    });
    const email = 'e2e@example.org';
    const password = 'Premier-Mot-2-Passe!';
    const newPassword = 'Second*Mot-de-Passe-9';

    await page.goto(`${t.baseUrl}/fr/`);
    await page.locator('main article.card h2 a').first().click();
    await page.waitForURL(/\/fr\/stories\//);
    const storyPath = new URL(page.url()).pathname;

    await page.getByRole('link', { name: 'Créer un compte' }).first().click();
    await page.waitForURL('**/fr/register');
    await page.getByLabel('Adresse e-mail').fill(email);
    const passwordInput = page.getByLabel('Mot de passe', { exact: true });
    await passwordInput.fill('court');
    // Live rules (progressive enhancement from /static/password-rules.js).
    await expect.poll(() => page.locator('li[data-rule="length"]').getAttribute('data-met')).toBe('false');
    await passwordInput.fill(password);
    await expect.poll(() => page.locator('li[data-rule="length"]').getAttribute('data-met')).toBe('true');
    expect(await page.locator('li[data-rule="symbol"]').getAttribute('data-met')).toBe('true');
    await page.getByLabel('Confirmez le mot de passe').fill(password);
    await page.getByLabel('Prénom').fill('Jeanne');
    await page.getByLabel('Nom', { exact: true }).fill('Moreau');
    await page.getByLabel('Organisation (média)').fill('Agence Exemple');
    await page.getByLabel('Fonction').fill('Journaliste reporter d’images');
    await page.getByLabel('Pays').selectOption('FR');
    await page.getByLabel('J’accepte les conditions d’utilisation').check();
    await page.getByRole('button', { name: 'Créer un compte' }).click();

    await page.waitForURL(/\/fr\/verify/);
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Vérifiez votre boîte de réception et entrez le code de vérification');
    const code = extractCode(await smtp.waitForMessage(email));
    await page.getByLabel('Code de vérification').fill(code);
    await page.getByRole('button', { name: 'Vérifier' }).click();

    await page.waitForURL('**/fr/welcome');
    expect(await page.locator('h1').textContent()).toBe('Vous avez créé votre compte avec succès');
    await page.getByRole('button', { name: 'S’abonner à la newsletter' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toBe('Vous êtes abonné à la newsletter.');

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL('**/fr/');
    await page.goto(`${t.baseUrl}${storyPath}`);
    await page.getByRole('link', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/fr\/sign-in\?returnTo=/);
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.waitForURL(/\/fr\/password-reset\?returnTo=/);
    expect(await page.locator('h1').textContent()).toBe('Réinitialiser le mot de passe');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByRole('button', { name: 'Réinitialiser le mot de passe' }).click();

    await page.waitForURL(/\/fr\/password-reset\/code/);
    const resetCode = extractCode(
      await smtp.waitForMessage(email, (m) => m.subject.includes('réinitialisation')),
    );
    await page.getByLabel('Code de vérification').fill(resetCode);
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Créer un nouveau mot de passe');
    await page.getByLabel('Mot de passe', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirmez le mot de passe').fill(newPassword);
    await page.getByRole('button', { name: 'Créer un nouveau mot de passe' }).click();

    await page.waitForURL(/\/fr\/password-reset\/done/);
    expect(await page.locator('h1').textContent()).toBe('Votre mot de passe a été mis à jour');
    await page.getByRole('link', { name: 'Revenir à la page' }).click();
    await page.waitForURL(`**${storyPath}`);

    await page.getByRole('link', { name: 'Se connecter' }).click();
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`**${storyPath}`);
    expect(await page.getByRole('link', { name: 'Jeanne Moreau' }).count()).toBe(1);
    expect(errors.join('\n')).toBe('');
  });
});
