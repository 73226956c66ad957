/**
 * Photos, both database modes, one portal each: permissions (anonymous 401, journalist 403); an
 * upload of several files at once made by other encoders (ffmpeg JPEG, PNG, TIFF) and by sharp (EXIF
 * date, orientation 6, GPS); renditions checked with ffprobe (no EXIF/GPS left, upright, sizes as
 * declared) and served with Range, HEAD and ETag; refusals (text named .jpg, HEIC, a mixed upload)
 * clear in FR and EN with nothing kept; captions and credit; story media in order with a photo lead,
 * the public page's figures in each language; who may fetch which file; deletion rules (409 in_use
 * while a published story shows it, otherwise nothing left behind).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { type Client, client, GOOD_PASSWORD } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import {
  ffmpegJpeg,
  ffmpegPng,
  ffmpegTiff,
  heicHeader,
  SHARP_TAKEN_AT,
  sharpJpegWithExif,
  textNamedJpeg,
} from '../support/photos.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { rawRequest } from '../support/raw-http.ts';

const run = promisify(execFile);

/** EXIF tags ffprobe (another parser than the portal's) finds in an image. */
async function exifTags(path: string): Promise<Record<string, string>> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'frame_tags',
    '-of',
    'json',
    path,
  ]);
  return (JSON.parse(stdout) as { frames: { tags?: Record<string, string> }[] }).frames[0]?.tags ?? {};
}

interface PhotoJson {
  id: string;
  status: string;
  width: number;
  height: number;
  takenAt: string | null;
  caption: { fr: string; en: string };
  credit: string;
  renditions: { name: string; width: number; height: number; size: number; url: string }[];
}

