/**
 * The basket as a journalist uses it in Chromium (issue 15), run inside test/e2e/workspace.test.ts on
 * that file's portal: three selections from two videos put aside from the video pages' clip editor,
 * named on the basket page, downloaded all at once (the ZIP: ffprobe counts each clip's frames) and
 * one by one, then found again in the download history, where one click downloads a past clip again.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { frameToTimecode } from '../../src/lib/timecode/timecode.ts';
import { sha256Of } from '../support/downloads.ts';
import { scaled } from '../support/time-scale.ts';

const run = promisify(execFile);
const FORMAT = { rate: { num: 25, den: 1 }, dropFrame: false };
const tc = (frame: number) => frameToTimecode(frame, '10:00:00:00', FORMAT);

/** One selection: half-open frames of a video, and the name the journalist gives it. */
interface Selection {
  videoId: string;
  inFrame: number;
  outFrame: number;
  name: string;
}

/** Frames decoded and the start timecode declared, in one ffprobe. */
async function probe(path: string): Promise<[number, string | undefined]> {
  const { stdout } = await run('ffprobe', [
    ...['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-of', 'json'],
    ...['-show_entries', 'stream=nb_read_frames:stream_tags=timecode', path],
  ]);
  const stream = (
    JSON.parse(stdout) as { streams: { nb_read_frames: string; tags?: { timecode?: string } }[] }
  ).streams[0];
  return [Number(stream?.nb_read_frames), stream?.tags?.timecode];
}

async function downloadedPath(page: Page, click: () => Promise<void>): Promise<string> {
  const download = page.waitForEvent('download', { timeout: scaled(120_000) });
  await click();
  return (await download).path();
}

export async function basketJourney(
  context: BrowserContext,
  baseUrl: string,
  videos: { first: string; second: string },
): Promise<void> {
  // Whole GOPs of the 100-frame GOP master and one shot's range: 40, 100 and 50 frames.
  const selections: Selection[] = [
    { videoId: videos.first, inFrame: 100, outFrame: 140, name: 'Quayside shot' },
    { videoId: videos.second, inFrame: 0, outFrame: 100, name: 'Harbour opening' },
    { videoId: videos.second, inFrame: 100, outFrame: 150, name: 'Harbour end' },
  ];
  const page = await context.newPage();
  await page.setViewportSize({ width: 1366, height: 900 });
  for (const [i, s] of selections.entries()) {
    // The second video's two selections from one visit: its second one typed into the fields.
    if (selections[i - 1]?.videoId !== s.videoId) {
      const query = `?in=${encodeURIComponent(tc(s.inFrame))}&out=${encodeURIComponent(tc(s.outFrame))}`;
      await page.goto(`${baseUrl}/en/videos/${s.videoId}${query}`, { waitUntil: 'domcontentloaded' });
      // The editor enhanced (its summary shown): the button adds through the API, no page change.
      await page.locator('[data-summary]').waitFor({ state: 'visible' });
    } else {
      // The Out field shows the last frame included.
      await page.fill('input[name="in"]', tc(s.inFrame));
      await page.fill('input[name="out"]', tc(s.outFrame - 1));
    }
    await page.getByRole('button', { name: 'Add to my selection' }).click();
    await expect
      .poll(() => page.locator('[data-clip-status]').textContent())
      .toContain(`Added to your selection (${i + 1} ${i === 0 ? 'item' : 'items'} in all).`);
  }

  await page.goto(`${baseUrl}/en/basket`);
  const items = page.locator('.basket-item');
  expect(await items.count()).toBe(3);
  for (const [i, s] of selections.entries()) {
    await items.nth(i).getByLabel('Name').fill(s.name);
    // The form posts, and the answer's redirect brings the basket page back.
    const back = page.waitForResponse(
      (r) => r.request().method() === 'GET' && new URL(r.url()).pathname === '/en/basket',
    );
    await items.nth(i).getByRole('button', { name: 'Rename' }).click();
    await back;
    await page.waitForLoadState('load');
  }
  expect(await page.locator('.basket-name-shown').allTextContents()).toEqual(
    selections.map((s) => `— ${s.name}`),
  );
  // Looking at the basket asked for its clips; the page refreshes itself until they are made.
  await expect
    .poll(
      () =>
        page.evaluate(
          async () => ((await (await fetch('/api/v1/basket')).json()) as { ready: boolean }).ready,
        ),
      { timeout: scaled(120_000) },
    )
    .toBe(true);
  await page.goto(`${baseUrl}/en/basket`);

  const work = await mkdtemp(join(tmpdir(), 'basket-e2e-'));
  try {
    // All at once: one ZIP with a manifest and the three clips, each with exactly its frames.
    const zip = await downloadedPath(page, () =>
      page.getByRole('link', { name: 'Download all (ZIP)' }).click(),
    );
    await run('unzip', ['-q', zip, '-d', work]);
    const manifest = JSON.parse(await readFile(join(work, 'manifest.json'), 'utf8')) as {
      files: { file: string; name: string; videoId: string; frames: number }[];
    };
    expect(manifest.files.map((f) => [f.videoId, f.name, f.frames])).toEqual(
      selections.map((s) => [s.videoId, s.name, s.outFrame - s.inFrame]),
    );
    const clips = manifest.files.map((f) => join(work, f.file));
    for (const [i, s] of selections.entries())
      expect(await probe(clips[i] ?? ''), s.name).toEqual([s.outFrame - s.inFrame, tc(s.inFrame)]);
    // One by one: each item's own link gives the same file, byte for byte.
    for (const [i, s] of selections.entries()) {
      const file = await downloadedPath(page, () =>
        items
          .nth(i)
          .getByRole('link', { name: /^Download/ })
          .click(),
      );
      expect(await sha256Of(file), s.name).toBe(await sha256Of(clips[i] ?? ''));
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  // The history lists each clip; one click on a past clip downloads it again, from this page.
  await page.goto(`${baseUrl}/en/account/downloads`);
  const rows = page.locator('table.history tbody tr');
  for (const s of selections)
    expect(
      await rows.filter({ hasText: `Broadcast clip ${tc(s.inFrame)} → ${tc(s.outFrame)}` }).count(),
    ).toBeGreaterThan(0);
  const last = selections[2]!;
  const row = rows.filter({ hasText: `Broadcast clip ${tc(last.inFrame)} → ${tc(last.outFrame)}` }).first();
  await page.evaluate(() => {
    (window as unknown as { marker: string }).marker = 'same document';
  });
  const again = await downloadedPath(page, () => row.getByRole('button', { name: /Download again/ }).click());
  expect(await probe(again)).toEqual([last.outFrame - last.inFrame, tc(last.inFrame)]);
  expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same document');
  await page.close();
}
