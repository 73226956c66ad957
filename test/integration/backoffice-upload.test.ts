/**
 * Back office uploads through the tus protocol against a running portal: access (anonymous 401,
 * journalist 403, another editor's upload 403), an upload cut midway and resumed from the server's
 * offset becoming a ready video with the source's sha256, a non-media upload failing with not_media
 * in /admin/videos, the hand-over after a crash, retry of a failed video, and the sweep of uploads
 * no longer needed. Both database modes.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUploads } from '../../src/backoffice/uploads.ts';
import { storyReads } from '../../src/catalog/module.ts';
import { requestIngest } from '../../src/media/public.ts';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { type Client, client, GOOD_PASSWORD } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { notMedia, smallH264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { scaled } from '../support/time-scale.ts';
import { createUpload, headUpload, patchFromFile, TUS } from '../support/tus.ts';

let t: TestPortal;
let editor: Client;
let journalist: Client;
let otherEditor: Client;

async function signedIn(email: string, role: string): Promise<Client> {
  await callOperator(t.dataDir, 'users/create', { email, password: GOOD_PASSWORD, role, verified: true });
  const c = client(t.baseUrl);
  const response = await c.api('POST', '/session', { email, password: GOOD_PASSWORD });
  expect(response.status).toBe(200);
  return c;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function waitForVideo(id: string, timeoutMs = 120_000) {
  const deadline = Date.now() + scaled(timeoutMs);
  for (;;) {
    const video = await t.portal.database.db
      .selectFrom('videos')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (video.status !== 'processing') return video;
    if (Date.now() > deadline) throw new Error(`video ${id} still processing`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Creates an upload and sends the whole file in one PATCH; returns the upload URL and video id. */
async function uploadWhole(c: Client, file: string, metadata: Record<string, string>) {
  const size = (await stat(file)).size;
  const created = await createUpload(t.baseUrl, c.jar.header(), size, metadata);
  expect(created.status).toBe(201);
  const url = new URL(created.headers.get('location') ?? '', t.baseUrl).href;
  const done = await patchFromFile(url, c.jar.header(), file, 0);
  expect(done.status).toBe(204);
  return { url, videoId: String(done.headers['upload-video-id']) };
}