describe.each(databaseModes())('photos (%s)', (mode) => {
  let t: TestPortal;
  let editor: Client;
  let journalist: Client;
  let anonymous: Client;

  async function user(email: string, role: string, lang = 'en'): Promise<Client> {
    await callOperator(t.dataDir, 'users/create', { email, password: GOOD_PASSWORD, role, verified: true });
    const c = client(t.baseUrl, lang);
    expect((await c.api('POST', '/session', { email, password: GOOD_PASSWORD })).status).toBe(200);
    return c;
  }

  async function upload(who: Client | null, paths: string[], lang = 'en'): Promise<Response> {
    const form = new FormData();
    for (const path of paths) form.append('files', new Blob([await readFile(path)]), basename(path));
    return fetch(`${t.baseUrl}/api/v1/photos`, {
      method: 'POST',
      body: form,
      headers: {
        origin: t.baseUrl,
        'accept-language': lang,
        ...(who?.jar.cookies.size ? { cookie: who.jar.header() } : {}),
      },
    });
  }

  async function ready(id: string): Promise<PhotoJson> {
    for (let i = 0; i < 300; i++) {
      const photo = (await (await editor.api('GET', `/photos/${id}`)).json()) as PhotoJson;
      if (photo.status !== 'processing') return photo;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`photo ${id} never finished`);
  }

  const mediaFiles = async (sub: string) =>
    (await readdir(join(t.dataDir, 'media', 'photos', sub), { recursive: true }).catch(() => [])).sort();

  const file = (who: Client, url: string, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}${url}`, {
      headers: { ...(who.jar.cookies.size ? { cookie: who.jar.header() } : {}), ...headers },
    });

  let photos: PhotoJson[] = [];

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    editor = await user(`ed-${mode}@example.org`, 'editor');
    journalist = await user(`jo-${mode}@example.org`, 'journalist');
    anonymous = client(t.baseUrl);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('refuses anonymous (401) and journalists (403)', async () => {
    expect((await upload(null, [await ffmpegPng()])).status).toBe(401);
    expect((await upload(journalist, [await ffmpegPng()])).status).toBe(403);
    for (const [method, path, body] of [
      ['GET', '/photos'],
      ['GET', '/photos/x'],
      ['PATCH', '/photos/x', { credit: 'x' }],
      ['DELETE', '/photos/x'],
    ] as [string, string, unknown?][]) {
      expect((await anonymous.api(method, path, body)).status, `${method} ${path}`).toBe(401);
      expect((await journalist.api(method, path, body)).status, `${method} ${path}`).toBe(403);
    }
    expect(await mediaFiles('originals')).toEqual([]);
  });

  it('refuses a text named .jpg, a HEIC file and a mixed upload, in FR and EN, keeping nothing', async () => {
    const text = await upload(editor, [await textNamedJpeg()], 'fr');
    expect(text.status).toBe(422);
    const textError = ((await text.json()) as { error: { code: string; message: string } }).error;
    expect(textError.code).toBe('not_image');
    expect(textError.message).toContain('n’est pas une image');
    const heic = await upload(editor, [await heicHeader()], 'en');
    expect(heic.status).toBe(422);
    const heicError = ((await heic.json()) as { error: { code: string; message: string } }).error;
    expect(heicError.code).toBe('heic');
    expect(heicError.message).toContain('HEIC');
    // The check behind the refusal: sharp's prebuilt libheif decodes AVIF only.
    expect(sharp.format.heif.input.fileSuffix).toEqual(['.avif']);
    const mixed = await upload(editor, [await ffmpegPng(), await textNamedJpeg()], 'en');
    expect(mixed.status).toBe(422);
    expect(((await (await editor.api('GET', '/photos')).json()) as { items: unknown[] }).items).toEqual([]);
    expect(await mediaFiles('originals')).toEqual([]);
    expect(await mediaFiles('.incoming')).toEqual([]);
  });

  it('takes several photos at once, made by ffmpeg and sharp, and makes clean renditions', async () => {
    const paths = [await sharpJpegWithExif(), await ffmpegJpeg(), await ffmpegPng(), await ffmpegTiff()];
    expect(Object.keys(await exifTags(paths[0] as string))).toContain('GPSLatitude');
    const response = await upload(editor, paths);
    expect(response.status).toBe(201);
    const items = ((await response.json()) as { items: PhotoJson[] }).items;
    expect(items).toHaveLength(4);
    photos = await Promise.all(items.map((p) => ready(p.id)));
    expect(photos.map((p) => p.status)).toEqual(['ready', 'ready', 'ready', 'ready']);
    const [exif, jpeg] = photos as [PhotoJson, PhotoJson];
    expect(exif.takenAt).toBe(SHARP_TAKEN_AT);
    expect([exif.width, exif.height]).toEqual([480, 640]); // orientation 6 applied
    expect(jpeg.takenAt).toBeNull();
    expect(photos.map((p) => p.renditions.map((r) => r.name))).toEqual(
      Array(4).fill(['original', 'large', 'medium', 'thumb']),
    );
    for (const photo of photos) {
      for (const r of photo.renditions.filter((r) => r.name !== 'original')) {
        const path = join(t.dataDir, 'media', 'photos', 'renditions', photo.id, `${r.name}.jpg`);
        const meta = await sharp(path).metadata();
        expect(meta.format).toBe('jpeg');
        expect([meta.width, meta.height, meta.size ?? (await readFile(path)).length]).toEqual([
          r.width,
          r.height,
          r.size,
        ]);
        expect(meta.exif).toBeUndefined();
        expect(await exifTags(path)).toEqual({});
      }
    }
    const thumb = exif.renditions.find((r) => r.name === 'thumb');
    expect([thumb?.width, thumb?.height]).toEqual([240, 320]); // upright
    // The original is kept untouched.
    const original = await file(editor, `/api/v1/photos/${exif.id}/renditions/original/file`);
    expect(original.status).toBe(200);
    const bytes = Buffer.from(await original.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      createHash('sha256')
        .update(await readFile(paths[0] as string))
        .digest('hex'),
    );
    // The same image again is the same photo.
    const again = await upload(editor, [await ffmpegPng()]);
    expect(((await again.json()) as { items: PhotoJson[] }).items[0]?.id).toBe(photos[2]?.id);
    expect(await mediaFiles('.incoming')).toEqual([]);
  });

  it('serves renditions with Range, HEAD and ETag', async () => {
    const url = `/api/v1/photos/${photos[1]?.id}/renditions/medium/file`;
    const whole = await file(editor, url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('image/jpeg');
    const etag = whole.headers.get('etag') ?? '';
    const body = Buffer.from(await whole.arrayBuffer());
    const part = await file(editor, url, { range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${body.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(body.subarray(10, 20));
    const head = await fetch(`${t.baseUrl}${url}`, {
      method: 'HEAD',
      headers: { cookie: editor.jar.header() },
    });
    expect(head.headers.get('content-length')).toBe(String(body.length));
    expect(etag).toMatch(/"/);
    // node:http, not fetch: fetch adds Cache-Control: no-cache to a conditional request.
    const conditional = await rawRequest(`${t.baseUrl}${url}`, {
      headers: { cookie: editor.jar.header(), 'if-none-match': etag },
    });
    expect(conditional.status).toBe(304);
  });

  it('edits caption and credit, naming a bad field in the reader’s language', async () => {
    const id = photos[0]?.id as string;
    const ok = await editor.api('PATCH', `/photos/${id}`, {
      caption: { fr: 'Le port d’Anvers à l’aube', en: 'The port of Antwerp at dawn' },
      credit: '© Test Agency',
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as PhotoJson).caption.en).toBe('The port of Antwerp at dawn');
    const bad = await editor.api(
      'PATCH',
      `/photos/${id}`,
      { credit: 'x'.repeat(301) },
      { 'accept-language': 'fr' },
    );
    expect(bad.status).toBe(422);
    const error = ((await bad.json()) as { error: { fields: Record<string, string>; message: string } })
      .error;
    expect(error.fields).toEqual({ credit: 'too_long' });
    expect(error.message).toContain('Crédit');
  });

  it('puts photos in a story in order with a lead, shown on the public page; deletion rules', async () => {
    const [a, b, c] = photos as [PhotoJson, PhotoJson, PhotoJson];
    await editor.api('PATCH', `/photos/${b.id}`, { caption: { fr: 'Deuxième photo', en: 'Second photo' } });
    const unknown = await editor.api('POST', '/stories', {
      translations: { en: { title: 'Nope' } },
      media: [{ kind: 'photo', id: 'no-such-photo' }],
    });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { error: { fields: Record<string, string> } }).error.fields.media).toBe(
      'unknown_photo',
    );
    const created = await editor.api('POST', '/stories', {
      translations: { fr: { title: 'Le port en images' }, en: { title: 'The port in pictures' } },
      media: [
        { kind: 'photo', id: b.id },
        { kind: 'photo', id: a.id },
      ],
      leadMedia: { kind: 'photo', id: a.id },
    });
    expect(created.status).toBe(201);
    const story = (await created.json()) as { id: number; slug: string; media: unknown; leadMedia: unknown };
    expect(story.media).toEqual([
      { kind: 'photo', id: b.id },
      { kind: 'photo', id: a.id },
    ]);
    expect(story.leadMedia).toEqual({ kind: 'photo', id: a.id });
    // Not published yet: nobody but editors sees its files.
    expect((await file(anonymous, `/api/v1/photos/${a.id}/renditions/medium/file`)).status).toBe(404);
    expect((await editor.api('POST', `/stories/${story.id}/publish`, {})).status).toBe(200);

    const en = await anonymous.page(`/en/stories/${story.slug}`);
    expect(en.response.status).toBe(200);
    const order = [...en.html.matchAll(/data-photo-id="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual([b.id, a.id]);
    expect(en.html).toContain('The port of Antwerp at dawn');
    expect(en.html).not.toContain('Le port d’Anvers');
    expect(en.html).toContain('Photo: © Test Agency');
    expect(en.html).toMatch(/srcset="[^"]+ 320w, [^"]+ 1024w|srcset="[^"]*thumb\/file 240w/);
    const fr = await anonymous.page(`/fr/stories/${story.slug}`);
    expect(fr.html).toContain('Le port d’Anvers à l’aube');
    expect(fr.html).not.toContain('The port of Antwerp');

    // Published: web sizes are anyone's, the original is for verified journalists.
    expect((await file(anonymous, `/api/v1/photos/${a.id}/renditions/medium/file`)).status).toBe(200);
    expect((await file(anonymous, `/api/v1/photos/${a.id}/renditions/original/file`)).status).toBe(401);
    const original = await file(journalist, `/api/v1/photos/${a.id}/renditions/original/file`);
    expect(original.status).toBe(200);
    expect(original.headers.get('content-disposition')).toMatch(/^attachment/);
    // Photos in no published story stay hidden.
    expect((await file(journalist, `/api/v1/photos/${c.id}/renditions/medium/file`)).status).toBe(404);

    // Deletion: refused while a published story shows it, with the story named.
    const refused = await editor.api('DELETE', `/photos/${a.id}`, undefined, { 'accept-language': 'fr' });
    expect(refused.status).toBe(409);
    const inUse = (
      (await refused.json()) as { error: { code: string; message: string; stories: { id: number }[] } }
    ).error;
    expect(inUse.code).toBe('in_use');
    expect(inUse.stories.map((s) => s.id)).toEqual([story.id]);
    expect(inUse.message).toContain('« Le port en images »');
    // Unused: row and files gone, nothing left behind.
    const before = await mediaFiles('originals');
    expect((await editor.api('DELETE', `/photos/${c.id}`)).status).toBe(204);
    expect((await editor.api('GET', `/photos/${c.id}`)).status).toBe(404);
    expect(existsSync(join(t.dataDir, 'media', 'photos', 'renditions', c.id))).toBe(false);
    const after = await mediaFiles('originals');
    expect(before.filter((f) => !after.includes(f)).length).toBeGreaterThan(0);
    expect(after.some((f) => f.includes(c.id))).toBe(false);
    // Unpublished, the story no longer holds the photo back; deleting it removes it from the story.
    expect((await editor.api('POST', `/stories/${story.id}/unpublish`)).status).toBe(200);
    expect((await editor.api('DELETE', `/photos/${a.id}`)).status).toBe(204);
    const left = (await (await editor.api('GET', `/stories/${story.id}`)).json()) as {
      media: unknown;
      leadMedia: unknown;
    };
    expect(left.media).toEqual([{ kind: 'photo', id: b.id }]);
    expect(left.leadMedia).toBeNull();
  });
});
