/**
 * The back office's videos list tells why an ingest failed in the editor's language, without raw
 * ffprobe/ffmpeg output: no absolute server path, no upload id (another editor's upload) reaches
 * the page; editors see every video, but not the others' uploads. Both database modes.
 */
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { type Client, client, GOOD_PASSWORD } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { notMedia } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { scaled } from '../support/time-scale.ts';
import { createUpload, headUpload, patchFromFile } from '../support/tus.ts';

describe.each(databaseModes())('failure reasons in the back office (%s)', (mode) => {
  let t: TestPortal;
  let uploader: Client;
  let colleague: Client;

  async function editor(email: string, lang: string): Promise<Client> {
    await callOperator(t.dataDir, 'users/create', {
      email,
      password: GOOD_PASSWORD,
      role: 'editor',
      verified: true,
    });
    const c = client(t.baseUrl, lang);
    expect((await c.api('POST', '/session', { email, password: GOOD_PASSWORD })).status).toBe(200);
    return c;
  }

  const rowOf = (html: string, id: string) =>
    html.slice(html.indexOf(`id="video-${id}"`)).split('</tr>')[0] ?? '';

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    uploader = await editor(`uploader-${mode}@example.org`, 'en');
    colleague = await editor(`colleague-${mode}@example.org`, 'fr');
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('shows a refused upload’s translated reason, without paths or upload ids', async () => {
    const file = await notMedia();
    const created = await createUpload(t.baseUrl, uploader.jar.header(), (await stat(file)).size, {
      filename: 'notes.mxf',
    });
    const location = created.headers.get('location') ?? '';
    const uploadId = location.split('/').pop() ?? '';
    expect(uploadId).not.toBe('');
    const done = await patchFromFile(new URL(location, t.baseUrl).href, uploader.jar.header(), file, 0);
    const videoId = String(done.headers['upload-video-id']);
    for (const until = Date.now() + scaled(60_000); Date.now() < until; ) {
      const row = await t.portal.database.db
        .selectFrom('videos')
        .select('status')
        .where('id', '=', videoId)
        .executeTakeFirstOrThrow();
      if (row.status !== 'processing') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const stored = await t.portal.database.db
      .selectFrom('videos')
      .select(['error', 'error_code'])
      .where('id', '=', videoId)
      .executeTakeFirstOrThrow();
    expect(stored.error_code).toBe('not_media');
    expect(stored.error ?? '').not.toContain(t.dataDir);
    expect(stored.error ?? '').not.toContain(uploadId);

    for (const [who, reason] of [
      [uploader, 'This file is not a video, or not in a format we recognise.'],
      [colleague, 'Ce fichier n’est pas une vidéo ou un format reconnu.'],
    ] as const) {
      const page = await who.page(`/${who === uploader ? 'en' : 'fr'}/admin/videos`);
      expect(page.response.status).toBe(200);
      const row = rowOf(page.html, videoId);
      expect(row).toContain(reason);
      expect(row).toContain('notes.mxf');
      expect(page.html).not.toContain(t.dataDir);
      expect(page.html).not.toContain(uploadId);
      expect(page.html).not.toContain('/uploads/');
    }
    // The colleague sees the video, not the upload.
    expect((await headUpload(new URL(location, t.baseUrl).href, colleague.jar.header())).status).toBe(403);
    expect((await colleague.api('GET', `/uploads/${uploadId}/video`)).status).toBe(403);
  });

  it('keeps server paths and ids out of failures recorded before (raw ffmpeg messages)', async () => {
    const uploadId = 'f3a9c2d18b7e4a6f9e0d1c2b3a4f5e6d';
    const raw =
      `preview: ffmpeg exited with code 1: ${t.dataDir}/uploads/${uploadId}: Invalid data found when processing input\n` +
      `[mov,mp4 @ 0x55d0c0a1b2c0] moov atom not found in file:${t.dataDir}/media/masters/ab/${'ab'.repeat(32)}/master.mp4`;
    const id = '0b7c6a52-3d1e-4f7a-9c2b-5e8d7f6a1b20';
    await t.portal.database.db
      .insertInto('videos')
      .values({
        id,
        title_fr: 'Ancienne',
        title_en: 'Old one',
        status: 'failed',
        error: raw,
        stage: 'preview',
      })
      .execute();
    const page = await colleague.page('/fr/admin/videos');
    const row = rowOf(page.html, id);
    expect(row).toContain('La préparation');
    expect(row).toContain('Invalid data found when processing input');
    expect(row).not.toContain(t.dataDir);
    expect(row).not.toContain(uploadId);
    expect(row).not.toContain('ab'.repeat(32));
    expect(row).not.toContain('/media/');
  });
});
