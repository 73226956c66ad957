/**
 * Clips through the running portal: request by frames or timecodes, shared cache entries, progress,
 * the file with ranges, exact frames and timecode, refusals; and the no-JavaScript form.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countFrames, startTimecode, streamSummary } from '../support/clip-checks.ts';
import { createStory, ingestAndWait, signedInCookie } from '../support/downloads.ts';
import { h264Mp4Master, xdcamMxfMaster } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { scaled } from '../support/time-scale.ts';

describe('clips API', () => {
  let t: TestPortal;
  let cookie = '';
  let h264 = '';
  let xdcam = '';
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${t.baseUrl}/api/v1${path}`, {
      ...init,
      headers: {
        cookie,
        'content-type': 'application/json',
        'accept-language': 'en',
        ...(init.headers ?? {}),
      },
    });
  const waitReady = async (id: string) => {
    for (const until = Date.now() + scaled(120_000); Date.now() < until; ) {
      const clip = await (await api(`/clips/${id}`)).json();
      if (clip.status === 'ready' || clip.status === 'failed') return clip;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('clip not ready in time');
  };

  beforeAll(async () => {
    t = await startTestPortal('pglite', { demo: false });
    // Videos are visible only through a published story (downloads/video-access.ts).
    await createStory(t.portal, 'clips', '2026-01-05T10:00:00Z');
    [h264, xdcam] = [
      await ingestAndWait(t.portal, { path: await h264Mp4Master(), title: 'H264', story: 'clips' }),
      await ingestAndWait(t.portal, { path: await xdcamMxfMaster(), title: 'XDCAM', story: 'clips' }),
    ];
    cookie = await signedInCookie(t.baseUrl, t.dataDir, 'clipper@example.org');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('refuses anonymous requests and cross-site requests', async () => {
    const anonymous = await fetch(`${t.baseUrl}/api/v1/videos/${h264}/clips`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inFrame: 10, outFrame: 20 }),
    });
    expect(anonymous.status).toBe(401);
    const crossSite = await api(`/videos/${h264}/clips`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: JSON.stringify({ inFrame: 10, outFrame: 20 }),
    });
    expect(crossSite.status).toBe(403);
  });

  it('answers invalid ranges and timecodes with 422 and a message', async () => {
    const backwards = await api(`/videos/${h264}/clips`, {
      method: 'POST',
      body: JSON.stringify({ inFrame: 50, outFrame: 20 }),
    });
    expect(backwards.status).toBe(422);
    expect((await backwards.json()).error.message).toMatch(/^Invalid selection/);
    const badTimecode = await api(`/videos/${h264}/clips`, {
      method: 'POST',
      body: JSON.stringify({ in: '10:00:99:00', out: '10:00:02:00' }),
    });
    expect(badTimecode.status).toBe(422);
    const neither = await api(`/videos/${h264}/clips`, {
      method: 'POST',
      body: JSON.stringify({ profile: 'web' }),
    });
    expect(neither.status).toBe(400);
  });

  it('cuts an H.264 master by timecode, exact to the frame, and shares identical requests', async () => {
    // 10:00:00:37 to 10:00:05:11 at 50 fps: frames 37..261, mid-GOP at both ends (GOPs of 100).
    const body = JSON.stringify({ in: '10:00:00:37', out: '10:00:05:11', profile: 'broadcast' });
    const [first, second] = await Promise.all([
      api(`/videos/${h264}/clips`, { method: 'POST', body }),
      api(`/videos/${h264}/clips`, { method: 'POST', body }),
    ]);
    expect(first.status).toBe(202);
    const a = await first.json();
    const b = await second.json();
    expect(b.id).toBe(a.id);
    expect(a).toMatchObject({
      inFrame: 37,
      outFrame: 261,
      frames: 224,
      method: 'smart',
      startTimecode: '10:00:00:37',
    });
    const clip = await waitReady(a.id);
    expect(clip.status).toBe('ready');
    const again = await api(`/videos/${h264}/clips`, { method: 'POST', body });
    expect(again.status).toBe(200);

    const file = await fetch(`${t.baseUrl}${clip.fileUrl}`, { headers: { cookie } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    const path = join(t.dataDir, 'clip.mp4');
    await writeFile(path, Buffer.from(await file.arrayBuffer()));
    expect(await countFrames(path)).toBe(224);
    expect(await startTimecode(path)).toBe('10:00:00:37');
    const ranged = await fetch(`${t.baseUrl}${clip.fileUrl}`, { headers: { cookie, range: 'bytes=0-99' } });
    expect(ranged.status).toBe(206);
    expect((await ranged.arrayBuffer()).byteLength).toBe(100);
    const anonymousFile = await fetch(`${t.baseUrl}${clip.fileUrl}`);
    expect(anonymousFile.status).toBe(401);
  });

  it('cuts an XDCAM MXF master in its own codec and container, keeping 8 audio streams', async () => {
    const response = await api(`/videos/${xdcam}/clips`, {
      method: 'POST',
      body: JSON.stringify({ inFrame: 17, outFrame: 90, profile: 'broadcast' }),
    });
    expect(response.status).toBe(202);
    const clip = await waitReady((await response.json()).id);
    expect(clip.status).toBe('ready');
    const path = join(t.dataDir, 'clip.mxf');
    await writeFile(
      path,
      Buffer.from(await (await fetch(`${t.baseUrl}${clip.fileUrl}`, { headers: { cookie } })).arrayBuffer()),
    );
    expect(await countFrames(path)).toBe(73);
    expect(await startTimecode(path)).toBe('10:00:00:17');
    const summary = await streamSummary(path);
    expect(summary.format.format_name).toBe('mxf');
    expect(summary.streams.find((s) => s.codec_type === 'video')?.codec_name).toBe('mpeg2video');
    expect(summary.streams.filter((s) => s.codec_type === 'audio')).toHaveLength(8);
  });

  it('makes a clip from the no-JavaScript form and shows its page', async () => {
    // The form carries this browser's form token (its cookie is set with the page), like every form.
    const videoPage = await fetch(`${t.baseUrl}/en/videos/${h264}`, { headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await videoPage.text())?.[1] ?? '';
    const csrfCookie = videoPage.headers.getSetCookie().map((line) => line.split(';')[0]);
    const withCsrf = [cookie, ...csrfCookie].join('; ');
    const form = await fetch(`${t.baseUrl}/en/videos/${h264}/clips`, {
      method: 'POST',
      headers: { cookie: withCsrf, 'content-type': 'application/x-www-form-urlencoded', origin: t.baseUrl },
      body: new URLSearchParams({
        _csrf: csrf,
        in: '10:00:01:00',
        out: '10:00:02:00',
        profile: 'web',
      }).toString(),
      redirect: 'manual',
    });
    expect(form.status).toBe(303);
    const location = form.headers.get('location') ?? '';
    expect(location).toMatch(/^\/en\/clips\//);
    const page = await (await fetch(`${t.baseUrl}${location}`, { headers: { cookie } })).text();
    expect(page).toContain('From 10:00:01:00 to 10:00:02:00 (50 frames)');
  });
});
