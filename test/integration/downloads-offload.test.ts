/**
 * Behind nginx (DOWNLOAD_ACCEL_REDIRECT): the portal authorises, decides and records; nginx sends the
 * bytes with sendfile, for renditions and clip files alike. Real nginx, real curl. PGlite only: nothing here depends on the database mode.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClip } from '../support/clips.ts';
import { createStory, ingestAndWait, sha256Of, signedInCookie } from '../support/downloads.ts';
import { h264Mp4Master } from '../support/masters.ts';
import { NGINX, startNginxFront } from '../support/nginx.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

const run = promisify(execFile);
const SLUG = 'harbour-reopens';

describe.skipIf(!NGINX)('downloads offloaded to nginx (X-Accel-Redirect)', () => {
  let t: TestPortal;
  let nginx: Awaited<ReturnType<typeof startNginxFront>>;
  let videoId: string;
  let cookie: string;
  let masterPath: string;
  let masterSha: string;
  let work: string;
  const fileUrl = () => `${nginx.url}/api/v1/videos/${videoId}/renditions/master/file`;

  beforeAll(async () => {
    t = await startTestPortal('pglite', { demo: false, env: { DOWNLOAD_ACCEL_REDIRECT: '/_media/' } });
    work = await mkdtemp(join(tmpdir(), 'offload-'));
    await createStory(t.portal, SLUG, '2026-11-20T09:00:00Z');
    videoId = await ingestAndWait(t.portal, { path: await h264Mp4Master(), story: SLUG, title: 'Harbour' });
    const row = await t.portal.database.db
      .selectFrom('videos')
      .select(['master_path', 'master_sha256'])
      .where('id', '=', videoId)
      .executeTakeFirstOrThrow();
    masterPath = join(t.portal.mediaDir, row.master_path!);
    masterSha = row.master_sha256!;
    nginx = await startNginxFront(Number(new URL(t.baseUrl).port), t.portal.mediaDir);
    cookie = await signedInCookie(nginx.url, t.dataDir, 'offload@example.org');
  });

  afterAll(async () => {
    await nginx?.stop();
    await t?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('refuses anonymous requests before nginx sends anything', async () => {
    const response = await fetch(fileUrl());
    expect(response.status).toBe(401);
    expect(response.headers.get('x-accel-redirect')).toBeNull();
    expect((await response.json()).error.code).toBe('sign_in_required');
  });

  it('sends ranges, resumes and the readable name through nginx', async () => {
    const head = await fetch(fileUrl(), { method: 'HEAD', headers: { cookie } });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-accel-redirect')).toBeNull();
    expect(head.headers.get('content-disposition')).toBe(
      `attachment; filename="${SLUG}_2026-11-20_10-00-00-00_master.mp4"; filename*=UTF-8''${SLUG}_2026-11-20_10-00-00-00_master.mp4`,
    );
    const etag = head.headers.get('etag')!;
    const master = await readFile(masterPath);

    const { stdout } = await run('curl', [
      ...['-sS', '-r', '0-99', '-H', `Cookie: ${cookie}`, '-o', join(work, 'part')],
      ...['-w', '%{http_code} %{size_download}', fileUrl()],
    ]);
    expect(stdout).toBe('206 100');
    expect(Buffer.compare(await readFile(join(work, 'part')), master.subarray(0, 100))).toBe(0);

    const resumed = join(work, 'resumed.mp4');
    await writeFile(resumed, master.subarray(0, 50_000));
    await run('curl', ['-sS', '-f', '-C', '-', '-H', `Cookie: ${cookie}`, '-o', resumed, fileUrl()]);
    expect(await sha256Of(resumed)).toBe(masterSha);

    const fresh = await fetch(fileUrl(), { headers: { cookie, range: 'bytes=10-19', 'if-range': etag } });
    expect(fresh.status).toBe(206);
    expect(Buffer.compare(Buffer.from(await fresh.arrayBuffer()), master.subarray(10, 20))).toBe(0);
    const stale = await fetch(fileUrl(), { headers: { cookie, range: 'bytes=10-19', 'if-range': '"old"' } });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(master.length);
    expect((await fetch(fileUrl(), { headers: { cookie, 'if-none-match': etag } })).status).toBe(304);
    const beyond = await fetch(fileUrl(), { headers: { cookie, range: `bytes=${master.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${master.length}`);
  });

  it('records the downloads', async () => {
    const { items } = await (
      await fetch(`${nginx.url}/api/v1/account/downloads`, { headers: { cookie } })
    ).json();
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.every((i: { videoId: string }) => i.videoId === videoId)).toBe(true);
  });

  it('offloads clip files too and records them with their timecodes', async () => {
    const clip = await makeClip(nginx.url, cookie, videoId, {
      inFrame: 100,
      outFrame: 200,
      profile: 'broadcast',
    });
    const row = await t.portal.database.db
      .selectFrom('clips')
      .select('file_path')
      .where('id', '=', clip.id)
      .executeTakeFirstOrThrow();
    const path = join(t.portal.mediaDir, row.file_path!);
    const bytes = await readFile(path);
    const clipUrl = `${nginx.url}${clip.fileUrl}`;

    const head = await fetch(clipUrl, { method: 'HEAD', headers: { cookie } });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-accel-redirect')).toBeNull();
    expect(head.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    const name = `harbour_10-00-02-00_100f_broadcast.${row.file_path!.split('.').pop()}`;
    expect(head.headers.get('content-disposition')).toBe(
      `attachment; filename="${name}"; filename*=UTF-8''${name}`,
    );
    const { stdout } = await run('curl', [
      ...['-sS', '-r', '0-99', '-H', `Cookie: ${cookie}`, '-o', join(work, 'clip-part')],
      ...['-w', '%{http_code} %{size_download}', clipUrl],
    ]);
    expect(stdout).toBe('206 100');
    expect(Buffer.compare(await readFile(join(work, 'clip-part')), bytes.subarray(0, 100))).toBe(0);
    const resumed = join(work, 'clip-resumed');
    await writeFile(resumed, bytes.subarray(0, 5000));
    await run('curl', ['-sS', '-f', '-C', '-', '-H', `Cookie: ${cookie}`, '-o', resumed, clipUrl]);
    expect(await sha256Of(resumed)).toBe(await sha256Of(path));
    const etag = head.headers.get('etag')!;
    expect((await fetch(clipUrl, { headers: { cookie, 'if-none-match': etag } })).status).toBe(304);

    const { items } = await (
      await fetch(`${nginx.url}/api/v1/account/downloads`, { headers: { cookie } })
    ).json();
    const clips = items.filter((i: { rendition: string }) => i.rendition === 'clip-broadcast');
    expect(clips).toEqual([
      expect.objectContaining({
        videoId,
        in: '10:00:02:00',
        out: '10:00:04:00',
        range: '0-99',
        bytes: 100 + bytes.length - 5000,
        fileSize: bytes.length,
      }),
    ]);
  });
});
