/**
 * Full downloads against a real portal with real clients (curl, wget): ranges, resume, conditional
 * requests, file names, who may download, embargo, and the history.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseModes } from '../support/databases.ts';
import { createStory, ingestAndWait, sha256Of, signedInCookie } from '../support/downloads.ts';
import { smallH264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { scaled } from '../support/time-scale.ts';

const run = promisify(execFile);
const SLUG = 'ministers-agree-ocean-monitoring-plan';
const EXPECTED_NAME = `${SLUG}_2026-11-19_10-00-00-00_master.mp4`;

describe.each(databaseModes())('full downloads (%s)', (mode) => {
  let t: TestPortal;
  let videoId: string;
  let masterPath: string;
  let masterSha: string;
  let masterSize: number;
  let cookie: string;
  let work: string;
  const fileUrl = () => `${t.baseUrl}/api/v1/videos/${videoId}/renditions/master/file`;
  const get = (headers: Record<string, string> = {}, method = 'GET') =>
    fetch(fileUrl(), { method, headers: { cookie, ...headers } });

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    work = await mkdtemp(join(tmpdir(), 'downloads-'));
    await createStory(t.portal, SLUG, '2026-11-19T10:00:00Z');
    videoId = await ingestAndWait(t.portal, {
      path: await smallH264Mp4Master({ seconds: 12 }),
      story: SLUG,
      title: 'Ministers',
    });
    const row = await t.portal.database.db
      .selectFrom('videos')
      .select(['master_path', 'master_sha256', 'master_size'])
      .where('id', '=', videoId)
      .executeTakeFirstOrThrow();
    masterPath = join(t.portal.mediaDir, row.master_path!);
    masterSha = row.master_sha256!;
    masterSize = Number(row.master_size);
    cookie = await signedInCookie(t.baseUrl, t.dataDir, `reporter-${mode}@example.org`);
  });

  afterAll(async () => {
    await t?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('refuses anonymous requests with 401 and nothing of the file', async () => {
    for (const method of ['GET', 'HEAD']) {
      const response = await fetch(fileUrl(), { method, headers: { 'accept-language': 'fr' } });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-disposition')).toBeNull();
      expect(response.headers.get('content-range')).toBeNull();
      const body = await response.text();
      if (method === 'GET') {
        expect(JSON.parse(body).error.code).toBe('sign_in_required');
        expect(JSON.parse(body).error.message).toMatch(/Connectez-vous/);
      }
      expect(body.length).toBeLessThan(300);
    }
    const ranged = await fetch(fileUrl(), { headers: { range: 'bytes=0-99' } });
    expect(ranged.status).toBe(401);
    // The page link sends a signed-out browser to sign in, then back to the video.
    const page = await fetch(`${t.baseUrl}/en/videos/${videoId}/download/master`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(
      `/en/sign-in?returnTo=${encodeURIComponent(`/en/videos/${videoId}`)}`,
    );
  });

  it('answers HEAD with the headers of the whole file and no body', async () => {
    const response = await get({}, 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(masterSize));
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('etag')).toBe(`"${masterSha}"`);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="${EXPECTED_NAME}"; filename*=UTF-8''${EXPECTED_NAME}`,
    );
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('serves curl -r 0-99 as 206 with the first 100 bytes of the master', async () => {
    const out = join(work, 'first-100');
    const { stdout } = await run('curl', [
      '-sS',
      '-r',
      '0-99',
      '-H',
      `Cookie: ${cookie}`,
      '-o',
      out,
      '-w',
      '%{http_code} %{size_download}',
      fileUrl(),
    ]);
    expect(stdout).toBe('206 100');
    const master = await readFile(masterPath);
    expect(Buffer.compare(await readFile(out), master.subarray(0, 100))).toBe(0);
    const response = await get({ range: 'bytes=100-199' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 100-199/${masterSize}`);
    expect(Buffer.compare(Buffer.from(await response.arrayBuffer()), master.subarray(100, 200))).toBe(0);
    const suffix = await get({ range: 'bytes=-10' });
    expect(suffix.headers.get('content-range')).toBe(
      `bytes ${masterSize - 10}-${masterSize - 1}/${masterSize}`,
    );
    expect(Buffer.compare(Buffer.from(await suffix.arrayBuffer()), master.subarray(masterSize - 10))).toBe(0);
  });

  it('resumes with curl -C - into a file whose sha256 is the master’s', async () => {
    const out = join(work, 'resumed-curl.mp4');
    const master = await readFile(masterPath);
    await writeFile(out, master.subarray(0, Math.floor(masterSize / 3)));
    const { stdout } = await run('curl', [
      '-sS',
      '-C',
      '-',
      '-H',
      `Cookie: ${cookie}`,
      '-o',
      out,
      '-w',
      '%{http_code}',
      fileUrl(),
    ]);
    expect(stdout).toBe('206');
    expect(await sha256Of(out)).toBe(masterSha);
  });

  it('resumes with wget -c', async () => {
    const out = join(work, 'resumed-wget.mp4');
    const master = await readFile(masterPath);
    await writeFile(out, master.subarray(0, 12345));
    await run('wget', ['-q', '-c', '--header', `Cookie: ${cookie}`, '-O', out, fileUrl()]);
    expect((await stat(out)).size).toBe(masterSize);
    expect(await sha256Of(out)).toBe(masterSha);
  });

  it('names the file from the story, its date and the start timecode (curl -O -J, wget --content-disposition)', async () => {
    const curlDir = await mkdtemp(join(work, 'curl-'));
    await run('curl', ['-sS', '-O', '-J', '-H', `Cookie: ${cookie}`, fileUrl()], { cwd: curlDir });
    expect(await readdir(curlDir)).toEqual([EXPECTED_NAME]);
    expect(await sha256Of(join(curlDir, EXPECTED_NAME))).toBe(masterSha);
    const wgetDir = await mkdtemp(join(work, 'wget-'));
    await run('wget', ['-q', '--content-disposition', '--header', `Cookie: ${cookie}`, fileUrl()], {
      cwd: wgetDir,
    });
    expect(await readdir(wgetDir)).toEqual([EXPECTED_NAME]);
  });

  it('honours If-None-Match, If-Range and unsatisfiable ranges', async () => {
    const etag = `"${masterSha}"`;
    const notModified = await get({ 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(etag);
    expect((await notModified.arrayBuffer()).byteLength).toBe(0);
    const changed = await get({ 'if-none-match': '"other"' });
    expect(changed.status).toBe(200);
    await changed.body?.cancel();

    const stale = await get({ range: 'bytes=0-99', 'if-range': '"not-the-etag"' });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('content-length')).toBe(String(masterSize));
    expect((await stale.arrayBuffer()).byteLength).toBe(masterSize);
    const fresh = await get({ range: 'bytes=0-99', 'if-range': etag });
    expect(fresh.status).toBe(206);
    expect((await fresh.arrayBuffer()).byteLength).toBe(100);

    const beyond = await get({ range: `bytes=${masterSize}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${masterSize}`);
    expect((await beyond.json()).error.code).toBe('range_not_satisfiable');
    expect((await get({ 'if-match': '"other"' })).status).toBe(412);
  });

  it('refuses unverified accounts; under embargo downloads ahead (available) or not at all (hidden)', async () => {
    const email = `unverified-${mode}@example.org`;
    const other = await signedInCookie(t.baseUrl, t.dataDir, email);
    const db = t.portal.database.db;
    await db.updateTable('users').set({ email_verified_at: null }).where('email', '=', email).execute();
    // Accounts treat a session of an unverified account as signed out: 401, nothing of the file.
    const unverified = await fetch(fileUrl(), { headers: { cookie: other } });
    expect(unverified.status).toBe(401);
    expect(unverified.headers.get('content-disposition')).toBeNull();
    expect((await unverified.json()).error.code).toBe('sign_in_required');

    await db
      .insertInto('video_usage')
      .values({ video_id: videoId, credit: 'UEC', embargo_until: new Date('2099-01-02T08:30:00Z') })
      .onConflict((oc) =>
        oc.column('video_id').doUpdateSet({ embargo_until: new Date('2099-01-02T08:30:00Z') }),
      )
      .execute();
    try {
      // Available under embargo (the default kind): a verified journalist downloads ahead, the file
      // named "not for publication before" the date in the page's language (issue #14's rule).
      const fr = await get({ 'accept-language': 'fr' });
      expect(fr.status).toBe(200);
      expect(fr.headers.get('content-disposition')).toMatch(/ne-pas-publier-avant-2099-01-02T0830Z/);
      await fr.body?.cancel();
      const api = await (await fetch(`${t.baseUrl}/api/v1/videos/${videoId}`)).json();
      expect(api.usage).toMatchObject({ embargoUntil: '2099-01-02T08:30:00.000Z', downloadable: false });
      // Hidden until the date: for a journalist the video does not exist yet, nor its file.
      await db
        .updateTable('video_usage')
        .set({ embargo_kind: 'hidden' })
        .where('video_id', '=', videoId)
        .execute();
      const hidden = await get({ 'accept-language': 'en', range: 'bytes=0-9' });
      expect(hidden.status).toBe(404);
      expect(hidden.headers.get('content-disposition')).toBeNull();
    } finally {
      await db
        .updateTable('video_usage')
        .set({ embargo_until: null, embargo_kind: 'available' })
        .where('video_id', '=', videoId)
        .execute();
    }
    expect((await get({}, 'HEAD')).status).toBe(200);
  });

  it('records one history row per download, a resumed download once', async () => {
    const email = `history-${mode}@example.org`;
    const mine = await signedInCookie(t.baseUrl, t.dataDir, email);
    const fetchAs = (headers: Record<string, string>) =>
      fetch(fileUrl(), { headers: { cookie: mine, ...headers } });
    const full = await fetchAs({});
    expect((await full.arrayBuffer()).byteLength).toBe(masterSize);
    // A range from 0 starts a download; the rest of the file arrives as a resumed range.
    const head = await fetchAs({ range: 'bytes=0-999' });
    await head.arrayBuffer();
    const rest = await fetchAs({ range: 'bytes=1000-' });
    await rest.arrayBuffer();
    await fetchAs({ 'if-none-match': `"${masterSha}"` });
    await fetch(fileUrl(), { method: 'HEAD', headers: { cookie: mine } });

    // Bytes are counted when each response closes, a moment after the client has the last byte:
    // read the history once every count is in (or the deadline passes, and the checks below say why).
    let api = await fetch(`${t.baseUrl}/api/v1/account/downloads`, { headers: { cookie: mine } });
    let { items } = await api.json();
    for (const until = Date.now() + scaled(5_000); Date.now() < until; ) {
      if (items?.length === 2 && items.every((i: { bytes: number }) => i.bytes === masterSize)) break;
      await new Promise((r) => setTimeout(r, 100));
      api = await fetch(`${t.baseUrl}/api/v1/account/downloads`, { headers: { cookie: mine } });
      ({ items } = await api.json());
    }
    expect(api.status).toBe(200);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      videoId,
      rendition: 'master',
      range: '0-999',
      bytes: masterSize,
      fileSize: masterSize,
    });
    expect(items[1]).toMatchObject({ videoId, rendition: 'master', range: null, bytes: masterSize });
    expect((await fetch(`${t.baseUrl}/api/v1/account/downloads`)).status).toBe(401);

    const page = await fetch(`${t.baseUrl}/fr/account/downloads`, { headers: { cookie: mine } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Mes téléchargements');
    expect(html).toContain('partiel (octets 0-999)');

    // Per video, for admins only; a deleted account's downloads stay as anonymous rows.
    expect(
      (await fetch(`${t.baseUrl}/api/v1/videos/${videoId}/downloads`, { headers: { cookie: mine } })).status,
    ).toBe(403);
    const admin = await signedInCookie(t.baseUrl, t.dataDir, `admin-${mode}@example.org`, { role: 'admin' });
    const db = t.portal.database.db;
    await db.deleteFrom('users').where('email', '=', email).execute();
    const perVideo = await (
      await fetch(`${t.baseUrl}/api/v1/videos/${videoId}/downloads`, { headers: { cookie: admin } })
    ).json();
    const anonymous = perVideo.items.filter((i: { user: string | null }) => i.user === null);
    expect(anonymous).toHaveLength(2);
    const adminPage = await fetch(`${t.baseUrl}/en/admin/videos/${videoId}/downloads`, {
      headers: { cookie: admin },
    });
    expect(adminPage.status).toBe(200);
    expect(await adminPage.text()).toContain('deleted account');
  });

  it('lists the renditions and usage in the API and beside the video', async () => {
    const api = await (
      await fetch(`${t.baseUrl}/api/v1/videos/${videoId}`, { headers: { 'accept-language': 'fr' } })
    ).json();
    expect(api.renditions.map((r: { name: string }) => r.name)).toEqual(['master', 'web', 'audio']);
    expect(api.renditions[0]).toMatchObject({
      name: 'master',
      container: 'mp4',
      videoCodec: 'h264',
      size: masterSize,
      sha256: masterSha,
      status: 'ready',
      fileUrl: `/api/v1/videos/${videoId}/renditions/master/file`,
    });
    await t.portal.database.db
      .insertInto('video_usage')
      .values({
        video_id: videoId,
        credit: '© UEC',
        usage_terms_fr: 'Usage éditorial seulement.',
        usage_terms_en: 'Editorial use only.',
        restrictions_en: 'No ads.',
      })
      .onConflict((oc) =>
        oc.column('video_id').doUpdateSet({
          credit: '© UEC',
          usage_terms_fr: 'Usage éditorial seulement.',
          usage_terms_en: 'Editorial use only.',
          restrictions_en: 'No ads.',
        }),
      )
      .execute();
    const en = await (await fetch(`${t.baseUrl}/api/v1/videos/${videoId}?lang=en`)).json();
    expect(en.usage).toEqual({
      credit: '© UEC',
      terms: 'Editorial use only.',
      restrictions: 'No ads.',
      embargoUntil: null,
      downloadable: true,
    });
    const page = await (await fetch(`${t.baseUrl}/en/videos/${videoId}`)).text();
    expect(page).toContain('Credit: © UEC');
    expect(page).toContain('Editorial use only.');
    // Signed out, the buttons lead to sign-in and back (a `download` link would save the sign-in page).
    expect(page).toContain(
      `href="/en/sign-in?returnTo=${encodeURIComponent(`/en/videos/${videoId}`)}" data-rendition="master"`,
    );
    expect(page).toContain(masterSha);
    await new Promise((r) => setTimeout(r, 1100));
    const story = await (await fetch(`${t.baseUrl}/fr/stories/${SLUG}`)).text();
    expect(story).toContain('Usage éditorial seulement.');
    expect(story).toContain(
      `href="/fr/sign-in?returnTo=${encodeURIComponent(`/fr/stories/${SLUG}`)}" data-rendition="web"`,
    );
  });
});
