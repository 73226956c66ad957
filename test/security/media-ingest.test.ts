/**
 * Ingest reads media, never what a file names: an HLS playlist or an ffconcat script naming a master
 * already on disk, uploaded through the back office or given to `portal ingest` (operator channel)
 * or `portal.ingest`, ends refused as not media (FR/EN reason), with no stored master, no preview
 * and no downloadable copy of the master it names. Both database modes.
 */
import { mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFfprobeJson } from '../../src/platform/ffmpeg/run.ts';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { type Client, client, GOOD_PASSWORD } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { createStory, ingestAndWait } from '../support/downloads.ts';
import { smallH264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { scaled } from '../support/time-scale.ts';
import { createUpload, patchFromFile } from '../support/tus.ts';

const SLUG = 'harbour-opening';

describe.each(databaseModes())('ingest of files that name other files (%s)', (mode) => {
  let t: TestPortal;
  let editor: Client;
  let work = '';
  let masterPath = '';
  /** The master's duration, so a playlist naming it looks complete. */
  let seconds = '';

  const db = () => t.portal.database.db;

  async function waitForVideo(id: string) {
    for (const until = Date.now() + scaled(120_000); Date.now() < until; ) {
      const video = await db()
        .selectFrom('videos')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      if (video.status !== 'processing') return video;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`video ${id} still processing`);
  }

  async function contentDirs(): Promise<string[]> {
    const shards = (await readdir(join(t.portal.mediaDir, 'masters'))).filter((n) => !n.startsWith('.'));
    const dirs: string[] = [];
    for (const shard of shards) dirs.push(...(await readdir(join(t.portal.mediaDir, 'masters', shard))));
    return dirs;
  }

  /** The video ended refused as not media, and nothing of it is kept or served. */
  async function expectRefused(videoId: string) {
    const video = await waitForVideo(videoId);
    expect(video.status).toBe('failed');
    expect(video.error_code).toBe('not_media');
    expect(video.master_path).toBeNull();
    expect(video.master_sha256).toBeNull();
    expect(video.preview_state).toBe('none');
    expect(await contentDirs()).toHaveLength(1);
    const previews = await readdir(join(t.portal.mediaDir, 'previews'));
    expect(previews.filter((name) => name.startsWith(videoId))).toEqual([]);
    const download = await editor.api('GET', `/videos/${videoId}/renditions/master/file`);
    expect([404, 409]).toContain(download.status);
    expect(download.headers.get('content-type') ?? '').not.toContain('video');
    const api = await (
      await editor.api('GET', `/videos/${videoId}`, undefined, { 'accept-language': 'fr' })
    ).json();
    expect(api.error).toBe('Ce fichier n’est pas une vidéo ou un format reconnu.');
    const en = await (await editor.api('GET', `/videos/${videoId}`)).json();
    expect(en.error).toBe('This file is not a video, or not in a format we recognise.');
  }

  function playlistNaming(path: string): string {
    const target = Math.ceil(Number(seconds));
    return `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:${target}\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:${seconds},\n${path}\n#EXT-X-ENDLIST\n`;
  }

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    work = await mkdtemp(join(tmpdir(), 'media-ingest-security-'));
    await createStory(t.portal, SLUG, '2026-01-05T10:00:00Z');
    const id = await ingestAndWait(t.portal, {
      path: await smallH264Mp4Master({ seconds: 12 }),
      story: SLUG,
      title: 'Original',
    });
    const row = await db()
      .selectFrom('videos')
      .select('master_path')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    masterPath = join(t.portal.mediaDir, row.master_path!);
    const probed = await runFfprobeJson<{ format: { duration: string } }>(['-show_format', masterPath]);
    seconds = probed.format.duration;
    await callOperator(t.dataDir, 'users/create', {
      email: `editor-${mode}@example.org`,
      password: GOOD_PASSWORD,
      role: 'editor',
      verified: true,
    });
    editor = client(t.baseUrl);
    const session = await editor.api('POST', '/session', {
      email: `editor-${mode}@example.org`,
      password: GOOD_PASSWORD,
    });
    expect(session.status).toBe(200);
  });

  afterAll(async () => {
    await t?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function upload(name: string, content: string): Promise<string> {
    const file = join(work, name);
    await writeFile(file, content);
    const created = await createUpload(t.baseUrl, editor.jar.header(), (await stat(file)).size, {
      filename: name,
      story: SLUG,
    });
    expect(created.status).toBe(201);
    const url = new URL(created.headers.get('location') ?? '', t.baseUrl).href;
    const done = await patchFromFile(url, editor.jar.header(), file, 0);
    expect(done.status).toBe(204);
    return String(done.headers['upload-video-id']);
  }

  it('refuses an uploaded HLS playlist naming a master on disk', async () => {
    const playlist = playlistNaming(masterPath);
    expect(playlist.length).toBeLessThan(400);
    await expectRefused(await upload('evening-news.m3u8', playlist));
    // Named with a media extension and through the file: URL form, the same.
    await expectRefused(await upload('evening-news.mp4', playlistNaming(`file:${masterPath}`)));
    const list = await editor.page('/en/admin/videos');
    expect(list.html).toContain('This file is not a video, or not in a format we recognise.');
  });

  it('refuses an uploaded ffconcat script naming a master on disk', async () => {
    const script = `ffconcat version 1.0\nfile '${masterPath}'\nfile 'file:${masterPath}'\n`;
    await expectRefused(await upload('rushes.ffconcat', script));
  });

  it('refuses the same files given to portal ingest and portal.ingest', async () => {
    const hls = join(work, 'cli.m3u8');
    await writeFile(hls, playlistNaming(masterPath));
    // An ffconcat script the concat demuxer's safe mode would accept: a plain name beside it.
    const dir = await mkdtemp(join(work, 'concat-'));
    await symlink(masterPath, join(dir, 'clip.mp4'));
    const concat = join(dir, 'rushes.ffconcat');
    await writeFile(concat, "ffconcat version 1.0\nfile 'clip.mp4'\n");
    for (const path of [hls, concat]) {
      const viaCli = await callOperator<{ id: string }>(t.dataDir, 'ingest', { path, story: SLUG });
      await expectRefused(viaCli.id);
      const direct = await t.portal.ingest({ path, story: SLUG });
      await expectRefused(direct.id);
    }
  });
});
