/**
 * Clip files delivered like full downloads, against a real portal with real clients (curl): HEAD,
 * ranges, conditional requests, the readable name; and the history: clip rows with their profile and
 * in/out timecodes in the API, on the user's page and on the admin's page of the video, a resumed clip
 * counted once, another clip of the same video never merged into it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClip, type ReadyClip } from '../support/clips.ts';
import { databaseModes } from '../support/databases.ts';
import { createStory, ingestAndWait, sha256Of, signedInCookie } from '../support/downloads.ts';
import { h264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { scaled } from '../support/time-scale.ts';

const run = promisify(execFile);

interface HistoryItem {
  videoId: string;
  rendition: string;
  in: string | null;
  out: string | null;
  bytes: number;
  fileSize: number;
  range: string | null;
  user?: string | null;
}

describe.each(databaseModes())('clip downloads (%s)', (mode) => {
  let t: TestPortal;
  let videoId: string;
  let cookie: string;
  let work: string;
  /** Broadcast 10:00:00:00 → 10:00:02:00, broadcast 10:00:02:00 → 10:00:04:00, web 10:00:01:00 → 10:00:02:00. */
  let clipA: ReadyClip;
  let clipC: ReadyClip;
  let clipB: ReadyClip;
  const url = (clip: ReadyClip) => `${t.baseUrl}${clip.fileUrl}`;
  const fileOf = async (clip: ReadyClip) => {
    const row = await t.portal.database.db
      .selectFrom('clips')
      .select('file_path')
      .where('id', '=', clip.id)
      .executeTakeFirstOrThrow();
    return { relative: row.file_path!, bytes: await readFile(join(t.portal.mediaDir, row.file_path!)) };
  };

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    work = await mkdtemp(join(tmpdir(), 'clip-downloads-'));
    await createStory(t.portal, 'harbour-clips', '2026-11-19T10:00:00Z');
    videoId = await ingestAndWait(t.portal, {
      path: await h264Mp4Master(),
      story: 'harbour-clips',
      title: 'Harbour',
    });
    cookie = await signedInCookie(t.baseUrl, t.dataDir, `clip-checker-${mode}@example.org`);
    // Whole GOPs (of 100 frames) for the broadcast clips: copied, cheap; the web clip is re-encoded.
    clipA = await makeClip(t.baseUrl, cookie, videoId, { inFrame: 0, outFrame: 100, profile: 'broadcast' });
    clipC = await makeClip(t.baseUrl, cookie, videoId, { inFrame: 100, outFrame: 200, profile: 'broadcast' });
    clipB = await makeClip(t.baseUrl, cookie, videoId, {
      in: '10:00:01:00',
      out: '10:00:02:00',
      profile: 'web',
    });
  });

  afterAll(async () => {
    await t?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('answers HEAD, ranges and conditional requests for a clip file, and refuses anonymous requests', async () => {
    const { relative, bytes } = await fileOf(clipA);
    const size = bytes.length;
    const get = (headers: Record<string, string> = {}, method = 'GET') =>
      fetch(url(clipA), { method, headers: { cookie, ...headers } });

    const head = await get({}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(size));
    expect(head.headers.get('accept-ranges')).toBe('bytes');
    expect(head.headers.get('content-type')).toBe('video/mp4');
    const name = `harbour_10-00-00-00_100f_broadcast.${relative.split('.').pop()}`;
    expect(head.headers.get('content-disposition')).toBe(
      `attachment; filename="${name}"; filename*=UTF-8''${name}`,
    );
    const etag = head.headers.get('etag')!;
    expect(etag).toMatch(new RegExp(`^"clip-${clipA.id}-[0-9a-f]+-${size.toString(16)}"$`));
    expect((await head.arrayBuffer()).byteLength).toBe(0);

    const ranged = await get({ range: 'bytes=100-199' });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 100-199/${size}`);
    expect(Buffer.compare(Buffer.from(await ranged.arrayBuffer()), bytes.subarray(100, 200))).toBe(0);

    const notModified = await get({ 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect((await notModified.arrayBuffer()).byteLength).toBe(0);
    const fresh = await get({ range: 'bytes=0-9', 'if-range': etag });
    expect(fresh.status).toBe(206);
    expect((await fresh.arrayBuffer()).byteLength).toBe(10);
    const stale = await get({ range: 'bytes=0-9', 'if-range': '"old"' });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(size);
    const beyond = await get({ range: `bytes=${size}-`, 'accept-language': 'fr' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${size}`);
    const body = await beyond.json();
    expect(body.error.code).toBe('range_not_satisfiable');
    expect(body.error.message).toMatch(/en dehors du fichier/);
    expect((await get({ 'if-match': '"other"' })).status).toBe(412);

    for (const method of ['GET', 'HEAD']) {
      const anonymous = await fetch(url(clipA), { method, headers: { range: 'bytes=0-9' } });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-disposition')).toBeNull();
      expect(anonymous.headers.get('content-range')).toBeNull();
    }
  });

  it('records clip downloads with their in/out timecodes, a resumed clip once', async () => {
    const email = `clip-historian-${mode}@example.org`;
    const mine = await signedInCookie(t.baseUrl, t.dataDir, email);
    const a = await fileOf(clipA);
    const c = await fileOf(clipC);
    const b = await fileOf(clipB);
    const curl = (args: string[], target: string) =>
      run('curl', ['-sS', '-f', '-H', `Cookie: ${mine}`, ...args, '-w', '%{http_code}', target]);

    // Clip A: the first 1000 bytes, then the rest resumed with curl -C -.
    const partA = join(work, `a-${mode}.mp4`);
    expect((await curl(['-r', '0-999', '-o', partA], url(clipA))).stdout).toBe('206');
    // Clip C resumed from byte 1000 with no earlier download of C: a row of its own, not A's.
    const partC = join(work, `c-${mode}.mp4`);
    await writeFile(partC, c.bytes.subarray(0, 1000));
    expect((await curl(['-C', '-', '-o', partC], url(clipC))).stdout).toBe('206');
    expect(await sha256Of(partC)).toBe(await sha256Of(join(t.portal.mediaDir, c.relative)));
    expect((await curl(['-C', '-', '-o', partA], url(clipA))).stdout).toBe('206');
    expect(await sha256Of(partA)).toBe(await sha256Of(join(t.portal.mediaDir, a.relative)));
    // Clip B (web) whole; HEAD and 304 record nothing.
    expect((await curl(['-o', join(work, `b-${mode}.mp4`)], url(clipB))).stdout).toBe('200');
    await fetch(url(clipB), { method: 'HEAD', headers: { cookie: mine } });
    const etagB = (await fetch(url(clipB), { method: 'HEAD', headers: { cookie: mine } })).headers.get(
      'etag',
    );
    expect((await fetch(url(clipB), { headers: { cookie: mine, 'if-none-match': etagB! } })).status).toBe(
      304,
    );
    // A whole rendition beside them keeps null timecodes.
    const master = await fetch(`${t.baseUrl}/api/v1/videos/${videoId}/renditions/master/file`, {
      headers: { cookie: mine, range: 'bytes=0-99' },
    });
    expect(master.status).toBe(206);
    await master.arrayBuffer();

    // Bytes are counted when each response closes, a moment after the client has the last byte: wait
    // until every row's count is in (the master's 100 bytes and A's resumed bytes).
    let items: HistoryItem[] = [];
    for (const until = Date.now() + scaled(5_000); Date.now() < until; ) {
      const response = await fetch(`${t.baseUrl}/api/v1/account/downloads`, { headers: { cookie: mine } });
      expect(response.status).toBe(200);
      items = (await response.json()).items;
      if (items.length === 4 && items[0]?.bytes === 100 && items[3]?.bytes === a.bytes.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(items).toEqual([
      expect.objectContaining({ rendition: 'master', in: null, out: null, range: '0-99', bytes: 100 }),
      expect.objectContaining({
        videoId,
        rendition: 'clip-web',
        in: '10:00:01:00',
        out: '10:00:02:00',
        range: null,
        bytes: b.bytes.length,
        fileSize: b.bytes.length,
      }),
      expect.objectContaining({
        rendition: 'clip-broadcast',
        in: '10:00:02:00',
        out: '10:00:04:00',
        range: `1000-${c.bytes.length - 1}`,
        bytes: c.bytes.length - 1000,
        fileSize: c.bytes.length,
      }),
      expect.objectContaining({
        rendition: 'clip-broadcast',
        in: '10:00:00:00',
        out: '10:00:02:00',
        range: '0-999',
        bytes: a.bytes.length,
        fileSize: a.bytes.length,
      }),
    ]);

    const fr = await (await fetch(`${t.baseUrl}/fr/account/downloads`, { headers: { cookie: mine } })).text();
    expect(fr).toContain('Extrait broadcast 10:00:00:00 → 10:00:02:00');
    expect(fr).toContain('Extrait broadcast 10:00:02:00 → 10:00:04:00');
    expect(fr).toContain('Extrait web 10:00:01:00 → 10:00:02:00');
    expect(fr).toContain('Original (master)');
    const en = await (await fetch(`${t.baseUrl}/en/account/downloads`, { headers: { cookie: mine } })).text();
    expect(en).toContain('Broadcast clip 10:00:00:00 → 10:00:02:00');
    expect(en).toContain('Web clip 10:00:01:00 → 10:00:02:00');

    const admin = await signedInCookie(t.baseUrl, t.dataDir, `clip-admin-${mode}@example.org`, {
      role: 'admin',
    });
    const perVideo = await (
      await fetch(`${t.baseUrl}/api/v1/videos/${videoId}/downloads`, { headers: { cookie: admin } })
    ).json();
    const theirs = perVideo.items.filter((i: HistoryItem) => i.user === email);
    expect(theirs.map((i: HistoryItem) => [i.rendition, i.in, i.out])).toEqual([
      ['master', null, null],
      ['clip-web', '10:00:01:00', '10:00:02:00'],
      ['clip-broadcast', '10:00:02:00', '10:00:04:00'],
      ['clip-broadcast', '10:00:00:00', '10:00:02:00'],
    ]);
    const adminPage = await fetch(`${t.baseUrl}/en/admin/videos/${videoId}/downloads`, {
      headers: { cookie: admin },
    });
    expect(adminPage.status).toBe(200);
    const adminHtml = await adminPage.text();
    expect(adminHtml).toContain(email);
    expect(adminHtml).toContain('Broadcast clip 10:00:02:00 → 10:00:04:00');
    expect(adminHtml).toContain('Web clip 10:00:01:00 → 10:00:02:00');
  });

  it('describes the clip history fields in the OpenAPI document', async () => {
    const spec = await (await fetch(`${t.baseUrl}/api/v1/openapi.json`)).json();
    const item =
      spec.paths['/api/v1/account/downloads'].get.responses['200'].content['application/json'].schema
        .properties.items.items;
    expect(item.properties.rendition.enum).toEqual(['master', 'web', 'audio', 'clip-broadcast', 'clip-web']);
    expect(item.properties.in.type).toEqual(['string', 'null']);
    expect(item.properties.out.type).toEqual(['string', 'null']);
  });
});
