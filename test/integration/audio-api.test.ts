/**
 * Audio (src/audio), one portal per database mode (PGlite and PostgreSQL):
 * permissions (anonymous 401, journalist 403); sounds made by another encoder (ffmpeg: 24-bit WAV,
 * LAME MP3 with a cover picture, FLAC) uploaded at once, streamed to disk; the preview and waveform
 * checked with ffprobe and sharp (what the files declare); refusals (text, ADPCM codec, a video in a
 * mixed upload) clear in FR and EN with nothing kept; titles, descriptions, credit and their field
 * errors; story media with an audio lead, the public page's player in each language; who may fetch
 * which file (Range on the preview); deletion rules (409 in_use, otherwise nothing left behind); the
 * back office's form posting to the API and coming back to its page; the files' validators (ETag,
 * 304, If-Range) from the delivery renditions and clips share.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { type Client, client, GOOD_PASSWORD } from '../support/accounts.ts';
import {
  adpcmWav,
  BWF_TIME_REFERENCE,
  bwfMaster,
  flacTone,
  mp3Declared,
  mp3WithCover,
  wav24,
  wavData,
} from '../support/audio.ts';
import { databaseModes } from '../support/databases.ts';
import { notMedia, smallH264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

const run = promisify(execFile);

interface AudioJson {
  id: string;
  kind: string;
  status: string;
  translations: { fr?: { title: string; description: string }; en?: { title: string; description: string } };
  credit: string;
  format: string;
  codec: string;
  durationMs: number;
  files: { name: string; size: number; url: string }[];
  previewUrl: string | null;
  waveformUrl: string | null;
}
type ErrorJson = {
  error: { code: string; message: string; fields?: Record<string, string>; stories?: { id: number }[] };
};

describe.each(databaseModes())('audio (%s)', (mode) => {
  let t: TestPortal;
  let editor: Client;
  let journalist: Client;
  let anonymous: Client;
  let items: AudioJson[] = [];

  async function user(email: string, role: string): Promise<Client> {
    await callOperator(t.dataDir, 'users/create', { email, password: GOOD_PASSWORD, role, verified: true });
    const c = client(t.baseUrl, 'en');
    expect((await c.api('POST', '/session', { email, password: GOOD_PASSWORD })).status).toBe(200);
    return c;
  }

  async function upload(who: Client | null, paths: string[], lang = 'en', query = ''): Promise<Response> {
    const form = new FormData();
    for (const path of paths) form.append('files', new Blob([await readFile(path)]), basename(path));
    return fetch(`${t.baseUrl}/api/v1/audio${query}`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
      headers: {
        origin: t.baseUrl,
        'accept-language': lang,
        ...(who?.jar.cookies.size ? { cookie: who.jar.header() } : {}),
      },
    });
  }

  async function ready(id: string): Promise<AudioJson> {
    for (let i = 0; i < 300; i++) {
      const item = (await (await editor.api('GET', `/audio/${id}`)).json()) as AudioJson;
      if (item.status !== 'processing') return item;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`audio ${id} never finished`);
  }

  const stored = async (sub: string) =>
    (await readdir(join(t.dataDir, 'media', 'audio', sub), { recursive: true }).catch(() => [])).sort();
  const file = (who: Client, url: string, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}${url}`, {
      headers: { ...(who.jar.cookies.size ? { cookie: who.jar.header() } : {}), ...headers },
    });

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    editor = await user('ed-audio@example.org', 'editor');
    journalist = await user('jo-audio@example.org', 'journalist');
    anonymous = client(t.baseUrl);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('refuses anonymous (401) and journalists (403)', async () => {
    expect((await upload(null, [await wav24()])).status).toBe(401);
    expect((await upload(journalist, [await wav24()])).status).toBe(403);
    for (const [method, path, body] of [
      ['GET', '/audio'],
      ['GET', '/audio/x'],
      ['PATCH', '/audio/x', { credit: 'x' }],
      ['DELETE', '/audio/x'],
    ] as [string, string, unknown?][]) {
      expect((await anonymous.api(method, path, body)).status, `${method} ${path}`).toBe(401);
      expect((await journalist.api(method, path, body)).status, `${method} ${path}`).toBe(403);
    }
    expect(await stored('originals')).toEqual([]);
  });

  it('refuses a text, an ADPCM WAV and a video among sounds, in FR and EN, keeping nothing', async () => {
    const text = await upload(editor, [await notMedia()], 'fr');
    expect(text.status).toBe(422);
    const textError = ((await text.json()) as ErrorJson).error;
    expect(textError.code).toBe('not_audio');
    expect(textError.message).toContain('n’est pas un fichier son accepté');
    const adpcm = await upload(editor, [await adpcmWav()], 'en');
    expect(adpcm.status).toBe(422);
    const adpcmError = ((await adpcm.json()) as ErrorJson).error;
    expect(adpcmError.code).toBe('unsupported_codec');
    expect(adpcmError.message).toContain('encoded as adpcm_ms');
    const mixed = await upload(editor, [await wav24(), await smallH264Mp4Master()], 'en');
    expect(mixed.status).toBe(422);
    expect(((await mixed.json()) as ErrorJson).error.code).toBe('has_video');
    expect(((await (await editor.api('GET', '/audio')).json()) as { items: unknown[] }).items).toEqual([]);
    expect(await stored('originals')).toEqual([]);
    expect(await stored('.incoming')).toEqual([]);
  });

  it('takes WAV, MP3 and FLAC at once and makes an AAC preview and a waveform', async () => {
    const paths = [await wav24(), await mp3WithCover(), await flacTone()];
    const response = await upload(editor, paths);
    expect(response.status).toBe(201);
    const made = ((await response.json()) as { items: AudioJson[] }).items;
    expect(made.map((a) => [a.kind, a.format, a.codec])).toEqual([
      ['audio', 'wav', 'pcm_s24le'],
      ['audio', 'mp3', 'mp3'],
      ['audio', 'flac', 'flac'],
    ]);
    items = await Promise.all(made.map((a) => ready(a.id)));
    expect(items.map((a) => a.status)).toEqual(['ready', 'ready', 'ready']);
    for (const item of items) {
      const dir = join(t.dataDir, 'media', 'audio', 'derivatives', item.id);
      const { stdout } = await run('ffprobe', [
        '-v',
        'error',
        '-show_entries',
        'format=format_name,duration,bit_rate:stream=codec_type,codec_name,profile',
        '-of',
        'json',
        join(dir, 'preview.m4a'),
      ]);
      const probe = JSON.parse(stdout) as {
        format: { format_name: string; duration: string };
        streams: { codec_type: string; codec_name: string; profile: string }[];
      };
      expect(probe.format.format_name).toContain('mp4');
      expect(probe.streams.map((s) => [s.codec_type, s.codec_name, s.profile])).toEqual([
        ['audio', 'aac', 'LC'],
      ]);
      expect(Math.abs(Number(probe.format.duration) - item.durationMs / 1000)).toBeLessThan(0.1);
      const png = await sharp(join(dir, 'waveform.png')).metadata();
      expect([png.format, png.width, png.height]).toEqual(['png', 1200, 160]);
      expect((await readdir(dir)).sort()).toEqual(['preview.m4a', 'waveform.png']);
    }
    // The original is kept untouched, under its sha256.
    const original = await file(editor, `/api/v1/audio/${items[1]?.id}/files/original`);
    expect(original.status).toBe(200);
    expect(original.headers.get('content-disposition')).toMatch(
      /^attachment; filename="audio-cover-[0-9a-f]+\.mp3"/,
    );
    const sha = createHash('sha256')
      .update(Buffer.from(await original.arrayBuffer()))
      .digest('hex');
    expect(sha).toBe(
      createHash('sha256')
        .update(await readFile(paths[1] as string))
        .digest('hex'),
    );
    expect((await stored('originals')).some((f) => f.includes(sha))).toBe(true);
    // The same file again is the same item.
    const again = await upload(editor, [await flacTone()]);
    expect(((await again.json()) as { items: AudioJson[] }).items[0]?.id).toBe(items[2]?.id);
    expect(await stored('.incoming')).toEqual([]);
  });

  it('cuts sample-exact parts through the clip API (kind audio): BWF bit-exact, MP3 re-encoded', async () => {
    const mp3 = items[1] as AudioJson;
    const response = await upload(editor, [await bwfMaster()]);
    expect(response.status).toBe(201);
    const bwf = await ready(((await response.json()) as { items: AudioJson[] }).items[0]?.id as string);
    const ask = (who: Client, id: string, body: unknown, lang = 'en') =>
      who.api('POST', `/videos/${id}/clips`, body, { 'accept-language': lang });
    const part = { in: '00:00:00:07', out: '00:00:02:08' };
    // Held back until a published story shows it (the audio's embargo): 404 to all but editors.
    expect((await ask(journalist, bwf.id, part)).status).toBe(404);
    expect((await anonymous.api('GET', `/videos/${bwf.id}`)).status).toBe(404);
    expect(((await (await editor.api('GET', `/videos/${bwf.id}`)).json()) as AudioJson).kind).toBe('audio');
    const story = (await (
      await editor.api('POST', '/stories', {
        translations: { en: { title: 'Harbour voices' } },
        media: [
          { kind: 'audio', id: bwf.id },
          { kind: 'audio', id: mp3.id },
        ],
      })
    ).json()) as { id: number; slug: string };
    expect((await editor.api('POST', `/stories/${story.id}/publish`, {})).status).toBe(200);
    const asVideo = (await (await anonymous.api('GET', `/videos/${bwf.id}`)).json()) as AudioJson;
    expect([asVideo.kind, asVideo.id, asVideo.format]).toEqual(['audio', bwf.id, 'wav']);
    expect((await ask(anonymous, bwf.id, part)).status).toBe(401);

    // Bad ranges: clear, in the caller's language, nothing queued.
    const past = await ask(journalist, bwf.id, { in: '00:00:01:00', out: '00:00:03:00' }, 'fr');
    expect(past.status).toBe(422);
    const pastError = ((await past.json()) as ErrorJson).error;
    expect(pastError.code).toBe('invalid_range');
    expect(pastError.message).toMatch(/^Sélection invalide : .*00:00:00:00.*00:00:02:08/);
    const backwards = await ask(journalist, bwf.id, { in: '00:00:02:00', out: '00:00:01:00' });
    expect(backwards.status).toBe(422);
    expect(((await backwards.json()) as ErrorJson).error.message).toMatch(/^Invalid selection: /);
    const typo = await ask(journalist, bwf.id, { in: '00:00:0x:00', out: '00:00:01:00' }, 'fr');
    expect(typo.status).toBe(422);
    const typoError = ((await typo.json()) as ErrorJson).error;
    expect([typoError.code, typoError.message.startsWith('Timecode invalide : ')]).toEqual([
      'invalid_timecode',
      true,
    ]);

    type ClipJson = { id: string; kind: string; status: string; notes: string[]; container: string };
    const madeClip = async (id: string, body: unknown): Promise<ClipJson> => {
      const asked = await ask(journalist, id, body);
      expect(asked.status).toBe(202);
      const clip = (await asked.json()) as ClipJson;
      expect([clip.kind, clip.container]).toEqual(['audio', clip.container]);
      for (let i = 0; i < 300; i++) {
        const now = (await (await journalist.api('GET', `/clips/${clip.id}`)).json()) as ClipJson;
        if (now.status === 'ready' || now.status === 'failed') return now;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`clip ${clip.id} never finished`);
    };
    const download = async (clip: ClipJson, who = journalist) => {
      const answer = await file(who, `/api/v1/clips/${clip.id}/file`);
      return { answer, bytes: Buffer.from(await answer.arrayBuffer()) };
    };

    // BWF, in at 13440 samples (7 frames of 1920), out at the master's last sample (2.3 s).
    const wavClip = await madeClip(bwf.id, part);
    expect([wavClip.status, wavClip.container]).toEqual(['ready', 'wav']);
    expect(wavClip.notes.join(' ')).toContain('bit-exact');
    expect((await file(anonymous, `/api/v1/clips/${wavClip.id}/file`)).status).toBe(401);
    const wav = await download(wavClip);
    expect(wav.answer.status).toBe(200);
    expect(wav.answer.headers.get('content-disposition')).toContain('_00-00-00-07_51f_audio.wav');
    const master = await readFile(await bwfMaster());
    const bytesPerSample = 3 * 2;
    // The part's PCM bytes are the master's, from its 13440th sample to its end: read from both data chunks.
    expect(wavData(wav.bytes).equals(wavData(master).subarray(13440 * bytesPerSample))).toBe(true);
    expect(wavData(wav.bytes).length / bytesPerSample).toBe(110400 - 13440);
    const out = join(t.dataDir, 'part.wav');
    await writeFile(out, wav.bytes);
    const probed = JSON.parse(
      (
        await run('ffprobe', [
          '-v',
          'error',
          '-show_entries',
          'stream=codec_name,sample_rate,channels,duration_ts:format_tags',
          '-of',
          'json',
          out,
        ])
      ).stdout,
    ) as { streams: Record<string, unknown>[]; format: { tags: Record<string, string> } };
    expect(probed.streams[0]).toMatchObject({ codec_name: 'pcm_s24le', sample_rate: '48000', channels: 2 });
    expect(probed.streams[0]?.duration_ts).toBe(96960);
    expect(probed.format.tags.time_reference).toBe(String(BWF_TIME_REFERENCE + 13440n));
    expect(probed.format.tags.comment).toBe('Harbour interview');
    // The same part again is the cached file; the story page's In/Out form asks for it too.
    expect((await ask(journalist, bwf.id, part)).status).toBe(200);
    const page = await journalist.page(`/en/stories/${story.slug}`);
    expect(page.html).toContain(`action="/en/videos/${bwf.id}/clips"`);
    expect(page.html).toContain('Download a part');
    expect(page.html).toContain('value="00:00:02:08"');
    const posted = await journalist.form(`/en/videos/${bwf.id}/clips`, part);
    expect([posted.status, posted.headers.get('location')]).toEqual([303, `/en/clips/${wavClip.id}`]);
    const clipPage = await journalist.page(`/en/clips/${wavClip.id}`);
    expect(clipPage.html).toContain(`/api/v1/clips/${wavClip.id}/file`);

    // MP3 (44.1 kHz: 1764 samples a frame), frames 3 to 36: 58212 samples, re-encoded.
    const mp3Clip = await madeClip(mp3.id, { in: '00:00:00:03', out: '00:00:01:11' });
    expect([mp3Clip.status, mp3Clip.container]).toEqual(['ready', 'mp3']);
    const lossy = await download(mp3Clip);
    const declared = mp3Declared(lossy.bytes);
    expect(declared.frames * 1152 - declared.delay - declared.padding).toBe(58212);
    const mp3Out = join(t.dataDir, 'part.mp3');
    await writeFile(mp3Out, lossy.bytes);
    const pcm = await run('ffmpeg', ['-v', 'error', '-i', mp3Out, '-f', 's16le', '-ac', '1', '-'], {
      encoding: 'buffer',
      maxBuffer: 1 << 24,
    });
    expect(pcm.stdout.length / 2).toBe(58212);
    const mp3Probe = (
      await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', mp3Out])
    ).stdout;
    expect(Number(mp3Probe)).toBeCloseTo((declared.frames * 1152) / 44100, 3);
    expect((await editor.api('POST', `/stories/${story.id}/unpublish`)).status).toBe(200);
    expect((await file(journalist, `/api/v1/clips/${wavClip.id}/file`)).status).toBe(404);
    // Deleting the item removes its parts' files from the clip cache with their rows.
    const partRow = await t.portal.database.db
      .selectFrom('clips')
      .select('file_path')
      .where('id', '=', wavClip.id)
      .executeTakeFirstOrThrow();
    const partPath = join(t.portal.mediaDir, partRow.file_path ?? 'missing');
    expect(existsSync(partPath)).toBe(true);
    expect((await editor.api('DELETE', `/audio/${bwf.id}`)).status).toBe(204);
    expect((await journalist.api('GET', `/clips/${wavClip.id}`)).status).toBe(404);
    expect(existsSync(partPath)).toBe(false);
  });

  it('edits titles, descriptions and credit, with clear field errors', async () => {
    const id = items[0]?.id as string;
    const saved = await editor.api('PATCH', `/audio/${id}`, {
      translations: {
        fr: { title: 'Discours du port', description: 'Le discours d’ouverture.' },
        en: { title: 'Port speech', description: 'The opening speech.' },
      },
      credit: '© Test Radio',
    });
    expect(saved.status).toBe(200);
    const item = (await saved.json()) as AudioJson;
    expect(item.translations.en).toEqual({ title: 'Port speech', description: 'The opening speech.' });
    expect(item.credit).toBe('© Test Radio');
    const tooLong = await editor.api(
      'PATCH',
      `/audio/${id}`,
      { translations: { fr: { title: 'x'.repeat(301) } } },
      {
        'accept-language': 'fr',
      },
    );
    expect(tooLong.status).toBe(422);
    const error = ((await tooLong.json()) as ErrorJson).error;
    expect(error.fields).toEqual({ 'translations.fr.title': 'too_long' });
    expect(error.message).toContain('Titre (français) : le texte dépasse 300 caractères.');
    const none = await editor.api('PATCH', `/audio/${id}`, {
      translations: { fr: { title: ' ' }, en: { title: '' } },
    });
    expect(none.status).toBe(422);
    expect(((await none.json()) as ErrorJson).error.fields).toEqual({ 'translations.fr.title': 'required' });
  });

  it('shows audio in a story with a player; files by who may have them; deletion rules', async () => {
    const [a, b, c] = items as [AudioJson, AudioJson, AudioJson];
    const unknown = await editor.api('POST', '/stories', {
      translations: { en: { title: 'Nope' } },
      media: [{ kind: 'audio', id: 'no-such-audio' }],
    });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as ErrorJson).error.fields?.media).toBe('unknown_audio');
    const created = await editor.api('POST', '/stories', {
      translations: { fr: { title: 'Le port en sons' }, en: { title: 'The port in sound' } },
      media: [
        { kind: 'audio', id: b.id },
        { kind: 'audio', id: a.id },
      ],
      leadMedia: { kind: 'audio', id: a.id },
    });
    expect(created.status).toBe(201);
    const story = (await created.json()) as { id: number; slug: string; media: unknown; leadMedia: unknown };
    expect(story.media).toEqual([
      { kind: 'audio', id: b.id },
      { kind: 'audio', id: a.id },
    ]);
    expect(story.leadMedia).toEqual({ kind: 'audio', id: a.id });
    expect((await file(anonymous, a.previewUrl as string)).status).toBe(404);
    expect((await editor.api('POST', `/stories/${story.id}/publish`, {})).status).toBe(200);

    const en = await anonymous.page(`/en/stories/${story.slug}`);
    expect(en.response.status).toBe(200);
    expect([...en.html.matchAll(/data-audio-id="([^"]+)"/g)].map((m) => m[1])).toEqual([b.id, a.id]);
    expect(en.html).toContain(`<audio controls preload="metadata" src="${a.previewUrl}"`);
    expect(en.html).toContain(`src="${a.waveformUrl}"`);
    expect(en.html).toContain('Port speech');
    expect(en.html).toContain('Audio: © Test Radio');
    expect(en.html).not.toContain('Discours du port');
    const fr = await anonymous.page(`/fr/stories/${story.slug}`);
    expect(fr.html).toContain('Discours du port');
    expect(fr.html).not.toContain('Port speech');

    // Published: the preview and waveform are anyone's (with ranges), the original verified journalists'.
    const range = await file(anonymous, a.previewUrl as string, { range: 'bytes=0-99' });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toMatch(/^bytes 0-99\//);
    expect(range.headers.get('content-type')).toMatch(/^audio\/mp4/);
    expect((await file(anonymous, a.waveformUrl as string)).headers.get('content-type')).toBe('image/png');
    expect((await file(anonymous, `/api/v1/audio/${a.id}/files/original`)).status).toBe(401);
    expect((await file(journalist, `/api/v1/audio/${a.id}/files/original`)).status).toBe(200);
    expect(en.html).toContain('Sign in with a verified account to download the original.');
    expect((await file(journalist, c.previewUrl as string)).status).toBe(404);

    // Deletion: refused while a published story shows it, with the story named.
    const refused = await editor.api('DELETE', `/audio/${a.id}`, undefined, { 'accept-language': 'fr' });
    expect(refused.status).toBe(409);
    const inUse = ((await refused.json()) as ErrorJson).error;
    expect(inUse.code).toBe('in_use');
    expect(inUse.stories?.map((s) => s.id)).toEqual([story.id]);
    expect(inUse.message).toContain('« Le port en sons »');
    // Unused: row and files gone, nothing left behind.
    expect((await editor.api('DELETE', `/audio/${c.id}`)).status).toBe(204);
    expect((await editor.api('GET', `/audio/${c.id}`)).status).toBe(404);
    expect(existsSync(join(t.dataDir, 'media', 'audio', 'derivatives', c.id))).toBe(false);
    // Unpublished, the story no longer holds it back; deleting it removes it from the story.
    expect((await editor.api('POST', `/stories/${story.id}/unpublish`)).status).toBe(200);
    expect((await editor.api('DELETE', `/audio/${a.id}`)).status).toBe(204);
    const left = (await (await editor.api('GET', `/stories/${story.id}`)).json()) as {
      media: unknown;
      leadMedia: unknown;
    };
    expect(left.media).toEqual([{ kind: 'audio', id: b.id }]);
    expect(left.leadMedia).toBeNull();
    expect(
      (await stored('originals')).filter(
        (f) => f.endsWith('.mp3') || f.endsWith('.wav') || f.endsWith('.flac'),
      ),
    ).toHaveLength(1);
  });

  it('back office: the form posts to the API and comes back to the page, refusals in its language', async () => {
    const refused = await upload(editor, [await notMedia()], 'en', '?return=fr');
    expect(refused.status).toBe(303);
    const location = refused.headers.get('location') as string;
    expect(location).toMatch(/^\/fr\/admin\/audio\?refused=not_audio&file=not-media\.mp4/);
    const page = await editor.page(location);
    expect(page.response.status).toBe(422);
    expect(page.html).toContain('« not-media.mp4 » n’est pas un fichier son accepté');
    const done = await upload(editor, [await adpcmWav()], 'en', '?return=en');
    expect(done.headers.get('location')).toContain('refused=unsupported_codec');
    const list = await editor.page('/en/admin/audio');
    expect(list.response.status).toBe(200);
    expect(list.html).toContain('action="/api/v1/audio?return=en"');
    expect(list.html).toContain(`audio:${items[1]?.id}`);
    expect((await journalist.page('/en/admin/audio')).response.status).toBe(403);
  });

  it('sends files with validators: the original’s sha256 as ETag, 304, If-Range, nosniff', async () => {
    const b = items[1] as AudioJson;
    const waveform = await file(editor, b.waveformUrl as string);
    expect(waveform.status).toBe(200);
    const etag = waveform.headers.get('etag') as string;
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(waveform.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await file(editor, b.waveformUrl as string, { 'if-none-match': etag })).status).toBe(304);
    const stale = await file(editor, b.previewUrl as string, { range: 'bytes=0-9', 'if-range': '"stale"' });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('content-range')).toBeNull();
    const original = await file(editor, `/api/v1/audio/${b.id}/files/original`);
    const sha = createHash('sha256')
      .update(await readFile(await mp3WithCover()))
      .digest('hex');
    expect(original.headers.get('etag')).toBe(`"${sha}"`);
    expect(
      (await file(editor, `/api/v1/audio/${b.id}/files/original`, { 'if-none-match': `"${sha}"` })).status,
    ).toBe(304);
  });
});
