/**
 * Headless Debian Chromium through playwright-core (never a downloaded browser), fresh profile each
 * time; and what the end-to-end tests share in it: the page sizes, a collector of page errors, a
 * screenshot taker that checks for sideways scrolling, the sign-in form filled in either language.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CACHE_DIR } from './databases.ts';
import { scaled } from './time-scale.ts';

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(
  options: { locale?: string; downloadsPath?: string } = {},
): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'portal-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    locale: options.locale ?? 'en-GB',
    acceptDownloads: true,
    downloadsPath: options.downloadsPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  // Playwright's own deadlines (30 s by default) scale with the machine's load like the tests'.
  context.setDefaultTimeout(scaled(30_000));
  context.setDefaultNavigationTimeout(scaled(30_000));
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The two widths every page is checked and shot at: a desktop and a phone. */
export const SIZES = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/**
 * Collects what goes wrong in a page: its uncaught exceptions and, with `console`, its console errors
 * (but those matching `ignore`). The test expects the list empty at the end.
 */
export function pageErrors(page: Page, options: { console?: boolean; ignore?: RegExp } = {}): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  if (options.console)
    page.on('console', (message) => {
      if (message.type() === 'error' && !options.ignore?.test(message.text())) errors.push(message.text());
    });
  return errors;
}

/**
 * A screenshot taker for `.cache/screenshots/<folder>` (looked at by people, not compared): at each
 * of SIZES it checks that the page does not scroll sideways and shoots `<name>-<size>.png`, then puts
 * the page back at the desktop size.
 */
export function screenshots(
  folder: string,
  options: { fullPage?: boolean } = {},
): (page: Page, name: string) => Promise<void> {
  const dir = join(CACHE_DIR, 'screenshots', folder);
  return async (page, name) => {
    await mkdir(dir, { recursive: true });
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      // A string, evaluated in the page: this file is typed without the DOM's names.
      const sideways = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(sideways, `${name} at ${size.name} scrolls sideways`).toBeLessThanOrEqual(0);
      await page.screenshot({
        path: join(dir, `${name}-${size.name}.png`),
        fullPage: options.fullPage ?? false,
      });
    }
    await page.setViewportSize({ width: SIZES[0].width, height: SIZES[0].height });
  };
}

const SIGN_IN_LABELS = {
  fr: { email: 'Adresse e-mail', password: 'Mot de passe', button: 'Se connecter' },
  en: { email: 'Email address', password: 'Password', button: 'Sign in' },
} as const;

/** Fills and sends the sign-in form the page shows, in its language. */
export async function fillSignIn(page: Page, lang: 'fr' | 'en', email: string, password: string) {
  const labels = SIGN_IN_LABELS[lang];
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: labels.button }).click();
}
