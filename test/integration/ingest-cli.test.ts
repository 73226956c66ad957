/**
 * `portal ingest` as operators use it: through a running portal (operator channel) and on its own
 * (no portal running), for each family of master, and refusals with a clear reason.
 */
import { spawn } from 'node:child_process';
import { access, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKeyframeIndex } from '../../src/media/keyframe-store.ts';
import { contentPaths } from '../../src/media/store.ts';
import { freshDataDir } from '../support/databases.ts';
import { signedInCookie } from '../support/downloads.ts';
import {
  h264Mp4Master,
  notMedia,
  proresMovMaster,
  smallH264Mp4Master,
  truncatedMaster,
  xdcamMxfMaster,
} from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

const BIN = resolve(import.meta.dirname, '../../bin/portal.js');

function portalCommand(
  dataDir: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATA_DIR: dataDir, DEMO: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('portal ingest through a running portal', () => {
  let t: TestPortal;
  beforeAll(async () => {
    t = await startTestPortal('pglite', { demo: false });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const videoRow = (id: string) =>
    t.portal.database.db.selectFrom('videos').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('ingests an MXF XDCAM HD422 1080i50 master with 8 PCM channels and its start timecode', async () => {
    const result = await portalCommand(t.dataDir, [
      'ingest',
      await xdcamMxfMaster(),
      '--title',
      'XDCAM',
      '--wait',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout.trim());
    expect(answer).toMatchObject({ status: 'ready' });
    const row = await videoRow(answer.id);
    expect(row).toMatchObject({
      fps_num: 25,
      fps_den: 1,
      start_timecode: '10:00:00:00',
      preview_state: 'complete',
    });
    expect(row.info?.containerFamily).toBe('mxf');
    expect(row.info?.video).toMatchObject({ codec: 'mpeg2video', scan: 'interlaced', fieldOrder: 'tff' });
    expect(row.info?.audio).toHaveLength(8);
    const index = await readKeyframeIndex(
      contentPaths(t.portal.mediaDir, row.master_sha256 ?? '').keyframeIndex,
    );
    expect(index.totalFrames).toBe(row.duration_frames);
    expect(index.keyframes[0]?.frame).toBe(0);
    // In no published story: only editors see it (downloads/video-access.ts).
    const editor = {
      cookie: await signedInCookie(t.baseUrl, t.dataDir, 'editor@example.org', { role: 'editor' }),
    };
    const api = await (await fetch(`${t.baseUrl}/api/v1/videos/${answer.id}`, { headers: editor })).json();
    expect(api).toMatchObject({ status: 'ready', fps: '25/1', startTimecode: '10:00:00:00' });
    expect((await fetch(`${t.baseUrl}${api.previewUrl}`, { headers: editor })).status).toBe(200);
  });

  it('ingests a ProRes 29.97 drop-frame master and links it to a story', async () => {
    await t.portal.database.db
      .insertInto('stories')
      .values({ slug: 'ingest-test', published_at: new Date() })
      .execute();
    const result = await portalCommand(t.dataDir, [
      'ingest',
      await proresMovMaster(),
      '--story',
      'ingest-test',
      '--wait',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const { id } = JSON.parse(result.stdout.trim());
    const row = await videoRow(id);
    expect(row).toMatchObject({ fps_num: 30000, fps_den: 1001, status: 'ready' });
    expect(row.start_timecode).toContain(';');
    const link = await t.portal.database.db
      .selectFrom('story_videos')
      .selectAll()
      .where('video_id', '=', id)
      .executeTakeFirst();
    expect(link).toBeDefined();
  });

  it.each([
    ['not media', notMedia, 'not_media', 'not a video'],
    ['truncated', truncatedMaster, 'truncated', 'incomplete'],
  ])('refuses a %s file with a clear reason and keeps nothing', async (_label, make, code, words) => {
    const result = await portalCommand(t.dataDir, ['ingest', await make(), '--wait', '--json']);
    expect(result.code).toBe(1);
    const answer = JSON.parse(result.stdout.trim());
    expect(answer.status).toBe('failed');
    expect(answer.error).toContain(words);
    const row = await videoRow(answer.id);
    expect(row.error_code).toBe(code);
    expect(row.master_path).toBeNull();
    await expect(access(join(t.portal.mediaDir, 'previews', answer.id))).rejects.toThrow();
  });

  it('names a missing file and a missing story', async () => {
    const missing = await portalCommand(t.dataDir, ['ingest', '/nonexistent/master.mxf']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const story = await portalCommand(t.dataDir, ['ingest', await h264Mp4Master(), '--story', 'nope']);
    expect(story.code).toBe(2);
    expect(story.stderr).toContain('no story');
  });
});

describe('portal ingest with no portal running', () => {
  it('opens the database itself, does the work and answers with the video', async () => {
    const data = await freshDataDir('pglite');
    try {
      // The 640×360 master (cached for other tests): the command's work, a ninth of the pixels.
      const master = await smallH264Mp4Master({ seconds: 12 });
      const result = await portalCommand(data.dataDir, ['ingest', master, '--json']);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout.trim())).toMatchObject({ status: 'ready' });
    } finally {
      await data.cleanup();
      await rm(data.dataDir, { recursive: true, force: true });
    }
  });
});
