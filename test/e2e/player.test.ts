/**
 * End to end in Chromium: the preview plays, three frame steps land on the expected frame, and the
 * timecode shown is the master's timecode of the picture on screen (compared with the master's own
 * frames: PSNR against the same frame and against its neighbours).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameToTimecode } from '../../src/lib/timecode/timecode.ts';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { startTestPortal, type TestPortal, waitForDemoVideos } from '../support/portal.ts';
import { scaled } from '../support/time-scale.ts';

/** PSNR (dB) between two images, read from ffmpeg's psnr filter (100 when identical). */
function psnr(a: string, b: string): number {
  const { stderr } = spawnSync(
    'ffmpeg',
    ['-hide_banner', '-i', a, '-i', b, '-lavfi', 'psnr', '-f', 'null', '-'],
    {
      encoding: 'utf8',
    },
  );
  const match = /average:(inf|[\d.]+)/.exec(stderr);
  if (!match) throw new Error(`no PSNR in: ${stderr.slice(-500)}`);
  return match[1] === 'inf' ? 100 : Number(match[1]);
}

describe('preview player in Chromium', () => {
  let t: TestPortal;
  let browser: TestBrowser;
  let work: string;
  beforeAll(async () => {
    t = await startTestPortal('pglite', { demo: 'short' });
    browser = await launchBrowser();
    work = await mkdtemp(join(tmpdir(), 'portal-player-'));
    await waitForDemoVideos(t.portal, 1);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('plays, steps three frames and shows the master timecode of the frame on screen', async () => {
    const stories = await (await fetch(`${t.baseUrl}/api/v1/stories?lang=en`)).json();
    const story = await (await fetch(`${t.baseUrl}/api/v1/stories/${stories.items[0].slug}?lang=en`)).json();
    const video = story.videos[0];
    expect(video.status).toBe('ready');

    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${t.baseUrl}/en/videos/${video.id}`);
    const player = page.locator('.player');
    await expect.poll(() => player.getAttribute('class')).toContain('player-enhanced');
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, undefined, {
      timeout: scaled(30_000),
    });

    // Play with the keyboard for a moment, then stop with K.
    await player.focus();
    await page.keyboard.press(' ');
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.5, undefined, {
      timeout: scaled(30_000),
    });
    await page.keyboard.press('k');
    // Stopped, the player settles on the frame on screen: wait until that seek is done.
    await page.waitForFunction(() => {
      const v = document.querySelector('video');
      const shown = document.querySelector<HTMLElement>('.player')?.dataset.frame;
      return v?.paused === true && !v.seeking && shown === String(Math.floor(v.currentTime * 50 + 1e-3));
    });

    const start = Number(await player.getAttribute('data-frame'));
    for (let i = 0; i < 3; i += 1) {
      const before = await player.getAttribute('data-frame');
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => player.getAttribute('data-frame')).not.toBe(before);
    }
    const frame = Number(await player.getAttribute('data-frame'));
    expect(frame).toBe(start + 3);
    const expected = frameToTimecode(frame, '10:00:00:00', { rate: { num: 50, den: 1 }, dropFrame: false });
    await expect.poll(() => page.locator('[data-timecode]').textContent()).toBe(expected);

    // The picture on screen is the master's frame `frame`.
    const shot = await page.evaluate(async () => {
      const v = document.querySelector('video') as HTMLVideoElement;
      const canvas = document.createElement('canvas');
      canvas.width = v.videoWidth;
      canvas.height = v.videoHeight;
      canvas.getContext('2d')?.drawImage(v, 0, 0);
      return { png: canvas.toDataURL('image/png'), width: v.videoWidth, height: v.videoHeight };
    });
    const shotPath = join(work, 'shot.png');
    await writeFile(shotPath, Buffer.from(shot.png.split(',')[1] ?? '', 'base64'));
    const masterPath = (
      await t.portal.database.db
        .selectFrom('videos')
        .select('master_path')
        .where('id', '=', video.id)
        .executeTakeFirstOrThrow()
    ).master_path as string;
    const scores: number[] = [];
    for (const n of [frame - 1, frame, frame + 1]) {
      const out = join(work, `master-${n}.png`);
      execFileSync('ffmpeg', [
        '-v',
        'error',
        '-y',
        '-i',
        join(t.portal.mediaDir, masterPath),
        '-vf',
        `select=eq(n\\,${n}),scale=${shot.width}:${shot.height}`,
        '-frames:v',
        '1',
        out,
      ]);
      scores.push(psnr(out, shotPath));
    }
    const [previous = 0, same = 0, next = 0] = scores;
    expect(same, `PSNR prev/same/next ${scores.join(' / ')}`).toBeGreaterThan(Math.max(previous, next) + 3);
    expect(errors).toEqual([]);
  });

  it('shows processing with progress, then the player as soon as the first segments play, without a reload', {
    timeout: scaled(300_000),
  }, async () => {
    const { xdcamMxfMaster } = await import('../support/masters.ts');
    const { createStory } = await import('../support/downloads.ts');
    // Videos are visible only through a published story (downloads/video-access.ts).
    await createStory(t.portal, 'processing', '2026-01-05T10:00:00Z');
    const { id } = await t.portal.ingest({
      path: await xdcamMxfMaster({ seconds: 10 }),
      title: 'Processing',
      story: 'processing',
    });
    const page = await browser.context.newPage();
    await page.goto(`${t.baseUrl}/en/videos/${id}`);
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'same document';
    });
    expect(await page.locator(`#video-${id} [role="status"]`).first().textContent()).toMatch(
      /Video being prepared \(\d+%\)/,
    );
    await page.locator(`#video-${id} .player.player-enhanced`).waitFor({ timeout: scaled(120_000) });
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe(
      'same document',
    );
    await page
      .locator(`#video-${id} [role="status"]`)
      .waitFor({ state: 'detached', timeout: scaled(120_000) });
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe(
      'same document',
    );
  });
});
