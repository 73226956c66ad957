/**
 * The one video rule (downloads/video-access.ts) against a running portal, both database modes:
 * anonymous visitors, a verified journalist and an editor against a public video, an embargoed one
 * (available under embargo, then hidden), and a video of a scheduled story, for the page, the API,
 * the preview playlist and segments, the poster, the sprites, the master download and a clip
 * request. And the editor's `PATCH /api/v1/videos/{id}` that sets the embargo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseModes } from '../support/databases.ts';
import { createStory, ingestAndWait, signedInCookie } from '../support/downloads.ts';
import { smallH264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

type Who = 'anonymous' | 'journalist' | 'editor';

describe.each(databaseModes())('who sees which video (%s)', (mode) => {
  let t: TestPortal;
  const cookies: Record<Who, string> = { anonymous: '', journalist: '', editor: '' };
  let publicId = '';
  let embargoedId = '';
  let scheduledId = '';
  let segment = '';

  const headers = (who: Who, extra: Record<string, string> = {}) => ({
    'accept-language': 'en',
    ...(cookies[who] ? { cookie: cookies[who] } : {}),
    ...extra,
  });
  const get = (who: Who, path: string, method = 'GET') =>
    fetch(`${t.baseUrl}${path}`, { method, headers: headers(who), redirect: 'manual' });
  const patch = (who: Who, id: string, body: unknown) =>
    fetch(`${t.baseUrl}/api/v1/videos/${id}`, {
      method: 'PATCH',
      headers: headers(who, { 'content-type': 'application/json' }),
      body: JSON.stringify(body),
    });
  const clip = (who: Who, id: string) =>
    fetch(`${t.baseUrl}/api/v1/videos/${id}/clips`, {
      method: 'POST',
      headers: headers(who, { 'content-type': 'application/json' }),
      body: JSON.stringify({ inFrame: 0, outFrame: 100, profile: 'broadcast' }),
    });
  const previewFiles = (id: string) => [
    `/media/previews/${id}/master.m3u8`,
    `/media/previews/${id}/360p/index.m3u8`,
    `/media/previews/${id}/360p/${segment}`,
    `/media/previews/${id}/poster.jpg`,
    `/media/previews/${id}/thumbs/thumbs.vtt`,
    `/media/previews/${id}/thumbs/sprite_000.jpg`,
  ];

  /** What `who` gets for every way of reaching a video. */
  async function statuses(who: Who, id: string) {
    const files = await Promise.all(previewFiles(id).map(async (path) => (await get(who, path)).status));
    const api = await get(who, `/api/v1/videos/${id}`);
    const body = api.status === 200 ? await api.json() : null;
    const page = await get(who, `/en/videos/${id}`);
    const html = await page.text();
    return {
      page: page.status,
      player: html.includes(`/media/previews/${id}/master.m3u8`),
      api: api.status,
      previewUrl: body?.previewUrl ?? null,
      posterUrl: body?.posterUrl ?? null,
      files,
      download: (await get(who, `/api/v1/videos/${id}/renditions/master/file`, 'HEAD')).status,
    };
  }

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    await createStory(t.portal, 'harbour-open', '2026-01-05T10:00:00Z');
    await createStory(t.portal, 'summit-tomorrow', '2099-06-01T08:00:00Z');
    const master = await smallH264Mp4Master();
    publicId = await ingestAndWait(t.portal, { path: master, story: 'harbour-open', title: 'Public' });
    embargoedId = await ingestAndWait(t.portal, { path: master, story: 'harbour-open', title: 'Embargoed' });
    scheduledId = await ingestAndWait(t.portal, {
      path: master,
      story: 'summit-tomorrow',
      title: 'Scheduled',
    });
    cookies.journalist = await signedInCookie(t.baseUrl, t.dataDir, `journalist-${mode}@example.org`);
    cookies.editor = await signedInCookie(t.baseUrl, t.dataDir, `editor-${mode}@example.org`, {
      role: 'editor',
    });
    const rung = await (await get('editor', `/media/previews/${publicId}/360p/index.m3u8`)).text();
    segment = rung.split('\n').find((line) => line.endsWith('.m4s')) ?? '';
    expect(segment).toMatch(/^seg_\d+\.m4s$/);
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('lets an editor set, change and clear an embargo; nobody else; bad dates are 422', async () => {
    const body = { embargoUntil: '2099-01-02T09:30:00+01:00', embargoKind: 'available' };
    expect((await patch('anonymous', embargoedId, body)).status).toBe(401);
    expect((await patch('journalist', embargoedId, body)).status).toBe(403);
    expect((await patch('editor', 'no-such-video', body)).status).toBe(404);
    for (const embargoUntil of [
      '2099-01-02T09:30:00',
      '2099-01-02',
      'tomorrow',
      '2099-02-30T09:00:00Z',
      42,
    ]) {
      const refused = await patch('editor', embargoedId, { embargoUntil });
      expect([400, 422], String(embargoUntil)).toContain(refused.status);
      expect((await refused.json()).error.message).toBeTruthy();
    }
    expect((await patch('editor', embargoedId, { embargoKind: 'sometimes' })).status).toBe(400);

    const set = await patch('editor', embargoedId, { embargoUntil: '2099-01-02T09:30:00+01:00' });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({
      id: embargoedId,
      embargoUntil: '2099-01-02T08:30:00.000Z',
      embargoKind: 'available',
      usage: { embargoUntil: '2099-01-02T08:30:00.000Z', downloadable: false },
    });
    const cleared = await patch('editor', publicId, { embargoUntil: null });
    expect(await cleared.json()).toMatchObject({ embargoUntil: null });
  });

  it('serves a public video to everyone; downloads and clips to signed-in users only', async () => {
    const anonymous = await statuses('anonymous', publicId);
    expect(anonymous).toMatchObject({ page: 200, player: true, api: 200, download: 401 });
    expect(anonymous.previewUrl).toBe(`/media/previews/${publicId}/master.m3u8`);
    expect(anonymous.files).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await clip('anonymous', publicId)).status).toBe(401);
    const journalist = await statuses('journalist', publicId);
    expect(journalist).toMatchObject({ page: 200, player: true, api: 200, download: 200 });
    expect(journalist.files).toEqual([200, 200, 200, 200, 200, 200]);
    const segmentHeaders = await get('anonymous', previewFiles(publicId)[2]!);
    expect(segmentHeaders.headers.get('cache-control')).toBe('public, max-age=86400, immutable');
  });

  it('under an embargo that leaves the video available: listed, previews for verified journalists only', async () => {
    // As an embargo set before kinds existed (the default kind): straight in the table.
    await t.portal.database.db
      .insertInto('video_usage')
      .values({ video_id: embargoedId, embargo_until: new Date('2099-01-02T08:30:00Z') })
      .onConflict((oc) =>
        oc.column('video_id').doUpdateSet({ embargo_until: new Date('2099-01-02T08:30:00Z') }),
      )
      .execute();
    const anonymous = await statuses('anonymous', embargoedId);
    expect(anonymous).toMatchObject({
      page: 200,
      player: false,
      api: 200,
      previewUrl: null,
      posterUrl: null,
    });
    expect(anonymous.files).toEqual([404, 404, 404, 404, 404, 404]);
    expect(anonymous.download).toBe(401);
    expect((await clip('anonymous', embargoedId)).status).toBe(401);
    const story = await (await get('anonymous', '/en/stories/harbour-open')).text();
    expect(story).toContain('Embargoed');
    expect(story).not.toContain(`/media/previews/${embargoedId}/`);
    expect(story).toContain(`/media/previews/${publicId}/master.m3u8`);
    const storyApi = await (await get('anonymous', '/api/v1/stories/harbour-open')).json();
    const listed = storyApi.videos.find((v: { id: string }) => v.id === embargoedId);
    expect(listed).toMatchObject({ previewUrl: null, posterUrl: null });

    // Issue 14: available under embargo, verified journalists download ahead ("not for publication before").
    const journalist = await statuses('journalist', embargoedId);
    expect(journalist).toMatchObject({ page: 200, player: true, api: 200, download: 200 });
    expect(journalist.files).toEqual([200, 200, 200, 200, 200, 200]);
    const segment = await get('journalist', previewFiles(embargoedId)[2]!);
    expect(segment.headers.get('cache-control')).toBe('private, max-age=86400, immutable');
    expect([200, 202]).toContain((await clip('journalist', embargoedId)).status);

    const editor = await statuses('editor', embargoedId);
    expect(editor).toMatchObject({ page: 200, player: true, api: 200, download: 200 });
    expect(editor.files).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('in a scheduled story, and under a hidden embargo: not found for all but editors', async () => {
    for (const id of [scheduledId, embargoedId]) {
      if (id === embargoedId) expect((await patch('editor', id, { embargoKind: 'hidden' })).status).toBe(200);
      for (const who of ['anonymous', 'journalist'] as const) {
        const seen = await statuses(who, id);
        expect(seen, `${who} ${id}`).toMatchObject({ page: 404, player: false, api: 404, download: 404 });
        expect(seen.files).toEqual([404, 404, 404, 404, 404, 404]);
        expect((await clip(who, id)).status).toBe(404);
      }
      const editor = await statuses('editor', id);
      expect(editor, id).toMatchObject({ page: 200, player: true, api: 200, download: 200 });
      expect(editor.files).toEqual([200, 200, 200, 200, 200, 200]);
    }
    const stories = await (await get('anonymous', '/api/v1/stories')).json();
    expect(stories.items.flatMap((s: { videoIds: string[] }) => s.videoIds)).toEqual([publicId]);
    const videos = await (await get('journalist', '/en/videos')).text();
    expect(videos).not.toContain(embargoedId);
    expect(videos).not.toContain(scheduledId);
    expect([200, 202]).toContain((await clip('editor', scheduledId)).status);

    // The embargo lifts: the video is public again without anyone touching it.
    await t.portal.database.db
      .updateTable('video_usage')
      .set({ embargo_until: new Date(Date.now() - 1000) })
      .where('video_id', '=', embargoedId)
      .execute();
    await new Promise((r) => setTimeout(r, 1100)); // rendered story content is cached for a second
    expect((await statuses('anonymous', embargoedId)).files).toEqual([200, 200, 200, 200, 200, 200]);
  });
});
