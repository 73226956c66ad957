/**
 * End to end in Chromium, the journalist's video page (issue 15): it opens at the top with the player
 * and the selection both in view at 1366×900 (one column, no sideways scroll on a phone); signed-out
 * download buttons lead to sign-in and, through registration, back to the video with its selection;
 * the keys work from anywhere but text fields, one → is one frame after a click on the picture; the
 * per-frame timecode is not a live region; marks set by keys, by dragging the scrubber's handles and
 * from a shotlist row give clips with exactly those frames (ffprobe), with one announcement per
 * state; a Web version asked for the first time downloads by itself once made; a bad timecode is
 * refused in the page's language, with no browser bubble.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameToTimecode, timecodeToFrame } from '../../src/lib/timecode/timecode.ts';
import { formatDateTime } from '../../src/web/i18n/index.ts';
import { GOOD_PASSWORD } from '../support/accounts.ts';
import { axeSource, axeViolations } from '../support/axe.ts';
import { launchBrowser, screenshots, type TestBrowser } from '../support/browser.ts';
import { countFrames, startTimecode } from '../support/clip-checks.ts';
import { createStory, ingestAndWait, signedInCookie } from '../support/downloads.ts';
import { smallH264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { extractCode, startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { scaled } from '../support/time-scale.ts';
import { basketJourney } from './basket-journey.ts';

const FORMAT = { rate: { num: 25, den: 1 }, dropFrame: false };
const tc = (frame: number) => frameToTimecode(frame, '10:00:00:00', FORMAT);

describe('video page as a journalist uses it, in Chromium', () => {
  let t: TestPortal;
  let smtp: TestSmtp;
  let signedIn: TestBrowser;
  let signedOut: TestBrowser;
  let videoId = '';
  let harbourId = '';
  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestPortal('pglite', { demo: false, env: { SMTP_URL: smtp.url } });
    // Videos are visible only through a published story (downloads/video-access.ts).
    await createStory(t.portal, 'workspace', '2026-01-05T10:00:00Z');
    await createStory(t.portal, 'harbour', '2026-01-04T10:00:00Z');
    const master = await smallH264Mp4Master();
    // A second video of the same tiny master, for the basket (three clips from two videos).
    [videoId, harbourId] = await Promise.all([
      ingestAndWait(t.portal, { path: master, title: 'Workspace', story: 'workspace' }),
      ingestAndWait(t.portal, { path: master, title: 'Harbour', story: 'harbour' }),
    ]);
    // One shot of the shotlist: frames [100, 140), 40 frames (of 150: 6 s at 25 frames/s).
    await t.portal.database.db
      .updateTable('videos')
      .set({ shotlist: JSON.stringify([{ inFrame: 100, outFrame: 140, fr: 'Plan', en: 'Shot' }]) })
      .where('id', '=', videoId)
      .execute();
    signedIn = await launchBrowser();
    signedOut = await launchBrowser();
    const cookie = await signedInCookie(t.baseUrl, t.dataDir, 'workspace-e2e@example.org');
    const { hostname } = new URL(t.baseUrl);
    await signedIn.context.addCookies(
      cookie.split('; ').map((pair) => {
        const [name = '', value = ''] = pair.split('=');
        return { name, value, domain: hostname, path: '/', httpOnly: true, sameSite: 'Lax' as const };
      }),
    );
  });
  afterAll(async () => {
    await signedIn?.close();
    await signedOut?.close();
    await t?.stop();
    await smtp?.close();
  });

  async function openPlayer(page: Page, path: string): Promise<void> {
    await page.goto(`${t.baseUrl}${path}`);
    await expect.poll(() => page.locator('.player').getAttribute('class')).toContain('player-enhanced');
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, undefined, {
      timeout: scaled(30_000),
    });
  }

  for (const viewport of [
    { width: 1366, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`opens signed in at the top at ${viewport.width}×${viewport.height}`, async () => {
      const page = await signedIn.context.newPage();
      await page.setViewportSize(viewport);
      await openPlayer(page, `/en/videos/${videoId}`);
      await page.waitForLoadState('load');
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      expect(new URL(page.url()).hash).toBe('');
      const box = await page.locator('.player video').boundingBox();
      expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
      expect(box?.y ?? viewport.height).toBeLessThan(viewport.height);
      if (viewport.width === 1366) {
        // The picture, the In and Out fields and the button that makes the clip, all in view.
        for (const selector of [
          '.player video',
          'input[name="in"]',
          'input[name="out"]',
          '.clip-editor button[type="submit"]',
        ]) {
          const shown = await page.locator(selector).boundingBox();
          expect(shown, selector).not.toBeNull();
          expect(shown!.y, selector).toBeGreaterThanOrEqual(0);
          expect(shown!.y + shown!.height, selector).toBeLessThanOrEqual(viewport.height);
        }
      } else {
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
      }
      await page.close();
    });
  }

  it('keys work from anywhere but text fields, I/O on a radio, one frame per → after a click', async () => {
    const page = await signedIn.context.newPage();
    await page.setViewportSize({ width: 1366, height: 900 });
    await openPlayer(page, `/en/videos/${videoId}`);
    const player = page.locator('.player');
    // Nothing focused (the body): → steps one frame.
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => player.getAttribute('data-frame')).toBe('1');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => player.getAttribute('data-frame')).toBe('2');
    // In a text field the keys are the field's.
    await page.locator('input[name="out"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(300);
    expect(await player.getAttribute('data-frame')).toBe('2');
    // I and O on a format radio mark in and out.
    await page.locator('input[name="profile"][value="web"]').focus();
    await page.keyboard.press('i');
    expect(await page.inputValue('input[name="in"]')).toBe(tc(2));
    await page.keyboard.press('o');
    expect(await page.inputValue('input[name="out"]')).toBe(tc(2));

    // A click on the picture (plays), K stops; then → is exactly one frame.
    await page.locator('.player video').click({ position: { x: 200, y: 150 } });
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.3);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('VIDEO');
    await page.keyboard.press('k');
    await page.waitForFunction(() => {
      const v = document.querySelector('video');
      const shown = document.querySelector<HTMLElement>('.player')?.dataset.frame;
      return v?.paused === true && !v.seeking && shown === String(Math.floor(v.currentTime * 25 + 1e-3));
    });
    await page.waitForTimeout(300);
    const before = Number(await player.getAttribute('data-frame'));
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => player.getAttribute('data-frame')).not.toBe(String(before));
    await page.waitForTimeout(500);
    expect(Number(await player.getAttribute('data-frame'))).toBe(before + 1);
    await page.close();
  });

  it('shows the timecode with a name but outside any live region', async () => {
    const page = await signedIn.context.newPage();
    await openPlayer(page, `/en/videos/${videoId}`);
    const cdp = await page.context().newCDPSession(page);
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', {
      nodeId: root.nodeId,
      selector: '[data-timecode]',
    });
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
    const node = nodes[0];
    const live = node?.properties?.find((p) => p.name === 'live')?.value.value;
    expect(live ?? 'off').toBe('off');
    expect(String(node?.name?.value ?? '')).toContain('Timecode');
    await page.close();
  });

  it('signed out, a download button leads to sign-in, then registration, then back to the selection', async () => {
    const page = await signedOut.context.newPage();
    const query = `?in=${encodeURIComponent(tc(10))}&out=${encodeURIComponent(tc(60))}`;
    const videoPath = `/en/videos/${videoId}${query}`;
    await page.goto(`${t.baseUrl}${videoPath}`);
    // On the story page too, back to the story.
    await page.goto(`${t.baseUrl}/en/stories/workspace`);
    const storyButton = page.locator('.downloads a[data-rendition="master"]');
    expect(await storyButton.getAttribute('download')).toBeNull();
    expect(await storyButton.getAttribute('href')).toBe(
      `/en/sign-in?returnTo=${encodeURIComponent('/en/stories/workspace')}`,
    );
    await page.goto(`${t.baseUrl}${videoPath}`);
    const button = page.locator('.downloads a[data-rendition="master"]');
    expect(await button.getAttribute('download')).toBeNull();
    await button.click();
    await page.waitForURL(/\/en\/sign-in\?returnTo=/);
    expect(new URL(page.url()).searchParams.get('returnTo')).toBe(videoPath);

    await page.getByRole('link', { name: 'Create an account' }).last().click();
    await page.waitForURL(/\/en\/register\?returnTo=/);
    expect(new URL(page.url()).searchParams.get('returnTo')).toBe(videoPath);
    const email = 'newcomer@example.org';
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByLabel('Confirm the password').fill(GOOD_PASSWORD);
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Newcomer');
    await page.getByLabel(/Organisation/).fill('Example Agency');
    await page.getByLabel('Country').selectOption('FR');
    await page.getByLabel(/I accept the terms/).check();
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.waitForURL(/\/en\/verify/);
    const code = extractCode(await smtp.waitForMessage(email));
    await page.getByLabel('Verification code').fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`**${videoPath}`);
    expect(await page.inputValue('input[name="in"]')).toBe(tc(10));
    // The address keeps the half-open range; the Out field shows the last frame included.
    expect(await page.inputValue('input[name="out"]')).toBe(tc(59));
    expect(
      await page.locator('.downloads a[data-rendition="master"]').getAttribute('download'),
    ).not.toBeNull();
    await page.close();
  });
  /** Makes the clip the form holds, counting the status region's announcements; the file's path. */
  async function makeClip(page: Page, start: () => Promise<void>): Promise<{ path: string; said: string[] }> {
    await page.evaluate(() => {
      const status = document.querySelector('[data-clip-status]') as HTMLElement;
      const said: string[] = [];
      (window as unknown as { said: string[] }).said = said;
      new MutationObserver(() => said.push(status.textContent ?? '')).observe(status, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    const download = page.waitForEvent('download', { timeout: scaled(120_000) });
    await start();
    const path = await (await download).path();
    const said = await page.evaluate(() => (window as unknown as { said: string[] }).said);
    return { path, said };
  }

  it('clips exactly the frames marked by keys, by dragging the scrubber and from a shotlist row', async () => {
    const page = await signedIn.context.newPage();
    await page.setViewportSize({ width: 1366, height: 900 });
    await openPlayer(page, `/en/videos/${videoId}`);
    const player = page.locator('.player');
    const frameIs = (n: number) => expect.poll(() => player.getAttribute('data-frame')).toBe(String(n));

    // Keys: Shift+→ is one second (25 frames), → one frame; I marks in; O marks out, frame included.
    await page.keyboard.press('Shift+ArrowRight');
    await frameIs(25);
    await page.keyboard.press('ArrowRight');
    await frameIs(26);
    await page.keyboard.press('i');
    await page.keyboard.press('Shift+ArrowRight');
    await frameIs(51);
    await page.keyboard.press('ArrowLeft');
    await frameIs(50);
    await page.keyboard.press('o');
    expect(await page.inputValue('input[name="in"]')).toBe(tc(26));
    expect(await page.inputValue('input[name="out"]')).toBe(tc(50));
    expect(await page.locator('[data-first]').textContent()).toBe(tc(26));
    expect(await page.locator('[data-last]').textContent()).toBe(tc(50));
    expect(await page.locator('[data-duration]').textContent()).toContain('25 frames');
    // The address keeps the API's half-open range.
    await expect.poll(() => new URL(page.url()).searchParams.get('out')).toBe(tc(51));
    // Shift+I and Shift+O go to the marks.
    await page.keyboard.press('Shift+I');
    await frameIs(26);
    await page.keyboard.press('Shift+O');
    await frameIs(50);
    const byKeys = await makeClip(page, () => page.locator('.clip-editor button[type="submit"]').click());
    expect(await countFrames(byKeys.path)).toBe(25);
    expect(await startTimecode(byKeys.path)).toBe(tc(26));
    // One announcement per state (waiting or being prepared, then ready), not one per poll.
    expect(byKeys.said.length).toBeGreaterThan(0);
    expect(byKeys.said.length).toBeLessThanOrEqual(3);
    expect(byKeys.said.at(-1)).toBe('The part is ready; the download starts.');
    // The focus stayed on the button.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('submit');

    // Drag: the In handle to a fifth of the scrubber, the Out handle to three fifths.
    const track = (await page.locator('.scrubber-track').boundingBox())!;
    const drag = async (handle: 'in' | 'out', ratio: number) => {
      const box = (await page.locator(`.scrubber-handle[data-handle="${handle}"]`).boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(track.x + track.width * ratio, box.y + box.height / 2, { steps: 4 });
      await page.mouse.up();
    };
    await drag('in', 0.2);
    await drag('out', 0.6);
    const frameOf = async (name: string) =>
      timecodeToFrame(await page.inputValue(`input[name="${name}"]`), '10:00:00:00', FORMAT);
    const first = await frameOf('in');
    const last = await frameOf('out');
    // Where the handles were dropped (150 frames; a pixel is less than a frame).
    expect(Math.abs(first - 30)).toBeLessThanOrEqual(1);
    expect(Math.abs(last - 90)).toBeLessThanOrEqual(1);
    // The picture follows the handle last dragged: the Out mark's frame.
    await frameIs(last);
    const byDrag = await makeClip(page, () => page.locator('.clip-editor button[type="submit"]').click());
    expect(await countFrames(byDrag.path)).toBe(last - first + 1);
    expect(await startTimecode(byDrag.path)).toBe(tc(first));

    // The shotlist row [100, 140): "Download this shot" selects it and makes it.
    const row = page.locator('.shotlist li.shot').first();
    const byShot = await makeClip(page, () => row.getByRole('button', { name: /Download shot 1/ }).click());
    expect(await page.inputValue('input[name="in"]')).toBe(tc(100));
    expect(await page.inputValue('input[name="out"]')).toBe(tc(139));
    expect(await row.getAttribute('class')).toContain('selected');
    expect(await countFrames(byShot.path)).toBe(40);
    expect(await startTimecode(byShot.path)).toBe(tc(100));
    await page.close();
  });

  it('refuses a bad timecode in the page language, with no browser bubble, and keeps the focus', async () => {
    const page = await signedIn.context.newPage();
    await page.goto(`${t.baseUrl}/fr/videos/${videoId}`);
    // The duration's plural in the page's language (Intl.PluralRules in the page): one frame, then two.
    await page.fill('input[name="in"]', tc(5));
    await page.fill('input[name="out"]', tc(5));
    await expect.poll(() => page.locator('[data-duration]').textContent()).toMatch(/^1 image \(/);
    await page.fill('input[name="out"]', tc(6));
    await expect.poll(() => page.locator('[data-duration]').textContent()).toMatch(/^2 images \(/);
    await page.fill('input[name="in"]', '10:00:99:00');
    await page.locator('.clip-editor button[type="submit"]').click();
    const error = page.locator('[data-clip-error]');
    await expect.poll(() => error.textContent()).toContain('Saisissez un timecode');
    expect(
      await page.locator('input[name="in"]').evaluate((field: HTMLInputElement) => field.validationMessage),
    ).toBe('');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('in');
    expect(await page.locator('input[name="in"]').getAttribute('aria-invalid')).toBe('true');
    // The API names the reason in French too, not the engine's English.
    const answer = await page.evaluate(async (id) => {
      const response = await fetch(`/api/v1/videos/${id}/clips?lang=fr`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inFrame: 50, outFrame: 2250 }),
      });
      return (await response.json()) as { error: { message: string } };
    }, videoId);
    expect(answer.error.message).toBe(
      `Sélection invalide : la sélection doit rester dans la vidéo, de ${tc(0)} à ${tc(149)}.`,
    );
    await page.close();
  });

  it('downloads a Web version asked for the first time by itself once it is made, without a reload', async () => {
    const page = await signedIn.context.newPage();
    await page.goto(`${t.baseUrl}/en/videos/${videoId}`);
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'same document';
    });
    const item = page.locator('.downloads li[data-name="web"]');
    expect(await item.getAttribute('data-status')).toBe('on-request');
    const download = page.waitForEvent('download', { timeout: scaled(240_000) });
    await item.locator('a[data-rendition="web"]').click();
    await expect
      .poll(() => page.locator('[data-download-status]').textContent())
      .toContain('being prepared; the download will start by itself');
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/_web\.mp4$/);
    expect(await countFrames(await file.path())).toBeGreaterThan(0);
    expect(await page.locator('[data-download-status]').textContent()).toBe(
      'Web (H.264 MP4, 1080p): ready, the download starts.',
    );
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe(
      'same document',
    );
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-rendition'))).toBe('web');
    await page.close();
  });

  it('the basket downloads three clips from two videos, all at once and one by one; the history again', {
    timeout: scaled(240_000),
  }, async () => {
    await basketJourney(signedIn.context, t.baseUrl, { first: videoId, second: harbourId });
  });

  it('signed out, dates and times show in the browser’s time zone, said so', async () => {
    const db = t.portal.database.db;
    const until = new Date('2099-01-02T08:30:00Z');
    await db
      .insertInto('video_usage')
      .values({ video_id: harbourId, embargo_until: until, embargo_kind: 'available' })
      .execute();
    // Signed out (the sign-in test above left a session in this browser).
    await signedOut.context.clearCookies();
    const page = await signedOut.context.newPage();
    try {
      // UTC+14: the story's 2026-01-04T10:00Z is already the 5th there; the embargo's time too.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Pacific/Kiritimati' });
      await page.goto(`${t.baseUrl}/fr/stories/harbour`);
      expect(await page.locator('time[datetime]').first().textContent()).toBe('Publié le 5 janvier 2026');
      expect(await page.locator('.downloads time').textContent()).toBe(
        `Sous embargo jusqu’au ${formatDateTime('fr', until, 'Pacific/Kiritimati')} : téléchargement impossible avant cette date.`,
      );
      expect(await page.locator('.downloads time').textContent()).toContain('22:30 UTC+14');
      const portalZone = (await page.locator('meta[name="time-zone"]').getAttribute('content')) ?? '';
      expect(portalZone).not.toBe('Pacific/Kiritimati');
      await cdp.send('Emulation.setTimezoneOverride', { timezoneId: portalZone });
      await page.reload();
      expect(await page.locator('.downloads time').textContent()).toContain(
        formatDateTime('fr', until, portalZone),
      );
    } finally {
      await page.close();
      await db.deleteFrom('video_usage').where('video_id', '=', harbourId).execute();
    }
  });

  it('axe-core: no violation on any page, FR and EN, desktop and phone, signed out and in', {
    timeout: scaled(300_000),
  }, async () => {
    const axe = await axeSource();
    const db = t.portal.database.db;
    // A topic holding the story, and a newsletter edition: their pages too.
    const story = await db
      .selectFrom('stories')
      .select('id')
      .where('slug', '=', 'workspace')
      .executeTakeFirstOrThrow();
    const topic = await db
      .insertInto('topics')
      .values({ slug: 'workspace-topic', name_fr: 'Sujet', name_en: 'Topic' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('story_topics')
      .values({ story_id: story.id, topic_id: topic.id, position: 0 })
      .execute();
    const edition = await db
      .insertInto('newsletter_editions')
      .values({ intro_fr: 'Édition.', intro_en: 'Edition.', status: 'draft' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const publicPages = [
      '',
      '/stories/workspace',
      '/topics/workspace-topic',
      '/videos',
      `/videos/${videoId}`,
      '/search?q=workspace',
      '/terms',
      '/privacy',
      '/newsletter',
    ];
    const signedOutPages = [...publicPages, '/sign-in', '/register', '/password-reset'];
    const signedInPages = [
      ...publicPages,
      '/account',
      '/account/downloads',
      '/account/two-factor',
      '/welcome',
      '/basket',
      '/admin',
      '/admin/videos',
      `/admin/videos/${videoId}`,
      `/admin/videos/${videoId}/downloads`,
      '/admin/upload',
      '/admin/stories',
      '/admin/stories/new',
      `/admin/stories/${story.id}`,
      `/admin/stories/${story.id}/revisions`,
      `/admin/stories/${story.id}/preview`,
      '/admin/topics',
      '/admin/users',
      '/admin/audit',
      '/admin/settings',
      '/admin/photos',
      '/admin/audio',
      '/admin/newsletter',
      `/admin/newsletter/${edition.id}`,
    ];
    const found: string[] = [];
    const shoot = process.env.PORTAL_SCREENSHOTS ? screenshots('pages') : null;
    // One browser, one tab: signed out first, then signed in as an administrator (every page). The
    // sign-in test above left a journalist's session in this browser: signed out means no cookie.
    await signedOut.context.clearCookies();
    const page = await signedOut.context.newPage();
    // In every document before its scripts, through the debugger: the portal's CSP stays as it is.
    await page.addInitScript(axe);
    const visit = async (paths: string[], who: string) => {
      for (const lang of ['fr', 'en'])
        for (const path of paths) {
          await page.setViewportSize({ width: 1366, height: 900 });
          const response = await page.goto(`${t.baseUrl}/${lang}${path}`);
          const where = `${who} /${lang}${path}`;
          if (response?.status() !== 200) found.push(`${where}: HTTP ${response?.status()}`);
          for (const v of await axeViolations(page, axe)) found.push(`${where} desktop: ${v}`);
          await page.setViewportSize({ width: 390, height: 844 });
          for (const v of await axeViolations(page, axe)) found.push(`${where} phone: ${v}`);
          const sideways = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          if (sideways > 0) found.push(`${where} phone: scrolls sideways by ${sideways} px`);
          // PORTAL_SCREENSHOTS=1: every page at both widths into .cache/screenshots/pages, to look at.
          if (shoot)
            await shoot(
              page,
              `${who.replace(' ', '-')}-${lang}${path.replace(/[^a-z0-9]+/gi, '-') || '-home'}`,
            );
        }
    };
    await visit(signedOutPages, 'signed out');
    const cookie = await signedInCookie(t.baseUrl, t.dataDir, 'workspace-axe@example.org', { role: 'admin' });
    const { hostname } = new URL(t.baseUrl);
    await signedOut.context.addCookies(
      cookie.split('; ').map((pair) => {
        const [name = '', value = ''] = pair.split('=');
        return { name, value, domain: hostname, path: '/', httpOnly: true, sameSite: 'Lax' as const };
      }),
    );
    await visit(signedInPages, 'admin');
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'workspace-axe@example.org')
      .executeTakeFirst();
    if (user) await visit([`/admin/users/${user.id}`], 'admin');
    await page.close();
    expect(found).toEqual([]);
  });
});
