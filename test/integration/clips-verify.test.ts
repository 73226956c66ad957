/**
 * Clips are verified before they are ready (a clip job's output deliberately corrupted through the
 * job's test hook: remade by the safe path, or failed with a translated reason, never ready); broadcast
 * clips of HEVC and MPEG-4 Part 2 masters refused at request time; a subset of the audio streams kept,
 * sample-exact. Real portal, real ingest, real ffmpeg.
 */
import { randomUUID } from 'node:crypto';
import { readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLIPS_DIR, clipHandler } from '../../src/clips/jobs.ts';
import { loadMaster, planFor } from '../../src/clips/service.ts';
import type { ClipsTables } from '../../src/clips/tables.ts';
import { featureDb } from '../../src/platform/db/schema.ts';
import { runFfmpeg } from '../../src/platform/ffmpeg/run.ts';
import { countFrames, decodedAudio, decodeErrors, streamSummary } from '../support/clip-checks.ts';
import { createStory, ingestAndWait, signedInCookie } from '../support/downloads.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { hevcMp4Master, mpeg4Mp4Master, twoMonoPcmMovMaster } from '../support/verify-masters.ts';

vi.setConfig({ testTimeout: 300_000 });

describe('clip verification, codec refusal and audio choice', () => {
  let t: TestPortal;
  let cookie = '';
  let twoMono = '';
  let hevc = '';
  let mpeg4 = '';
  const api = (path: string, init: RequestInit = {}, lang = 'en') =>
    fetch(`${t.baseUrl}/api/v1${path}`, {
      ...init,
      headers: {
        cookie,
        'content-type': 'application/json',
        'accept-language': lang,
        ...(init.headers ?? {}),
      },
    });
  const waitDone = async (id: string) => {
    for (let i = 0; i < 1500; i += 1) {
      const clip = await (await api(`/clips/${id}`)).json();
      if (clip.status === 'ready' || clip.status === 'failed') return clip;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('clip not done in time');
  };

  /** The portal's database as the clips feature sees it. */
  const clipsDb = () => featureDb<ClipsTables>(t.portal.database.db);

  /** A clip row as a request makes it, without its job: the test runs the job itself, with hooks. */
  async function insertClip(videoId: string, inFrame: number, outFrame: number): Promise<string> {
    const master = await loadMaster(clipsDb(), t.portal.storage, videoId);
    const { plan } = await planFor(t.portal.storage, master, { inFrame, outFrame }, 'broadcast');
    const id = randomUUID();
    await t.portal.database.db
      .insertInto('clips')
      .values({
        id,
        cache_key: `verify-test-${id}`,
        video_id: videoId,
        master_sha256: master.sha256,
        in_frame: inFrame,
        out_frame: outFrame,
        profile: 'broadcast',
        status: 'queued',
        method: plan.method,
        reason: plan.reason,
        start_timecode: plan.startTimecode,
        container: plan.container,
      })
      .execute();
    return id;
  }

  /** Rewrites a clip file without its last video frame: a wrong clip that still plays. */
  async function dropLastFrame(path: string): Promise<void> {
    const frames = await countFrames(path);
    const tmp = `${path}.corrupt.mov`;
    await runFfmpeg([
      '-v',
      'error',
      '-y',
      '-i',
      path,
      '-map',
      '0',
      '-c',
      'copy',
      '-frames:v',
      String(frames - 1),
      tmp,
    ]);
    await rename(tmp, path);
  }

  const runJob = (clipId: string, corrupt: (attempt: 1 | 2) => boolean, attempts: number[]) =>
    clipHandler({
      db: clipsDb(),
      storage: t.portal.storage,
      cacheBytes: 1e12,
      audioMaster: async () => null,
      hooks: {
        afterWrite: async (path, attempt) => {
          attempts.push(attempt);
          if (corrupt(attempt)) await dropLastFrame(path);
        },
      },
    })({ clipId }, { id: 'test', signal: new AbortController().signal, isLastAttempt: false });

  beforeAll(async () => {
    t = await startTestPortal('pglite', { demo: false });
    await createStory(t.portal, 'verify', '2026-01-05T10:00:00Z');
    [twoMono, hevc, mpeg4] = await Promise.all([
      twoMonoPcmMovMaster().then((path) =>
        ingestAndWait(t.portal, { path, title: 'Two mono', story: 'verify' }),
      ),
      hevcMp4Master().then((path) => ingestAndWait(t.portal, { path, title: 'HEVC', story: 'verify' })),
      mpeg4Mp4Master().then((path) => ingestAndWait(t.portal, { path, title: 'MPEG-4', story: 'verify' })),
    ]);
    cookie = await signedInCookie(t.baseUrl, t.dataDir, 'verifier@example.org');
  }, 600_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('a clip that fails verification is remade by a full re-encode and says so', async () => {
    const id = await insertClip(twoMono, 10, 60);
    const attempts: number[] = [];
    await runJob(id, (attempt) => attempt === 1, attempts);
    expect(attempts).toEqual([1, 2]);
    const row = await t.portal.database.db
      .selectFrom('clips')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('ready');
    expect(row.method).toBe('reencode');
    expect(row.notes).toMatch(
      /^verification failed \(frame_count: 49 frames decoded, 50 planned; .*\): remade by a full re-encode of the range/,
    );
    const path = join(t.portal.mediaDir, row.file_path!);
    expect(await countFrames(path)).toBe(50);
    expect(await decodeErrors(path)).toBe('');
    const json = await (await api(`/clips/${id}`)).json();
    expect(json.status).toBe('ready');
    expect(json.notes[0]).toMatch(/remade by a full re-encode/);
    const page = await (
      await fetch(`${t.baseUrl}/en/clips/${id}`, { headers: { cookie, accept: 'text/html' } })
    ).text();
    expect(page).toContain('The first version failed verification');
  });

  it('a file that cannot even be read is remade too (not retried as a failed job)', async () => {
    const id = await insertClip(twoMono, 20, 45);
    const attempts: number[] = [];
    await clipHandler({
      db: clipsDb(),
      storage: t.portal.storage,
      cacheBytes: 1e12,
      audioMaster: async () => null,
      hooks: {
        afterWrite: async (path, attempt) => {
          attempts.push(attempt);
          if (attempt === 1) await writeFile(path, 'not a clip any more');
        },
      },
    })({ clipId: id }, { id: 'test', signal: new AbortController().signal, isLastAttempt: false });
    expect(attempts).toEqual([1, 2]);
    const row = await t.portal.database.db
      .selectFrom('clips')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('ready');
    expect(row.notes).toMatch(/^verification failed \(decode_errors: ffprobe cannot read the file/);
    expect(await countFrames(join(t.portal.mediaDir, row.file_path!))).toBe(25);
  });

  it('a clip whose safe path fails verification too is failed with a translated reason, never ready', async () => {
    const id = await insertClip(twoMono, 5, 40);
    const attempts: number[] = [];
    await runJob(id, () => true, attempts);
    expect(attempts).toEqual([1, 2]);
    const row = await t.portal.database.db
      .selectFrom('clips')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.file_path).toBeNull();
    expect(row.error).toMatch(/34 frames decoded, 35 planned/);
    // No file of this clip is left in the cache.
    const left = await readdir(join(t.portal.mediaDir, CLIPS_DIR)).catch(() => [] as string[]);
    expect(left.filter((name) => name.includes(row.cache_key))).toEqual([]);
    const fr = await (await api(`/clips/${id}`, {}, 'fr')).json();
    expect(fr).toMatchObject({ status: 'failed', fileUrl: null });
    expect(fr.error).toBe(
      'La partie n’a pas pu être faite exactement, même entièrement réencodée ; elle n’est pas livrée. Le fichier produit n’a pas le nombre d’images demandé.',
    );
    const en = await (await api(`/clips/${id}`)).json();
    expect(en.error).toMatch(/^The part could not be made exactly, even re-encoded whole/);
    const file = await api(`/clips/${id}/file`);
    expect(file.status).toBe(409);
  });

  it('refuses broadcast clips of HEVC and MPEG-4 Part 2 masters at once, naming the codec and offering web', async () => {
    for (const [videoId, codec] of [
      [hevc, 'hevc'],
      [mpeg4, 'mpeg4'],
    ] as const) {
      const started = Date.now();
      const refused = await api(`/videos/${videoId}/clips`, {
        method: 'POST',
        body: JSON.stringify({ inFrame: 3, outFrame: 30, profile: 'broadcast' }),
      });
      expect(refused.status).toBe(422);
      expect(Date.now() - started).toBeLessThan(5000);
      const { error } = await refused.json();
      expect(error.code).toBe('unsupported_codec');
      expect(error.message).toBe(
        `This video’s broadcast format (${codec}) cannot be cut exactly to the frame here. Choose the web profile (H.264 MP4).`,
      );
      const french = await api(
        `/videos/${videoId}/clips`,
        { method: 'POST', body: JSON.stringify({ inFrame: 3, outFrame: 30 }) },
        'fr',
      );
      expect((await french.json()).error.message).toMatch(new RegExp(`\\(${codec}\\).*format web`));
      // Nothing was queued.
      const rows = await t.portal.database.db
        .selectFrom('clips')
        .select('id')
        .where('video_id', '=', videoId)
        .execute();
      expect(rows).toEqual([]);
      // The editor says so and offers the web profile.
      const page = await (
        await fetch(`${t.baseUrl}/en/videos/${videoId}`, { headers: { cookie, accept: 'text/html' } })
      ).text();
      expect(page).toContain('data-unsupported-codec');
      expect(page).toContain(`This master’s broadcast format (${codec}) cannot be cut exactly`);
      expect(page).toMatch(/value="broadcast" disabled/);
      expect(page).toMatch(/value="web" checked/);
    }
    // The web profile is offered and made (verified like any clip).
    const web = await api(`/videos/${hevc}/clips`, {
      method: 'POST',
      body: JSON.stringify({ inFrame: 3, outFrame: 30, profile: 'web' }),
    });
    expect(web.status).toBe(202);
    const made = await waitDone((await web.json()).id);
    expect(made.status).toBe('ready');
    expect(made.notes.join(' ')).toMatch(/verified in \d+ ms/);
  });

  it('keeps a chosen subset of the audio streams, sample-exact, as its own cache entry', async () => {
    const summary = await streamSummary(await twoMonoPcmMovMaster());
    const audioIndexes = summary.streams.filter((s) => s.codec_type === 'audio').map((s) => s.index);
    expect(audioIndexes).toHaveLength(2);
    const page = await (
      await fetch(`${t.baseUrl}/en/videos/${twoMono}`, { headers: { cookie, accept: 'text/html' } })
    ).text();
    expect(page).toContain(
      `name="audio" value="${audioIndexes[0]}" checked> Track 1: eng · mono · pcm_s16le`,
    );
    expect(page).toContain(
      `name="audio" value="${audioIndexes[1]}" checked> Track 2: fra · mono · pcm_s16le`,
    );

    const body = { inFrame: 13, outFrame: 61, profile: 'broadcast' };
    const invalid = await api(`/videos/${twoMono}/clips`, {
      method: 'POST',
      body: JSON.stringify({ ...body, audio: [0] }),
    });
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.code).toBe('invalid_audio');

    const second = await api(`/videos/${twoMono}/clips`, {
      method: 'POST',
      body: JSON.stringify({ ...body, audio: [audioIndexes[1]] }),
    });
    expect(second.status).toBe(202);
    const subset = await waitDone((await second.json()).id);
    expect(subset).toMatchObject({ status: 'ready', audio: [audioIndexes[1]] });
    const all = await waitDone(
      (await (await api(`/videos/${twoMono}/clips`, { method: 'POST', body: JSON.stringify(body) })).json())
        .id,
    );
    expect(all.id).not.toBe(subset.id);
    expect(all.audio).toBeNull();

    const file = async (clip: { id: string }) => {
      const row = await t.portal.database.db
        .selectFrom('clips')
        .select('file_path')
        .where('id', '=', clip.id)
        .executeTakeFirstOrThrow();
      return join(t.portal.mediaDir, row.file_path!);
    };
    const subsetPath = await file(subset);
    const subsetAudio = (await streamSummary(subsetPath)).streams.filter((s) => s.codec_type === 'audio');
    expect(subsetAudio).toHaveLength(1);
    expect(subsetAudio[0]).toMatchObject({ channels: 1 });
    const allAudio = (await streamSummary(await file(all))).streams.filter((s) => s.codec_type === 'audio');
    expect(allAudio).toHaveLength(2);
    // 48 frames at 25/s from frame 13: samples [24960, 24960 + 92160) of the master's second stream.
    const master = await twoMonoPcmMovMaster();
    const expected = await decodedAudio(master, 1, 24_960, 92_160);
    const got = await decodedAudio(subsetPath, 0);
    expect(got.length).toBe(92_160 * 4);
    expect(got.equals(expected)).toBe(true);
    // Not the first stream's sound.
    expect(got.equals(await decodedAudio(master, 0, 24_960, 92_160))).toBe(false);
  });
});
