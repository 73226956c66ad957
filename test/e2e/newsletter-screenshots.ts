/**
 * Screenshots of the newsletter's pages and of a digest email (docs/screenshots/newsletter-*.png):
 * a real portal (embedded database, test SMTP server, its clock moved a day on), three published
 * stories, a confirmed daily subscriber; the public page and the back office's edition page in FR and EN at 1366×900 and 390×844,
 * the digest as received, in light and dark mode. Run: `npx tsx test/e2e/newsletter-screenshots.ts`.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { startPortal } from '../../src/portal.ts';
import { launchBrowser } from '../support/browser.ts';
import { startTestSmtp } from '../support/smtp.ts';

const GOOD_PASSWORD = 'Quartz-Lantern-42!';

/** A browser-less client: JSON API calls and form posts with one cookie jar. */
function client(baseUrl: string, lang: string) {
  const cookies = new Map<string, string>();
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const store = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  };
  let csrf = '';
  return {
    cookies,
    async api(method: string, path: string, body?: unknown) {
      const response = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: {
          'accept-language': lang,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(cookies.size ? { cookie: header() } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      store(response);
      return response;
    },
    async page(path: string) {
      const response = await fetch(`${baseUrl}${path}`, {
        headers: cookies.size ? { cookie: header() } : {},
      });
      store(response);
      csrf = /name="_csrf" value="([^"]+)"/.exec(await response.text())?.[1] ?? '';
    },
    async form(path: string, fields: Record<string, string>) {
      const response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header() },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
        redirect: 'manual',
      });
      store(response);
    },
  };
}

const OUT = join(import.meta.dirname, '../../docs/screenshots');
const SIZES = [
  [1366, 900],
  [390, 844],
] as const;

const smtp = await startTestSmtp();
const dataDir = await mkdtemp(join(tmpdir(), 'newsletter-shots-'));
let offsetMs = 0;
const portal = await startPortal({
  clock: () => new Date(Date.now() + offsetMs),
  config: loadConfig({ PORT: '0', DATA_DIR: dataDir, DEMO: '0', SMTP_URL: smtp.url, NEWSLETTER_RATE: '0' }),
  web: true,
  worker: true,
  logger: pino({ level: 'warn' }),
});
const t = { baseUrl: portal.url ?? '', dataDir };
const browser = await launchBrowser();
try {
  await mkdir(OUT, { recursive: true });
  await callOperator(t.dataDir, 'users/create', {
    email: 'ed@example.org',
    password: GOOD_PASSWORD,
    role: 'editor',
    verified: true,
  });
  const editor = client(t.baseUrl, 'en');
  await editor.api('POST', '/session', { email: 'ed@example.org', password: GOOD_PASSWORD });
  for (const name of [
    { fr: 'Énergie', en: 'Energy' },
    { fr: 'Culture', en: 'Culture' },
    { fr: 'Climat', en: 'Climate' },
  ])
    await editor.api('POST', '/topics', { name });
  const reader = client(t.baseUrl, 'fr');
  await reader.api('POST', '/newsletter/subscribers', {
    email: 'lecteur@example.org',
    language: 'fr',
    frequency: 'daily',
  });
  const confirm = await smtp.waitForMessage('lecteur@example.org');
  const token = /confirm\?token=([A-Za-z0-9_-]+)/.exec(confirm.text)?.[1] ?? '';
  await reader.page(`/fr/newsletter/confirm?token=${token}`);
  await reader.form('/fr/newsletter/confirm', { token });
  const stories = [
    [
      'Le parc éolien en mer entre en service',
      'Offshore wind farm starts operating',
      'energie',
      'Les 62 éoliennes produisent leurs premiers mégawattheures au large de la côte.',
      'The 62 turbines deliver their first megawatt-hours off the coast.',
    ],
    [
      'Un festival de musique ancienne à Bruges',
      'An early-music festival in Bruges',
      'culture',
      'Dix jours de concerts dans les églises et les béguinages de la ville.',
      'Ten days of concerts in the city’s churches and beguinages.',
    ],
    [
      'Sécheresse : les nappes au plus bas',
      'Drought: groundwater at its lowest',
      'climat',
      'Les relevés de novembre confirment un déficit historique.',
      'November readings confirm a record shortfall.',
    ],
  ];
  for (const [fr, en, topic, sfr, sen] of stories) {
    const created = (await (
      await editor.api('POST', '/stories', {
        translations: {
          fr: { title: fr, standfirst: sfr, body: 'Texte.' },
          en: { title: en, standfirst: sen, body: 'Text.' },
        },
        topics: [topic],
      })
    ).json()) as { id: number };
    await editor.api('POST', `/stories/${created.id}/publish`, {});
  }
  // A day later: the daily digest holds the three stories.
  offsetMs = 25 * 3_600_000;
  await portal.jobs.send('newsletter.plan', {});
  const digest = await smtp.waitForMessage(
    'lecteur@example.org',
    (m) => m.subject.includes('nouveaux sujets'),
    60_000,
  );
  const edition = (await (
    await editor.api('POST', '/newsletter/editions', {
      intro: {
        fr: 'Bonjour à toutes et à tous. Voici les sujets de la semaine, choisis par la rédaction.',
        en: 'Hello everyone. Here are the week’s stories, chosen by the newsroom.',
      },
    })
  ).json()) as { id: string };

  const page = await browser.context.newPage();
  const cookies = [...editor.cookies].map(([name, value]) => ({ name, value, url: t.baseUrl }));
  for (const lang of ['fr', 'en'] as const) {
    for (const [width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      await browser.context.clearCookies();
      await page.goto(`${t.baseUrl}/${lang}/newsletter`);
      await page.screenshot({
        path: join(OUT, `newsletter-page-${lang}-${width}x${height}.png`),
        fullPage: true,
      });
      await browser.context.addCookies(cookies);
      await page.goto(`${t.baseUrl}/${lang}/admin/newsletter/${edition.id}`);
      // Frames below the fold load when seen: show each, then wait for every frame.
      for (const frame of await page.locator('iframe').all()) await frame.scrollIntoViewIfNeeded();
      await page.waitForLoadState('networkidle');
      await Promise.all(page.frames().map((f) => f.waitForLoadState('load')));
      // Chromium leaves out-of-process frames (the sandboxed previews) blank below the fold of a
      // full-page capture: grow the viewport to the page instead.
      const full = await page
        .locator('body')
        .evaluate((body) => body.ownerDocument.documentElement.scrollHeight);
      await page.setViewportSize({ width, height: full });
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(OUT, `newsletter-admin-${lang}-${width}x${height}.png`) });
    }
  }
  for (const scheme of ['light', 'dark'] as const) {
    for (const [width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('about:blank');
      await page.setContent(digest.html);
      await page.screenshot({
        path: join(OUT, `newsletter-digest-${scheme}-${width}x${height}.png`),
        fullPage: true,
      });
    }
  }
  console.log(`screenshots in ${OUT}`);
} finally {
  await browser.close();
  await portal.stop();
  await rm(dataDir, { recursive: true, force: true });
  await smtp.close();
}