describe.each(databaseModes())('back office uploads (%s)', (mode) => {
  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    const db = t.portal.database.db;
    const story = await db
      .insertInto('stories')
      .values({ slug: 'flood-2026', published_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('story_translations')
      .values([
        { story_id: story.id, language: 'fr', title: 'Crue de 2026', standfirst: '', body: '' },
        { story_id: story.id, language: 'en', title: 'The 2026 flood', standfirst: '', body: '' },
      ])
      .execute();
    editor = await signedIn('editor@example.org', 'editor');
    otherEditor = await signedIn('editor2@example.org', 'editor');
    journalist = await signedIn('journalist@example.org', 'journalist');
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('refuses anonymous users (401) and journalists (403), on the API and the pages', async () => {
    const anonymous = await createUpload(t.baseUrl, '', 10, { filename: 'a.mxf' });
    expect(anonymous.status).toBe(401);
    const denied = await createUpload(t.baseUrl, journalist.jar.header(), 10, { filename: 'a.mxf' });
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.code).toBe('forbidden');

    const page = await client(t.baseUrl).page('/en/admin/videos');
    expect(page.response.status).toBe(303);
    expect(page.response.headers.get('location')).toBe('/en/sign-in?returnTo=%2Fen%2Fadmin%2Fvideos');
    const forbidden = await journalist.page('/fr/admin/upload');
    expect(forbidden.response.status).toBe(403);
    expect(forbidden.html).toContain('réservé aux éditeurs');
    expect(forbidden.html).not.toContain('href="/fr/admin"');
    const home = await editor.page('/en/');
    expect(home.html).toContain('href="/en/admin"');
  });

  it('resumes an upload cut midway from the server offset; the video is ready with the source sha256', async () => {
    const source = await smallH264Mp4Master({ seconds: 12 });
    const size = (await stat(source)).size;
    const cookie = editor.jar.header();
    const created = await createUpload(t.baseUrl, cookie, size, {
      filename: 'Flood aerials.mp4',
      title: 'Flood aerials',
      story: 'flood-2026',
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    expect(location).toMatch(/^\/api\/v1\/uploads\/[A-Za-z0-9_-]+$/);
    const url = new URL(location, t.baseUrl).href;

    const cut = await patchFromFile(url, cookie, source, 0, { cutAfter: Math.floor(size * 0.4) });
    expect(cut.aborted).toBe(true);
    // Another editor cannot touch it.
    expect((await headUpload(url, otherEditor.jar.header())).status).toBe(403);

    // The lock held by the dropped request is released shortly after.
    let offset = 0;
    for (const until = Date.now() + scaled(5_000); Date.now() < until; ) {
      const head = await headUpload(url, cookie);
      if (head.status === 200) {
        offset = Number(head.headers.get('upload-offset'));
        expect(Number(head.headers.get('upload-length'))).toBe(size);
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(cut.sent);
    expect(offset).toBeLessThan(size);
    const early = await editor.api('GET', `${location.replace('/api/v1', '')}/video`);
    expect(early.status).toBe(409);

    const rest = await patchFromFile(url, cookie, source, offset);
    expect(rest.status).toBe(204);
    expect(rest.headers['upload-offset']).toBe(String(size));
    const videoId = String(rest.headers['upload-video-id']);
    expect(videoId).toMatch(/^[0-9a-f-]{36}$/);
    const again = await editor.api('GET', `${location.replace('/api/v1', '')}/video`);
    expect(await again.json()).toMatchObject({ videoId });

    const video = await waitForVideo(videoId);
    expect(video.status).toBe('ready');
    expect(video.master_sha256).toBe(await sha256(source));
    expect(video.title_en).toBe('Flood aerials');
    expect(video.source_name).toBe('Flood aerials.mp4');
    const link = await t.portal.database.db
      .selectFrom('story_videos')
      .innerJoin('stories', 'stories.id', 'story_videos.story_id')
      .select('stories.slug')
      .where('video_id', '=', videoId)
      .executeTakeFirst();
    expect(link?.slug).toBe('flood-2026');

    const list = await editor.page('/en/admin/videos');
    expect(list.response.status).toBe(200);
    expect(list.html).toMatch(new RegExp(`id="video-${videoId}"[^>]*data-status="ready"`));
  });

  it('refuses an unknown story before any byte is sent, and a missing file name', async () => {
    const cookie = editor.jar.header();
    const noStory = await createUpload(t.baseUrl, cookie, 10, { filename: 'a.mxf', story: 'nope' });
    expect(noStory.status).toBe(422);
    expect(await noStory.json()).toEqual({
      error: { code: 'story_not_found', message: 'No story with the slug “nope”.' },
    });
    const noName = await createUpload(t.baseUrl, cookie, 10, { title: 'x' });
    expect(noName.status).toBe(400);
    const tooBig = await createUpload(t.baseUrl, cookie, 300e9, { filename: 'huge.mxf' });
    expect(tooBig.status).toBe(413);
  });

  it('hands a complete upload to ingest on GET …/video when the process died before the hand-over', async () => {
    const source = await smallH264Mp4Master({ seconds: 12 });
    const size = (await stat(source)).size;
    const created = await createUpload(t.baseUrl, editor.jar.header(), size, { filename: 'crash.mp4' });
    const location = created.headers.get('location') ?? '';
    const id = location.split('/').pop() ?? '';
    // Every byte reached the file, but onUploadFinish never ran (kill -9 right after the last write).
    await copyFile(source, join(t.dataDir, 'uploads', id));
    expect((await otherEditor.api('GET', `/uploads/${id}/video`)).status).toBe(403);
    const first = await editor.api('GET', `/uploads/${id}/video`);
    expect(first.status).toBe(200);
    const { videoId } = (await first.json()) as { videoId: string };
    const second = await editor.api('GET', `/uploads/${id}/video`);
    expect(await second.json()).toEqual({ uploadId: id, videoId });
    expect((await waitForVideo(videoId)).status).toBe('ready');
    expect((await editor.api('GET', '/uploads/nope/video')).status).toBe(404);
  });

  it('shows a not-media upload as failed with its reason, without a retry button', async () => {
    const { videoId } = await uploadWhole(editor, await notMedia(), { filename: 'notes.mxf' });
    const video = await waitForVideo(videoId);
    expect(video.status).toBe('failed');
    expect(video.error_code).toBe('not_media');
    const list = await editor.page('/en/admin/videos');
    const row = list.html.slice(list.html.indexOf(`id="video-${videoId}"`)).split('</tr>')[0] ?? '';
    expect(row).toContain('data-error-code="not_media"');
    expect(row).toContain('This file is not a video, or not in a format we recognise.');
    expect(row).toContain('Technical detail');
    expect(row).not.toContain('/retry');
    const fr = await editor.page('/fr/admin/videos');
    expect(fr.html).toContain('Ce fichier n’est pas une vidéo ou un format reconnu.');
  });

  it('retries a failed (not refused) video from its upload, with a CSRF-checked form', async () => {
    const source = await smallH264Mp4Master({ seconds: 12 });
    const { videoId } = await uploadWhole(editor, source, { filename: 'retry.mp4' });
    expect((await waitForVideo(videoId)).status).toBe('ready');
    const db = t.portal.database.db;
    await db
      .updateTable('videos')
      .set({ status: 'failed', error: 'preview: ffmpeg was killed', error_code: null, stage: 'preview' })
      .where('id', '=', videoId)
      .execute();
    const list = await editor.page('/en/admin/videos');
    const row = list.html.slice(list.html.indexOf(`id="video-${videoId}"`)).split('</tr>')[0] ?? '';
    expect(row).toContain('Preparing the video failed.');
    expect(row).toContain('preview: ffmpeg was killed');
    expect(row).toContain('HLS preview');
    expect(row).toContain(`/en/admin/videos/${videoId}/retry`);

    const forged = await editor.form(`/en/admin/videos/${videoId}/retry`, {}, { csrf: 'x'.repeat(43) });
    expect(forged.status).toBe(403);
    const byJournalist = await journalist.form(`/en/admin/videos/${videoId}/retry`, {}, { csrf: null });
    expect(byJournalist.status).toBe(403);
    const retried = await editor.form(`/en/admin/videos/${videoId}/retry`, {});
    expect(retried.status).toBe(200);
    expect(await retried.text()).toContain('has started again');
    const video = await waitForVideo(videoId);
    expect(video.status).toBe('ready');
    expect(video.error).toBeNull();

    // Ingested by `portal ingest` (no upload, nothing stored yet): the last job says where the file is.
    const cli = await t.portal.ingest({ path: source, title: 'From the CLI' });
    expect((await waitForVideo(cli.id)).status).toBe('ready');
    await db
      .updateTable('videos')
      .set({ status: 'failed', error: 'store: disk full', master_path: null, source_path: null })
      .where('id', '=', cli.id)
      .execute();
    await editor.page('/en/admin/videos');
    expect((await editor.form(`/en/admin/videos/${cli.id}/retry`, {})).status).toBe(200);
    expect((await waitForVideo(cli.id)).status).toBe('ready');
  });

  it('sweeps uploads whose video is ready or refused, keeps the others', async () => {
    const directory = join(t.dataDir, 'uploads');
    const { db } = t.portal.database;
    const stories = storyReads(db);
    const uploads = createUploads({
      db,
      requestIngest: (request) => requestIngest({ db, jobs: t.portal.jobs, stories: stories.links }, request),
      stories,
      directory,
      path: '/api/v1/uploads',
      maxBytes: 1e9,
      allowedOrigins: [],
      log: pino({ level: 'silent' }),
    });
    const pending = await createUpload(t.baseUrl, editor.jar.header(), 1000, { filename: 'later.mxf' });
    const pendingId = (pending.headers.get('location') ?? '').split('/').pop() ?? '';
    const removed = await uploads.sweep();
    expect(removed).toBeGreaterThanOrEqual(3);
    expect(existsSync(join(directory, pendingId))).toBe(true);
    const left = (await import('node:fs')).readdirSync(directory).filter((n) => !n.endsWith('.json'));
    expect(left).toEqual([pendingId]);
    const terminated = await fetch(new URL(pending.headers.get('location') ?? '', t.baseUrl), {
      method: 'DELETE',
      headers: { ...TUS, cookie: editor.jar.header() },
    });
    expect(terminated.status).toBe(204);
  });
});
