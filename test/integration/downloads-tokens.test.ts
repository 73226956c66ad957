/**
 * Downloading with an API token, as a newsroom script does: real curl with
 * `-H 'Authorization: Bearer …'`, resumed with `-C -`, recorded in the token owner's history; a
 * state-changing request with a token is not taken for CSRF whatever its Origin (a cookie's still is);
 * the download rules (verified email) apply to tokens as to sessions. In each database mode.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
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

describe.each(databaseModes())('downloads with an API token (%s)', (mode) => {
  let t: TestPortal;
  let videoId: string;
  let masterSha: string;
  let masterSize: number;
  let work: string;
  const fileUrl = () => `${t.baseUrl}/api/v1/videos/${videoId}/renditions/master/file`;

  /** A verified user's session cookie, and an API token created with it. */
  async function userWithToken(email: string): Promise<{ cookie: string; token: string }> {
    const cookie = await signedInCookie(t.baseUrl, t.dataDir, email);
    const response = await fetch(`${t.baseUrl}/api/v1/account/tokens`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'newsroom script' }),
    });
    expect(response.status).toBe(201);
    return { cookie, token: (await response.json()).token };
  }

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    work = await mkdtemp(join(tmpdir(), 'token-downloads-'));
    // Videos are visible only through a published story (downloads/video-access.ts).
    await createStory(t.portal, 'tokens', '2026-01-05T10:00:00Z');
    videoId = await ingestAndWait(t.portal, {
      path: await smallH264Mp4Master({ seconds: 12 }),
      title: 'Tokens',
      story: 'tokens',
    });
    const row = await t.portal.database.db
      .selectFrom('videos')
      .select(['master_sha256', 'master_size'])
      .where('id', '=', videoId)
      .executeTakeFirstOrThrow();
    masterSha = row.master_sha256!;
    masterSize = Number(row.master_size);
  });

  afterAll(async () => {
    await t?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('downloads the master with curl and a Bearer token, resumes it with -C -, and records it for the owner', async () => {
    const email = `script-${mode}@example.org`;
    const { token } = await userWithToken(email);
    const out = join(work, 'master.mp4');
    const third = Math.floor(masterSize / 3);
    const auth = ['-H', `Authorization: Bearer ${token}`];
    // The first part (an interrupted download), then the rest with curl's own resume.
    const first = await run('curl', [
      '-sS',
      ...auth,
      '-r',
      `0-${third - 1}`,
      '-o',
      out,
      '-w',
      '%{http_code}',
      fileUrl(),
    ]);
    expect(first.stdout).toBe('206');
    const resumed = await run('curl', [
      '-sS',
      ...auth,
      '-C',
      '-',
      '-o',
      out,
      '-w',
      '%{http_code}',
      fileUrl(),
    ]);
    expect(resumed.stdout).toBe('206');
    expect(await sha256Of(out)).toBe(masterSha);

    // One download in the owner's history, with every byte.
    const db = t.portal.database.db;
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    let rows: { user_id: string | null; rendition: string; bytes: unknown }[] = [];
    for (const until = Date.now() + scaled(5_000); Date.now() < until; ) {
      rows = await db
        .selectFrom('downloads')
        .select(['user_id', 'rendition', 'bytes'])
        .where('video_id', '=', videoId)
        .where('user_id', '=', user.id)
        .execute();
      if (rows.length === 1 && Number(rows[0]!.bytes) === masterSize) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: user.id, rendition: 'master' });
    expect(Number(rows[0]!.bytes)).toBe(masterSize);
    const history = await fetch(`${t.baseUrl}/api/v1/account/downloads`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(history.status).toBe(200);
    expect((await history.json()).items).toEqual([
      expect.objectContaining({ videoId, rendition: 'master', range: `0-${third - 1}`, bytes: masterSize }),
    ]);
  });

  it('lets a Bearer request for a clip through whatever its Origin, but not a cookie’s', async () => {
    const { cookie, token } = await userWithToken(`clips-${mode}@example.org`);
    const clipUrl = `${t.baseUrl}/api/v1/videos/${videoId}/clips`;
    const body = JSON.stringify({ inFrame: 0, outFrame: 100, profile: 'broadcast' });
    const foreign = { 'content-type': 'application/json', origin: 'https://evil.example' };
    const withCookie = await fetch(clipUrl, { method: 'POST', headers: { ...foreign, cookie }, body });
    expect(withCookie.status).toBe(403);
    expect((await withCookie.json()).error.code).toBe('cross_origin');
    const crossSite = await fetch(clipUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site', cookie },
      body,
    });
    expect(crossSite.status).toBe(403);

    const bearer = { authorization: `Bearer ${token}` };
    const withToken = await fetch(clipUrl, { method: 'POST', headers: { ...foreign, ...bearer }, body });
    expect([200, 202]).toContain(withToken.status);
    const { id } = await withToken.json();
    let clip = { status: '', fileUrl: '' };
    const until = Date.now() + scaled(120_000);
    while (Date.now() < until && clip.status !== 'ready' && clip.status !== 'failed') {
      clip = await (await fetch(`${t.baseUrl}/api/v1/clips/${id}`, { headers: bearer })).json();
      if (clip.status !== 'ready') await new Promise((r) => setTimeout(r, 200));
    }
    expect(clip.status).toBe('ready');
    const file = await fetch(`${t.baseUrl}${clip.fileUrl}`, { headers: { ...bearer, range: 'bytes=0-99' } });
    expect(file.status).toBe(206);
    expect((await file.arrayBuffer()).byteLength).toBe(100);
  });

  it('refuses the token of an account whose email is not verified, and a bad token: 401', async () => {
    const email = `unverified-${mode}@example.org`;
    const { token } = await userWithToken(email);
    await t.portal.database.db
      .updateTable('users')
      .set({ email_verified_at: null })
      .where('email', '=', email)
      .execute();
    const response = await fetch(fileUrl(), {
      headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' },
    });
    // As that account's session would: it counts for nothing.
    expect(response.status).toBe(401);
    expect(response.headers.get('content-disposition')).toBeNull();
    expect((await response.json()).error.code).toBe('invalid_token');

    const garbage = await fetch(fileUrl(), {
      headers: { authorization: 'Bearer bp_nope', range: 'bytes=0-9' },
    });
    expect(garbage.status).toBe(401);
    expect(garbage.headers.get('content-range')).toBeNull();
    expect((await garbage.json()).error.code).toBe('invalid_token');
  });
});
