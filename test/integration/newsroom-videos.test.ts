/**
 * The newsroom's video API, both database modes (one portal per mode): metadata FR/EN with If-Match
 * (412 stale) and 422 naming each bad field in FR and EN; a French-only title never shows as English;
 * the shotlist as JSON and CSV with per-row errors, overlaps refused, search reindexed; the two embargo
 * kinds at their time boundary with the test clock; the poster from a frame number (checked against
 * that frame cut by ffmpeg's own decoder); DELETE (409 in_use, 204 with files gone) and the audit log
 * of these edits; permissions (anonymous 401, journalist 403).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { type Client, client, GOOD_PASSWORD, testClock } from '../support/accounts.ts';
import { makeClip } from '../support/clips.ts';
import { databaseModes } from '../support/databases.ts';
import { createStory, ingestAndWait } from '../support/downloads.ts';
import { smallH264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

const run = promisify(execFile);

describe.each(databaseModes())('newsroom videos API (%s)', (mode) => {
  let t: TestPortal;
  let editor: Client;
  let editorFr: Client;
  let journalist: Client;
  let anonymous: Client;
  let videoId = '';
  const clock = testClock();

  async function user(email: string, role: string, lang = 'en'): Promise<Client> {
    await callOperator(t.dataDir, 'users/create', { email, password: GOOD_PASSWORD, role, verified: true });
    const c = client(t.baseUrl, lang);
    expect((await c.api('POST', '/session', { email, password: GOOD_PASSWORD })).status).toBe(200);
    return c;
  }

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false, clock: clock.now });
    editor = await user(`ed-${mode}@example.org`, 'editor');
    editorFr = await user(`edfr-${mode}@example.org`, 'editor', 'fr');
    journalist = await user(`jo-${mode}@example.org`, 'journalist');
    anonymous = client(t.baseUrl);
    await createStory(t.portal, 'harbour', '2020-01-01T00:00:00Z');
    videoId = await ingestAndWait(t.portal, {
      path: await smallH264Mp4Master({ seconds: 4 }),
      story: 'harbour',
      title: 'Port',
    });
  }, 300_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('refuses anonymous (401) and journalists (403)', async () => {
    for (const [method, path, body] of [
      ['PATCH', `/videos/${videoId}`, {}],
      ['PUT', `/videos/${videoId}/shotlist`, { items: [] }],
      ['DELETE', `/videos/${videoId}`, undefined],
    ] as const) {
      expect((await anonymous.api(method, path, body)).status, `${method} ${path}`).toBe(401);
      expect((await journalist.api(method, path, body)).status, `${method} ${path}`).toBe(403);
    }
  });

  it('edits titles FR/EN with If-Match; a French-only title is not shown as English', async () => {
    const current = await (await editor.api('GET', `/videos/${videoId}`)).json();
    const first = await editor.api(
      'PATCH',
      `/videos/${videoId}`,
      {
        translations: { fr: { title: 'Le port rouvre', description: 'Vue du quai.' }, en: null },
        credit: 'Service audiovisuel',
        usageTerms: { fr: 'Usage éditorial.', en: 'Editorial use.' },
        restrictions: { fr: 'Pas de publicité.', en: 'No advertising.' },
      },
      { 'if-match': `"${current.revision}"` },
    );
    expect(first.status).toBe(200);
    const saved = await first.json();
    expect(saved).toMatchObject({
      translations: { fr: { title: 'Le port rouvre', description: 'Vue du quai.' } },
      credit: 'Service audiovisuel',
      usageTerms: { fr: 'Usage éditorial.', en: 'Editorial use.' },
      revision: current.revision + 1,
    });
    expect(saved.translations.en).toBeUndefined();
    // A stale revision: 412, nothing written, message in the caller's language.
    const stale = await editorFr.api(
      'PATCH',
      `/videos/${videoId}`,
      { credit: 'Écrasé' },
      { 'if-match': `"${current.revision}"` },
    );
    expect(stale.status).toBe(412);
    expect((await stale.json()).error.message).toMatch(/modifiée par quelqu’un d’autre/);
    const read = await anonymous.api('GET', `/videos/${videoId}`);
    const shown = await read.json();
    expect(shown).toMatchObject({
      credit: 'Service audiovisuel',
      titleLanguage: 'fr',
      revision: saved.revision,
    });
    expect(Object.keys(shown.translations)).toEqual(['fr']);
    // The English page says the title exists in French only, marked as French.
    const page = await (
      await fetch(`${t.baseUrl}/en/admin/videos/${videoId}`, {
        headers: { cookie: editor.jar.header() },
      })
    ).text();
    expect(page).toContain('This video has a title in French only.');
    expect(page).toContain('<span lang="fr">Le port rouvre</span>');
    // So does the public English page: the French title, marked French, announced.
    const publicPage = (await anonymous.page(`/en/videos/${videoId}`)).html;
    expect(publicPage).toContain('<h1 lang="fr">Le port rouvre</h1>');
    expect(publicPage).toContain('(title in French only)');
    expect((await anonymous.page(`/fr/videos/${videoId}`)).html).not.toContain('seulement)');
  });

  it('names each bad field (422) in French and English', async () => {
    const body = {
      translations: { fr: { title: '' }, en: { title: '', description: 'x' } },
      credit: 'c'.repeat(201),
      embargoUntil: '2026-02-30T10:00:00+01:00',
    };
    const en = await editor.api('PATCH', `/videos/${videoId}`, body);
    expect(en.status).toBe(422);
    const enBody = await en.json();
    expect(enBody.error.fields).toEqual({
      'translations.en.title': 'required',
      // French keeps its description: a description without a title is refused.
      'translations.fr.title': 'required',
      credit: 'too_long',
      embargoUntil: 'invalid_date',
    });
    expect(enBody.error.messages.credit).toBe('Credit: too long.');
    const fr = await (await editorFr.api('PATCH', `/videos/${videoId}`, body)).json();
    expect(fr.error.messages.embargoUntil).toMatch(/^Embargo jusqu’au : date invalide/);
    const noTitle = await editor.api('PATCH', `/videos/${videoId}`, { translations: { fr: null, en: null } });
    expect((await noTitle.json()).error.fields).toEqual({ 'translations.fr.title': 'no_title' });
    const unchanged = await (await editor.api('GET', `/videos/${videoId}`)).json();
    expect(unchanged.translations.fr.title).toBe('Le port rouvre');
  });

  it('takes a shotlist as JSON and CSV, names bad rows, refuses overlaps, reindexes search', async () => {
    const ok = await editor.api('PUT', `/videos/${videoId}/shotlist`, {
      items: [
        { in: '10:00:02:00', out: '10:00:04:00', description: { fr: 'Grue', en: 'Crane' } },
        { in: '10:00:00:00', out: '10:00:02:00', description: { fr: 'Quai', en: 'Quay' } },
      ],
    });
    expect(ok.status).toBe(200);
    const list = (await ok.json()).shotlist;
    expect(list.map((s: { inFrame: number; outFrame: number }) => [s.inFrame, s.outFrame])).toEqual([
      [0, 50],
      [50, 100],
    ]);
    const found = await (await anonymous.api('GET', '/search?q=crane&type=shot')).json();
    expect(found.items.some((i: { videoId?: string }) => i.videoId === videoId)).toBe(true);

    const bad = await editor.api('PUT', `/videos/${videoId}/shotlist`, {
      items: [
        { in: '10:00:00:00', out: '10:00:02:00', description: { fr: 'A' } },
        { in: '10:00:01:00', out: '10:00:03:00', description: { en: 'B' } },
        { in: '10:00:03:00', out: '10:00:02:00', description: { fr: 'C' } },
        { in: '25:00:00:00', out: '10:00:09:00', description: {} },
      ],
    });
    expect(bad.status).toBe(422);
    const badBody = await bad.json();
    expect(badBody.error.fields).toEqual({
      'items.1.in': 'overlaps',
      'items.2.out': 'not_after_in',
      'items.3.in': 'timecode',
      'items.3.out': 'outside',
      'items.3.description': 'required',
    });
    expect(badBody.error.messages['items.2.out']).toBe(
      'Shotlist, line 3, out: must come after the in point.',
    );

    const csv =
      'in,out,fr,en\n10:00:00:00,10:00:01:00,"Quai, matin",Quay\n10:00:01:00,10:00:03:12,Grue,Crane\n';
    const neither = await editor.api('PUT', `/videos/${videoId}/shotlist`, { rows: [] });
    expect(neither.status).toBe(400);
    const put = await fetch(`${t.baseUrl}/api/v1/videos/${videoId}/shotlist`, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv', cookie: editor.jar.header(), 'accept-language': 'fr' },
      body: csv,
    });
    expect(put.status).toBe(200);
    const csvList = (await put.json()).shotlist;
    expect(csvList[0]).toMatchObject({
      in: '10:00:00:00',
      out: '10:00:01:00',
      description: { fr: 'Quai, matin' },
    });
    const csvBad = await fetch(`${t.baseUrl}/api/v1/videos/${videoId}/shotlist`, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv', cookie: editor.jar.header(), 'accept-language': 'fr' },
      body: 'in,out,fr,en\n10:00:00:00,10:00:01:00,A,B\n10:00:00:12,bad,C,D\nonly-one\n',
    });
    expect(csvBad.status).toBe(422);
    const csvErrors = (await csvBad.json()).error;
    expect(csvErrors.fields).toEqual({ 'lines.3.out': 'timecode', 'lines.4': 'columns' });
    expect(csvErrors.messages['lines.3.out']).toMatch(/ligne 3, sortie : timecode invalide/);
  });

  it('hidden and available embargoes hold until their time and lift by themselves', async () => {
    const at = new Date(clock.now().getTime() + 3600_000);
    const api = (c: Client) => c.api('GET', `/videos/${videoId}`).then((r) => r.status);
    const master = (c: Client) =>
      fetch(`${t.baseUrl}/api/v1/videos/${videoId}/renditions/master/file`, {
        method: 'HEAD',
        headers: c.jar.cookies.size ? { cookie: c.jar.header() } : {},
      });
    const set = await editor.api('PATCH', `/videos/${videoId}`, {
      embargoUntil: at.toISOString(),
      embargoKind: 'hidden',
    });
    expect(set.status).toBe(200);
    expect([await api(anonymous), await api(journalist), await api(editor)]).toEqual([404, 404, 200]);
    expect((await master(journalist)).status).toBe(404);

    expect((await editor.api('PATCH', `/videos/${videoId}`, { embargoKind: 'available' })).status).toBe(200);
    expect([await api(anonymous), await api(journalist)]).toEqual([200, 200]);
    const early = await master(journalist);
    expect(early.status).toBe(200);
    expect(early.headers.get('content-disposition')).toMatch(/not-before-\d{4}-\d\d-\d\dT\d{4}Z/);
    // A clip cut ahead says so in its name too, in the reader's language (GOP-aligned: copied, cheap).
    if (mode === 'pglite') {
      const clip = await makeClip(t.baseUrl, journalist.jar.header(), videoId, {
        inFrame: 0,
        outFrame: 100,
        profile: 'broadcast',
      });
      const clipFile = (lang: string) =>
        fetch(`${t.baseUrl}${clip.fileUrl}`, {
          method: 'HEAD',
          headers: { cookie: journalist.jar.header(), 'accept-language': lang },
        });
      expect((await clipFile('en')).headers.get('content-disposition')).toMatch(
        /_100f_broadcast_not-before-\d{4}-\d\d-\d\dT\d{4}Z\.mp4/,
      );
      expect((await clipFile('fr')).headers.get('content-disposition')).toMatch(/_ne-pas-publier-avant-/);
    }
    expect((await master(anonymous)).status).toBe(401);
    const anonymousView = await (await anonymous.api('GET', `/videos/${videoId}`)).json();
    expect(anonymousView.posterUrl).toBeNull();
    // Every page says so to those who may download ahead, in their language.
    const storyPage = await journalist.page('/en/stories/harbour');
    expect(storyPage.html).toContain('Under embargo: not for publication before');
    const videoPage = await journalist.page(`/fr/videos/${videoId}`);
    expect(videoPage.html).toContain('Sous embargo : ne pas publier avant le');
    const anonymousPage = await anonymous.page(`/en/videos/${videoId}`);
    expect(anonymousPage.html).not.toContain(`/media/previews/${videoId}/`);
    expect(anonymousPage.html).not.toContain('not for publication before');

    // One second before the time: still under embargo; at the time: lifted, nobody touched it.
    clock.freezeAt(new Date(at.getTime() - 1000));
    expect((await master(journalist)).headers.get('content-disposition')).toMatch(/not-before/);
    expect((await editor.api('PATCH', `/videos/${videoId}`, { embargoKind: 'hidden' })).status).toBe(200);
    expect(await api(anonymous)).toBe(404);
    clock.advance(1);
    expect(await api(anonymous)).toBe(200);
    const after = await master(journalist);
    expect(after.status).toBe(200);
    expect(after.headers.get('content-disposition')).not.toMatch(/not-before/);
  });

  it('sets the poster from a frame number (posterFrame), cut from the master; refuses one outside', async () => {
    const poster = join(t.dataDir, 'media', 'previews', videoId, 'poster.jpg');
    const before = await readFile(poster);
    const frame = 37; // between keyframes (GOP 100): the cut decodes up to it
    const saved = await editor.api('PATCH', `/videos/${videoId}`, { posterFrame: frame });
    expect(saved.status).toBe(200);
    expect((await saved.json()).posterFrame).toBe(frame);
    expect((await editor.api('GET', `/videos/${videoId}`)).status).toBe(200);
    const after = await readFile(poster);
    expect(after.equals(before)).toBe(false);
    // The poster is that frame of the master (cut by ffmpeg's own decoder here), not its neighbours.
    const frames = join(t.dataDir, 'reference-frames');
    await mkdir(frames, { recursive: true });
    await run('ffmpeg', [
      ...['-v', 'error', '-i', await smallH264Mp4Master({ seconds: 4 })],
      ...['-vf', `select=between(n\\,${frame - 1}\\,${frame + 1})`, '-fps_mode', 'passthrough'],
      ...['-frames:v', '3', '-f', 'image2', join(frames, 'f%d.png')],
    ]);
    const pixels = (image: string | Buffer) =>
      sharp(image).resize(320, 180).removeAlpha().greyscale().raw().toBuffer();
    const posterPixels = await pixels(after);
    const distance = async (n: number) => {
      const reference = await pixels(join(frames, `f${n}.png`));
      let sum = 0;
      for (let i = 0; i < posterPixels.length; i++)
        sum += Math.abs((posterPixels[i] ?? 0) - (reference[i] ?? 0));
      return sum / posterPixels.length;
    };
    const [previous, same, next] = await Promise.all([distance(1), distance(2), distance(3)]);
    expect(same).toBeLessThan(previous);
    expect(same).toBeLessThan(next);
    const outside = await editorFr.api('PATCH', `/videos/${videoId}`, { posterFrame: 100_000 });
    expect(outside.status).toBe(422);
    const error = (await outside.json()).error;
    expect(error.fields).toEqual({ posterFrame: 'outside' });
    expect(error.message).toContain('Image de l’affiche');
    expect((await readFile(poster)).equals(after)).toBe(true);
    expect(
      (await readdir(join(t.dataDir, 'media', 'previews', videoId))).filter((f) => f.includes('.tmp')),
    ).toEqual([]);
  });

  it('deletes a video no published story shows (409 in_use otherwise), its files gone', async () => {
    const refused = await editor.api('DELETE', `/videos/${videoId}`);
    expect(refused.status).toBe(409);
    const body = await refused.json();
    expect(body.error.code).toBe('in_use');
    expect(body.error.stories).toMatchObject([{ slug: 'harbour' }]);
    await t.portal.database.db.deleteFrom('story_videos').where('video_id', '=', videoId).execute();
    const preview = join(t.dataDir, 'media', 'previews', videoId);
    expect(existsSync(preview)).toBe(true);
    expect((await editor.api('DELETE', `/videos/${videoId}`)).status).toBe(204);
    expect(existsSync(preview)).toBe(false);
    expect((await editor.api('GET', `/videos/${videoId}`)).status).toBe(404);
    expect((await editor.api('DELETE', `/videos/${videoId}`)).status).toBe(404);
    const found = await (await anonymous.api('GET', '/search?q=crane&type=shot')).json();
    expect(found.items.some((i: { videoId?: string }) => i.videoId === videoId)).toBe(false);
  });

  it('records metadata edits, shotlist saves and the deletion in the audit log, with who', async () => {
    const rows = await t.portal.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_kind', 'actor_name'])
      .where('target_id', '=', videoId)
      .orderBy('id')
      .execute();
    const actions = rows.map((r) => r.action);
    expect(actions.filter((a) => a === 'video.metadata').length).toBeGreaterThanOrEqual(3);
    expect(actions.at(-1)).toBe('video.delete');
    expect(new Set(rows.map((r) => r.target_kind))).toEqual(new Set(['video']));
    expect(rows.every((r) => r.actor_name !== '')).toBe(true);
  });
});
