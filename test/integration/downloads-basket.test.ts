/**
 * The selection basket against a real portal (one database mode: its SQL is plain), real ffmpeg and
 * real readers of the archive (unzip, zipinfo, ffprobe): three clips from two videos and a whole master
 * put aside, the same selection twice is one item, a bad range and an anonymous caller refused; the ZIP
 * streamed (no Content-Length), files stored, the master byte for byte, the clips with the frames
 * asked for, the manifest in the reader's language; every file in the download history; an item
 * embargoed (hidden) meanwhile is refused, left out and named in the manifest; the pages work without
 * JavaScript (add from the video page's form, rename, remove, sign-in for visitors).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseModes } from '../support/databases.ts';
import { createStory, ingestAndWait, sha256Of, signedInCookie } from '../support/downloads.ts';
import { smallH264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { waitFor } from '../support/time-scale.ts';

const run = promisify(execFile);
const [mode = 'pglite'] = databaseModes();

interface BasketAnswer {
  items: {
    id: string;
    videoId: string;
    kind: string;
    state: string;
    message: string | null;
    refusal: string | null;
    in: string | null;
    out: string | null;
  }[];
  count: number;
  ready: boolean;
}

describe(`selection basket (${mode})`, () => {
  let t: TestPortal;
  let work: string;
  let cookie: string;
  let master: string;
  let harbour: string;
  let summit: string;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${t.baseUrl}/api/v1${path}`, {
      ...init,
      headers: { cookie, 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    });
  const add = (body: Record<string, unknown>, lang = 'en') =>
    api(`/basket/items?lang=${lang}`, { method: 'POST', body: JSON.stringify(body) });
  const basket = async (): Promise<BasketAnswer> => (await api('/basket')).json();

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    work = await mkdtemp(join(tmpdir(), 'basket-'));
    await createStory(t.portal, 'basket-story', '2026-11-19T10:00:00Z');
    master = await smallH264Mp4Master();
    harbour = await ingestAndWait(t.portal, { path: master, story: 'basket-story', title: 'Harbour' });
    summit = await ingestAndWait(t.portal, { path: master, story: 'basket-story', title: 'Summit' });
    await t.portal.database.db
      .insertInto('video_usage')
      .values({
        video_id: harbour,
        credit: '© Port authority',
        usage_terms_fr: 'Libre pour l’information.',
        usage_terms_en: 'Free for news use.',
      })
      .execute();
    cookie = await signedInCookie(t.baseUrl, t.dataDir, `basket-${mode}@example.org`);
  });

  afterAll(async () => {
    await t?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('puts clips and a whole master aside, once each, and refuses what it cannot hold', async () => {
    // Whole GOPs of the 100-frame GOP master: copied, cheap to make.
    expect(
      (await add({ videoId: harbour, inFrame: 0, outFrame: 100, profile: 'broadcast', name: 'Quay' })).status,
    ).toBe(201);
    expect(
      (await add({ videoId: harbour, in: '10:00:04:00', out: '10:00:06:00', profile: 'broadcast' })).status,
    ).toBe(201);
    // The same master's last GOP as harbour's second item: one clip file, two items, two videos.
    expect((await add({ videoId: summit, inFrame: 100, outFrame: 150, profile: 'broadcast' })).status).toBe(
      201,
    );
    const whole = await add({ videoId: summit, kind: 'video', rendition: 'master' });
    expect(whole.status).toBe(201);
    expect((await whole.json()).count).toBe(4);
    // The same selection twice is one item.
    const again = await add({ videoId: harbour, inFrame: 0, outFrame: 100, profile: 'broadcast' });
    expect(again.status).toBe(200);
    expect((await again.json()).count).toBe(4);

    const outside = await add(
      { videoId: harbour, inFrame: 100, outFrame: 100_000, profile: 'broadcast' },
      'fr',
    );
    expect(outside.status).toBe(422);
    const refusal = (await outside.json()).error;
    expect(refusal.message).toMatch(/Sélection invalide/);
    const unknown = await add({ videoId: 'no-such-video', kind: 'video' });
    expect(unknown.status).toBe(404);
    const anonymous = await fetch(`${t.baseUrl}/api/v1/basket/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ videoId: harbour, kind: 'video' }),
    });
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${t.baseUrl}/api/v1/basket/archive`)).status).toBe(401);
    expect((await basket()).count).toBe(4);
  });

  it('streams the basket as one ZIP with a manifest in the reader’s language, and records each file', async () => {
    await waitFor(async () => (await basket()).ready, 120_000, 'the basket’s clips');
    const answer = await api('/basket/archive?lang=fr');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/zip');
    // Streamed as it is written: no length known ahead, no archive on disk.
    expect(answer.headers.get('content-length')).toBeNull();
    const zip = join(work, 'basket.zip');
    await writeFile(zip, Buffer.from(await answer.arrayBuffer()));
    await run('unzip', ['-tq', zip]);
    const { stdout: listing } = await run('zipinfo', [zip]);
    const lines = listing.split('\n').filter((line) => /^-/.test(line));
    expect(lines.map((line) => line.split(/\s+/).at(-1))).toEqual([
      'manifeste.txt',
      'manifest.json',
      expect.stringMatching(/^01_harbour_10-00-00-00_100f_broadcast\.mp4$/),
      expect.stringMatching(/^02_harbour_10-00-04-00_50f_broadcast\.mp4$/),
      expect.stringMatching(/^03_summit_10-00-04-00_50f_broadcast\.mp4$/),
      expect.stringMatching(/^04_.*\.mp4$/),
    ]);
    // Video is stored as it is, not deflated.
    for (const line of lines.slice(2)) expect(line).toMatch(/ stor /);

    const out = join(work, 'unzipped');
    await run('unzip', ['-q', zip, '-d', out]);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.language).toBe('fr');
    expect(
      manifest.files.map((f: { in: string; out: string; frames: number }) => [f.in, f.out, f.frames]),
    ).toEqual([
      ['10:00:00:00', '10:00:04:00', 100],
      ['10:00:04:00', '10:00:06:00', 50],
      ['10:00:04:00', '10:00:06:00', 50],
      [null, null, null],
    ]);
    const names = manifest.files.map((f: { file: string }) => f.file);
    expect(await sha256Of(join(out, names[3]))).toBe(await sha256Of(master));
    // What each clip declares: the frames asked for, from the master's timecode.
    const { stdout: probe } = await run('ffprobe', [
      ...['-v', 'error', '-select_streams', 'v:0', '-count_packets'],
      ...['-show_entries', 'stream=nb_read_packets:stream_tags=timecode', '-of', 'json'],
      join(out, names[1]),
    ]);
    const stream = JSON.parse(probe).streams[0];
    expect(Number(stream.nb_read_packets)).toBe(50);
    const text = await readFile(join(out, 'manifeste.txt'), 'utf8');
    expect(text).toContain('Quay');
    expect(text).toMatch(/Crédit\u202f: © Port authority/);
    expect(text).toMatch(/Conditions d’utilisation\u202f: Libre pour l’information\./);
    expect(text).toMatch(/Conditions d’utilisation\u202f: Utilisation soumise aux conditions/);
    expect(text).toContain('de 10:00:00:00 à 10:00:03:24 (100 images, 4 s)');
    expect(text).not.toMatch(/Credit:|Usage terms/);

    const history = await (await api('/account/downloads')).json();
    const rows = history.items.slice(0, 4).reverse();
    expect(
      rows.map((r: { rendition: string; in: string | null; videoId: string }) => [
        r.rendition,
        r.in,
        r.videoId,
      ]),
    ).toEqual([
      ['clip-broadcast', '10:00:00:00', harbour],
      ['clip-broadcast', '10:00:04:00', harbour],
      ['clip-broadcast', '10:00:04:00', summit],
      ['master', null, summit],
    ]);
    for (const row of rows) expect(row.bytes).toBe(row.fileSize);
  });

  it('refuses items the one video rule no longer allows, names them and leaves them out', async () => {
    const db = t.portal.database.db;
    await db
      .insertInto('video_usage')
      .values({ video_id: summit, embargo_until: new Date('2099-01-02T08:30:00Z'), embargo_kind: 'hidden' })
      .onConflict((oc) =>
        oc
          .column('video_id')
          .doUpdateSet({ embargo_until: new Date('2099-01-02T08:30:00Z'), embargo_kind: 'hidden' }),
      )
      .execute();
    try {
      const states = (await basket()).items;
      expect(states.filter((s) => s.state === 'refused').map((s) => [s.videoId, s.refusal])).toEqual([
        [summit, 'not_found'],
        [summit, 'not_found'],
      ]);
      const refused = await add({ videoId: summit, inFrame: 50, outFrame: 100, profile: 'broadcast' });
      expect(refused.status).toBe(404);
      const answer = await api('/basket/archive');
      expect(answer.status).toBe(200);
      const zip = join(work, 'partial.zip');
      await writeFile(zip, Buffer.from(await answer.arrayBuffer()));
      const { stdout } = await run('unzip', ['-p', zip, 'manifest.json']);
      const manifest = JSON.parse(stdout);
      expect(manifest.files).toHaveLength(2);
      expect(manifest.left.map((l: { videoId: string; reason: string }) => l.videoId)).toEqual([
        summit,
        summit,
      ]);
      expect(manifest.left[0].reason.length).toBeGreaterThan(5);
      const { stdout: text } = await run('unzip', ['-p', zip, 'manifest.txt']);
      expect(text).toMatch(/Not included:/);
    } finally {
      await db
        .updateTable('video_usage')
        .set({ embargo_until: null })
        .where('video_id', '=', summit)
        .execute();
    }
  });

  it('works as pages without JavaScript: add from the video page, rename, remove, sign in first', async () => {
    const page = await fetch(`${t.baseUrl}/fr/videos/${harbour}`, { headers: { cookie } });
    const html = await page.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(html).toContain('formaction="/fr/basket/items"');
    const jar = [cookie, ...page.headers.getSetCookie().map((line) => line.split(';')[0])].join('; ');
    const post = (path: string, fields: Record<string, string>) =>
      fetch(`${t.baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: jar, origin: t.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
    // The editor's form, as it posts without script: half-open timecodes and the profile.
    // Summit's first GOP: the same master and range as a clip made above, so ready at once.
    const added = await post('/fr/basket/items', {
      videoId: summit,
      kind: 'clip',
      in: '10:00:00:00',
      out: '10:00:04:00',
      profile: 'broadcast',
    });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe('/fr/basket');
    const list = await (await fetch(`${t.baseUrl}/fr/basket`, { headers: { cookie: jar } })).text();
    expect(list).toContain('<h1>Ma sélection</h1>');
    expect(list).toContain('de 10:00:00:00 à 10:00:03:24 (100 images, 4 s)');
    const { items } = await basket();
    const item = items.find((i) => i.videoId === summit && i.in === '10:00:00:00');
    expect(item).toBeDefined();
    expect((await post(`/fr/basket/items/${item!.id}`, { name: 'Poignée de main' })).status).toBe(303);
    expect(await (await fetch(`${t.baseUrl}/en/basket`, { headers: { cookie: jar } })).text()).toContain(
      'value="Poignée de main"',
    );
    expect((await post(`/fr/basket/items/${item!.id}/delete`, {})).status).toBe(303);
    expect((await basket()).count).toBe(4);
    expect((await post('/fr/basket/empty', {})).status).toBe(303);
    expect((await basket()).count).toBe(0);
    expect((await api('/basket/archive')).status).toBe(409);

    const visitor = await fetch(`${t.baseUrl}/en/basket`, { redirect: 'manual' });
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toBe('/en/sign-in?returnTo=%2Fen%2Fbasket');
  });
});
