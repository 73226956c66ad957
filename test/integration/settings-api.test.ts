/**
 * The portal's settings in both database modes (src/settings, API.md Newsroom `GET/PATCH /settings`):
 * who may read and change them (anyone reads; anonymous 401, journalist and editor 403 on writes),
 * every bad field named with its FR and EN message and nothing saved, `If-Match` and concurrent writes
 * (both kept), values applied to the running portal at once (page title and header, the primary
 * colour's stylesheet, footer contact, feeds, terms through the sanitised Markdown), the logo (a
 * non-image or an SVG referring outside itself refused with nothing kept; a JPEG re-encoded and an SVG drawn
 * into a PNG, served, removed) and the admin page.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { type Client, client, GOOD_PASSWORD } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

interface ErrorBody {
  error: { code: string; message: string; fields: Record<string, string>; messages: Record<string, string> };
}

describe.each(databaseModes())('portal settings (%s)', (mode) => {
  let t: TestPortal;
  let admin: Client;
  let adminFr: Client;
  let editor: Client;
  let journalist: Client;
  let anonymous: Client;

  async function user(name: string, role: string, lang = 'en'): Promise<Client> {
    const email = `${name}-${mode}@example.org`;
    await callOperator(t.dataDir, 'users/create', { email, password: GOOD_PASSWORD, role, verified: true });
    const c = client(t.baseUrl, lang);
    expect((await c.api('POST', '/session', { email, password: GOOD_PASSWORD })).status).toBe(200);
    return c;
  }
  const settingsFiles = async () => readdir(join(t.dataDir, 'media', 'settings')).catch(() => [] as string[]);
  async function uploadLogo(c: Client, bytes: Buffer, name: string, type: string) {
    const form = new FormData();
    form.append('logo', new Blob([bytes], { type }), name);
    return fetch(`${t.baseUrl}/api/v1/settings/logo`, {
      method: 'POST',
      headers: { cookie: c.jar.header(), origin: t.baseUrl, 'accept-language': c === adminFr ? 'fr' : 'en' },
      body: form,
      redirect: 'manual',
    });
  }

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    admin = await user('root', 'admin');
    adminFr = client(t.baseUrl, 'fr');
    adminFr.jar.cookies.set(...([...admin.jar.cookies][0] as [string, string]));
    editor = await user('ed', 'editor');
    journalist = await user('jo', 'journalist');
    anonymous = client(t.baseUrl);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers anyone the values pages show; only admins change them', async () => {
    const read = await anonymous.api('GET', '/settings');
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({
      name: { fr: 'Portail Médias', en: 'Media Portal' },
      colours: { primary: '#0b4f8a' },
      logo: null,
      contactEmail: null,
      custom: [],
      revision: 0,
    });
    const change = { name: { en: 'Hijacked' } };
    expect((await anonymous.api('PATCH', '/settings', change)).status).toBe(401);
    for (const c of [journalist, editor]) {
      const refused = await c.api('PATCH', '/settings', change);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as ErrorBody).error.code).toBe('forbidden');
    }
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    expect((await uploadLogo(anonymous, png, 'l.png', 'image/png')).status).toBe(401);
    expect((await uploadLogo(editor, png, 'l.png', 'image/png')).status).toBe(403);
    expect(await settingsFiles()).toEqual([]);
    expect((await editor.page('/en/admin/settings')).response.status).toBe(403);
    expect((await (await anonymous.api('GET', '/settings')).json()).name.en).toBe('Media Portal');
    // Documented by their schemas in the OpenAPI document.
    const paths = (await (await anonymous.api('GET', '/openapi.json')).json()).paths;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/api/v1/settings', '/api/v1/settings/logo']));
    expect(Object.keys(paths['/api/v1/settings'])).toEqual(expect.arrayContaining(['get', 'patch']));
  });

  it('names every bad field in French and in English, and saves nothing', async () => {
    const bad = {
      name: { fr: 'N'.repeat(121), en: 'Two\nlines' },
      institution: { en: 'The <b> Union' },
      shortName: 'S'.repeat(21),
      tagline: { fr: 'T'.repeat(201) },
      colours: { primary: 'red' },
      contactEmail: 'not-an-address',
      terms: { en: 'x'.repeat(20_001) },
      privacy: { fr: 'p'.repeat(20_001) },
      logo: 'https://example.org/logo.png',
    };
    const expected: Record<string, [string, string, string]> = {
      'name.fr': [
        'too_long',
        'Portal name (French): at most 120 characters.',
        'Nom du portail (français) : au plus 120 caractères.',
      ],
      'name.en': [
        'one_line',
        'Portal name (English): one line only',
        'Nom du portail (anglais) : une seule ligne',
      ],
      'institution.en': [
        'one_line',
        'Institution (English): one line only',
        'Institution (anglais) : une seule ligne',
      ],
      shortName: ['too_long', 'at most 20 characters', 'au plus 20 caractères'],
      'tagline.fr': [
        'too_long',
        'Tagline (French): at most 200 characters',
        'Slogan (français) : au plus 200 caractères',
      ],
      'colours.primary': [
        'invalid_colour',
        'Primary colour: not a valid colour',
        'Couleur principale : couleur invalide',
      ],
      contactEmail: [
        'invalid_email',
        'Contact address: not a valid email address',
        'Adresse de contact : adresse électronique invalide',
      ],
      'terms.en': ['too_long', 'at most 20000 characters', 'au plus 20000 caractères'],
      'privacy.fr': [
        'too_long',
        'Privacy policy (French, Markdown): at most 20000',
        'Politique de confidentialité (français, Markdown) : au plus 20000',
      ],
      logo: ['logo_upload', 'a logo is sent as a file', 'un logo s’envoie comme fichier'],
    };
    for (const [c, index] of [
      [admin, 1],
      [adminFr, 2],
    ] as const) {
      const response = await c.api('PATCH', '/settings', bad);
      expect(response.status).toBe(422);
      const { error } = (await response.json()) as ErrorBody;
      expect(error.code).toBe('invalid');
      expect(Object.keys(error.fields).sort()).toEqual(Object.keys(expected).sort());
      for (const [field, words] of Object.entries(expected)) {
        expect(error.fields[field], field).toBe(words[0]);
        expect(error.messages[field], field).toContain(words[index]);
        expect(error.message).toContain(error.messages[field]);
      }
    }
    // Too light for white text and light backgrounds: refused, the ratio said.
    const light = await adminFr.api('PATCH', '/settings', { colours: { primary: '#FFCC00' } });
    expect(light.status).toBe(422);
    const lightError = ((await light.json()) as ErrorBody).error;
    expect(lightError.fields).toEqual({ 'colours.primary': 'low_contrast' });
    expect(lightError.messages['colours.primary']).toMatch(
      /trop claire : contraste de 1,3:1 .* au moins 4,5:1/,
    );
    const lightEn = await admin.api('PATCH', '/settings', { colours: { primary: '#777777' } });
    expect(((await lightEn.json()) as ErrorBody).error.messages['colours.primary']).toMatch(
      /too light: its contrast with white or light grey is 4\.0:1, at least 4\.5:1/,
    );
    // A field schema validation refuses (text where a pair is expected) is named too.
    const typed = await admin.api('PATCH', '/settings', { name: 'Portal' });
    expect(typed.status).toBe(422);
    expect(((await typed.json()) as ErrorBody).error.fields).toEqual({ name: 'invalid' });
    const after = await (await anonymous.api('GET', '/settings')).json();
    expect(after).toMatchObject({ revision: 0, custom: [], name: { en: 'Media Portal' } });
  });

  it('applies a change to the running portal at once: pages, colour, footer, feeds, terms', async () => {
    const saved = await admin.api('PATCH', '/settings', {
      name: { fr: 'Espace presse du Conseil', en: 'Council Press Room' },
      tagline: { en: 'Pictures of the Council, free for newsrooms.' },
      colours: { primary: '#6A1B9A' },
      contactEmail: ' press@council.example ',
      terms: { en: '## Use\n\nCredit **the Council**. <script>alert(1)</script> [bad](javascript:alert(1))' },
    });
    expect(saved.status).toBe(200);
    const body = await saved.json();
    expect(body).toMatchObject({
      name: { fr: 'Espace presse du Conseil', en: 'Council Press Room' },
      colours: { primary: '#6a1b9a' },
      contactEmail: 'press@council.example',
      revision: 1,
    });
    expect(body.custom).toEqual(['name', 'tagline', 'colours', 'contactEmail', 'terms']);
    const en = (await anonymous.page('/en/')).html;
    expect(en).toContain('<title>');
    expect(en).toMatch(/<title>[^<]* · Council Press Room<\/title>/);
    expect(en).toMatch(/class="brand"[^>]*><span>Council Press Room<\/span>/);
    expect(en).toContain('Pictures of the Council, free for newsrooms.');
    expect(en).toContain('href="mailto:press@council.example"');
    const theme = /<link rel="stylesheet" href="(\/settings\/theme\.css\?v=1)">/.exec(en)?.[1];
    expect(theme).toBeDefined();
    const css = await fetch(`${t.baseUrl}${theme}`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('--brand: #6a1b9a;');
    const fr = (await anonymous.page('/fr/')).html;
    expect(fr).toMatch(/<title>[^<]* · Espace presse du Conseil<\/title>/);
    // French has no stored tagline: the built-in one.
    expect(fr).toContain('Vidéos de qualité broadcast pour les professionnels des médias.');
    const feed = await (await fetch(`${t.baseUrl}/en/rss.xml`)).text();
    expect(feed).toContain('Council Press Room');
    const terms = (await anonymous.page('/en/terms')).html;
    expect(terms).toContain('<h2>Use</h2>');
    expect(terms).toContain('<strong>the Council</strong>');
    expect(terms).not.toContain('<script>alert');
    expect(terms).not.toContain('href="javascript:');
    expect(terms).toContain('&lt;script&gt;'); // shown as text, never run
    // French terms were not stored: the built-in text.
    expect((await anonymous.page('/fr/terms')).html).toContain('usage éditorial');
    expect((await anonymous.page('/en/privacy')).response.status).toBe(200);
    // Null or empty restores the configuration's value.
    const cleared = await admin.api('PATCH', '/settings', { name: { fr: '' }, tagline: null });
    expect(await cleared.json()).toMatchObject({
      name: { fr: 'Portail Médias', en: 'Council Press Room' },
      tagline: { en: 'Broadcast-quality video for media professionals.' },
      revision: 2,
    });
  });

  it('refuses a stale If-Match (412) and keeps both of two concurrent writes', async () => {
    const { revision } = await (await admin.api('GET', '/settings')).json();
    const stale = await adminFr.api(
      'PATCH',
      '/settings',
      { shortName: 'CPR' },
      { 'if-match': `"${revision - 1}"` },
    );
    expect(stale.status).toBe(412);
    const staleError = ((await stale.json()) as ErrorBody & { error: { revision: number } }).error;
    expect(staleError).toMatchObject({ code: 'stale_revision', revision });
    expect(staleError.message).toContain('Quelqu’un a modifié les réglages');
    // Two admins at once, on different fields, without If-Match: neither write is lost.
    const [a, b] = await Promise.all([
      admin.api('PATCH', '/settings', { shortName: 'CPR' }),
      adminFr.api('PATCH', '/settings', { institution: { en: 'The Council' } }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const now = await (await admin.api('GET', '/settings')).json();
    expect(now).toMatchObject({
      shortName: 'CPR',
      institution: { en: 'The Council' },
      revision: revision + 2,
    });
    // Every write is in the audit log, with who did it.
    const audit = await (await admin.api('GET', '/admin/audit?action=settings.edit')).json();
    expect(audit.items).toHaveLength(now.revision);
    expect(audit.items[0]).toMatchObject({
      action: 'settings.edit',
      target: { kind: 'settings', id: 'portal' },
    });
    expect(audit.items[0].actor.name).toContain('root');
  });

  it('refuses a logo that is not a readable image or a self-contained SVG, keeping nothing; re-encodes and serves one', async () => {
    const notImage = await uploadLogo(admin, Buffer.from('%PDF-1.4 not a logo'), 'logo.png', 'image/png');
    expect(notImage.status).toBe(422);
    const notImageError = ((await notImage.json()) as ErrorBody).error;
    expect(notImageError.fields).toEqual({ logo: 'not_image' });
    expect(notImageError.messages.logo).toBe(
      'Logo: this file is not a readable PNG, JPEG, WebP or SVG image; nothing was kept.',
    );
    const outside = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="file:///etc/passwd"/></svg>',
    );
    const svgRefused = await uploadLogo(adminFr, outside, 'logo.svg', 'image/svg+xml');
    expect(svgRefused.status).toBe(422);
    expect(((await svgRefused.json()) as ErrorBody).error.messages.logo).toBe(
      'Logo : ce SVG déclare des entités ou renvoie à des fichiers ou adresses extérieurs ; il doit se suffire à lui-même. Rien n’a été conservé.',
    );
    expect(await settingsFiles()).toEqual([]);
    const before = (await (await admin.api('GET', '/settings')).json()).revision;

    const jpeg = await sharp({ create: { width: 1200, height: 300, channels: 3, background: '#c0ffee' } })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Copyright: 'secret-maker' } } })
      .toBuffer();
    const saved = await uploadLogo(admin, jpeg, 'logo.jpg', 'image/jpeg');
    expect(saved.status).toBe(200);
    const { logo, revision } = await saved.json();
    expect(revision).toBe(before + 1);
    expect(logo).toMatchObject({ width: 640, height: 160 });
    expect(logo.url).toMatch(/^\/settings\/logo-[0-9a-f]{16}\.png$/);
    const served = await fetch(`${t.baseUrl}${logo.url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await served.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 640, height: 160 });
    expect(bytes.includes(Buffer.from('secret-maker'))).toBe(false);
    expect(await settingsFiles()).toHaveLength(1);
    expect((await anonymous.page('/en/')).html).toContain(
      `<img src="${logo.url}" alt="" width="640" height="160">`,
    );
    expect((await fetch(`${t.baseUrl}/settings/logo-0000000000000000.png`)).status).toBe(404);
    // The page's form: a redirect back with the refusal, nothing kept.
    const fromPage = await fetch(`${t.baseUrl}/api/v1/settings/logo?return=fr`, {
      method: 'POST',
      headers: { cookie: admin.jar.header(), origin: t.baseUrl },
      body: (() => {
        const form = new FormData();
        form.append('logo', new Blob([Buffer.from('GIF89a nope')], { type: 'image/gif' }), 'x.gif');
        return form;
      })(),
      redirect: 'manual',
    });
    expect(fromPage.status).toBe(303);
    expect(fromPage.headers.get('location')).toBe('/fr/admin/settings?refused=not_image');
    const refusedPage = await admin.page('/fr/admin/settings?refused=not_image');
    expect(refusedPage.html).toContain('rien n’a été conservé');
    expect(await settingsFiles()).toHaveLength(1);

    const removed = await admin.api('PATCH', '/settings', { logo: null });
    expect((await removed.json()).logo).toBeNull();
    expect(await settingsFiles()).toEqual([]);
    expect((await fetch(`${t.baseUrl}${logo.url}`)).status).toBe(404);

    // An SVG is drawn into a PNG that fills the box: its script is never served, nor run.
    const scripted = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10"><rect width="40" height="10" fill="#0b4f8a"/><script>alert(1)</script></svg>',
    );
    const drawn = await uploadLogo(admin, scripted, 'logo.svg', 'image/svg+xml');
    expect(drawn.status).toBe(200);
    const svgLogo = (await drawn.json()).logo;
    expect(svgLogo).toMatchObject({ width: 640, height: 160 });
    const png = Buffer.from(await (await fetch(`${t.baseUrl}${svgLogo.url}`)).arrayBuffer());
    expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 640, height: 160 });
    expect(png.includes(Buffer.from('<script'))).toBe(false);
    expect((await (await admin.api('PATCH', '/settings', { logo: null })).json()).logo).toBeNull();
    expect(await settingsFiles()).toEqual([]);
  });

  it('has an admin page: the form, its FR/EN errors in place, and a save', async () => {
    const page = await admin.page('/fr/admin/settings');
    expect(page.response.status).toBe(200);
    expect(page.html).toContain('<h1>Réglages du portail</h1>');
    expect(page.html).toContain('aria-current="page">Réglages</a>');
    const revision = /name="revision" value="(\d+)"/.exec(page.html)?.[1] ?? '';
    const refused = await admin.form('/fr/admin/settings', {
      revision,
      'name.fr': 'Salle de presse',
      'colours.primary': '#fff',
    });
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('Couleur principale : couleur invalide');
    expect(refusedHtml).toContain('value="Salle de presse"');
    expect(refusedHtml).toMatch(/id="s-colours-primary"[^>]*aria-invalid="true"/);
    await admin.page('/en/admin/settings');
    const saved = await admin.form('/en/admin/settings', {
      revision,
      'name.en': 'Press Room',
      'colours.primary': '#1b5e20',
      contactEmail: 'desk@council.example',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/en/admin/settings?done=saved');
    const after = await (await anonymous.api('GET', '/settings')).json();
    // The page sends every field: what it left empty falls back to the configuration.
    expect(after).toMatchObject({
      name: { en: 'Press Room', fr: 'Portail Médias' },
      colours: { primary: '#1b5e20' },
      contactEmail: 'desk@council.example',
      shortName: 'UCS',
    });
    // The same (now stale) revision again: a conflict, the typed values kept in the form.
    await admin.page('/en/admin/settings');
    const stale = await admin.form('/en/admin/settings', { revision, 'name.en': 'Old tab' });
    expect(stale.status).toBe(409);
    const staleHtml = await stale.text();
    expect(staleHtml).toContain('Someone changed the settings while you were editing them');
    expect(staleHtml).toContain('value="Old tab"');
  });
});
