/**
 * Derived renditions made on first request by a durable job: audio WAV with every channel of an
 * XDCAM master (8 mono PCM tracks), and the H.264 1080p web MP4 (deinterlaced).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFfprobeJson } from '../../src/platform/ffmpeg/run.ts';
import { databaseModes } from '../support/databases.ts';
import { ingestAndWait, sha256Of, signedInCookie } from '../support/downloads.ts';
import { xdcamMxfMaster } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { scaled } from '../support/time-scale.ts';

const run = promisify(execFile);

interface Probe {
  streams: {
    codec_name: string;
    codec_type: string;
    channels?: number;
    sample_rate?: string;
    width?: number;
    height?: number;
    pix_fmt?: string;
    nb_read_frames?: string;
    field_order?: string;
  }[];
}

describe.each(databaseModes())('derived renditions (%s)', (mode) => {
  let t: TestPortal;
  let videoId: string;
  let cookie: string;
  let work: string;
  const url = (name: string) => `${t.baseUrl}/api/v1/videos/${videoId}/renditions/${name}/file`;

  /** Asks until the rendition is made: 503 with Retry-After meanwhile. */
  async function waitForRendition(name: string, timeoutMs = 240_000): Promise<Response> {
    const deadline = Date.now() + scaled(timeoutMs);
    let first = true;
    while (Date.now() < deadline) {
      const response = await fetch(url(name), { method: 'HEAD', headers: { cookie } });
      if (response.status === 200) return response;
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      if (first) {
        const body = await (await fetch(url(name), { headers: { cookie, 'accept-language': 'fr' } })).json();
        expect(body.error.code).toBe('rendition_preparing');
        expect(body.error.message).toMatch(/en préparation/);
        first = false;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`${name} rendition not ready in time`);
  }

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    work = await mkdtemp(join(tmpdir(), 'renditions-'));
    videoId = await ingestAndWait(t.portal, { path: await xdcamMxfMaster(), title: 'XDCAM' });
    // In no published story (file names without a story): only editors see it (downloads/video-access.ts).
    cookie = await signedInCookie(t.baseUrl, t.dataDir, `renditions-${mode}@example.org`, { role: 'editor' });
  });

  afterAll(async () => {
    await t?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('makes the audio WAV with all 8 channels on first request', async () => {
    const head = await waitForRendition('audio');
    const etag = head.headers.get('etag');
    const dir = await mkdtemp(join(work, 'audio-'));
    await run('curl', ['-sS', '-f', '-O', '-J', '-H', `Cookie: ${cookie}`, url('audio')], { cwd: dir });
    const [name] = await readdir(dir);
    expect(name).toMatch(/^xdcam_10-00-00-00_audio\.wav$/);
    const file = join(dir, name!);
    expect(`"${await sha256Of(file)}"`).toBe(etag);
    const probe = await runFfprobeJson<Probe>(['-show_streams', file]);
    expect(probe.streams).toHaveLength(1);
    expect(probe.streams[0]).toMatchObject({ codec_name: 'pcm_s24le', channels: 8, sample_rate: '48000' });
    const api = await (await fetch(`${t.baseUrl}/api/v1/videos/${videoId}`, { headers: { cookie } })).json();
    const audio = api.renditions.find((r: { name: string }) => r.name === 'audio');
    expect(audio).toMatchObject({
      status: 'ready',
      container: 'wav',
      audioChannels: 8,
      sha256: etag!.slice(1, -1),
    });
  });

  it('makes the web MP4: H.264 1080p progressive, AAC stereo, ranges work on it', async () => {
    await waitForRendition('web');
    const file = join(work, 'web.mp4');
    await run('curl', ['-sS', '-f', '-H', `Cookie: ${cookie}`, '-o', file, url('web')]);
    const probe = await runFfprobeJson<Probe>(['-count_frames', '-show_streams', file]);
    const video = probe.streams.find((s) => s.codec_type === 'video');
    const audio = probe.streams.find((s) => s.codec_type === 'audio');
    expect(video).toMatchObject({ codec_name: 'h264', width: 1920, height: 1080, pix_fmt: 'yuv420p' });
    expect(video?.field_order ?? 'progressive').toBe('progressive');
    expect(Number(video?.nb_read_frames)).toBe(150);
    expect(audio).toMatchObject({ codec_name: 'aac', channels: 2 });
    const { stdout } = await run('curl', [
      '-sS',
      '-r',
      '0-99',
      '-H',
      `Cookie: ${cookie}`,
      '-o',
      '/dev/null',
      '-w',
      '%{http_code} %{size_download}',
      url('web'),
    ]);
    expect(stdout).toBe('206 100');
  });

  it('has no audio rendition for a master without sound, and 404 for an unknown name', async () => {
    const unknown = await fetch(`${t.baseUrl}/api/v1/videos/${videoId}/renditions/proxy/file`, {
      headers: { cookie },
    });
    expect(unknown.status).toBe(400);
    const missing = await fetch(`${t.baseUrl}/api/v1/videos/nope/renditions/master/file`, {
      headers: { cookie },
    });
    expect(missing.status).toBe(404);
  });
});
