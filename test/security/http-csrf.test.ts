/**
 * One CSRF hook for every state-changing route (issue 12, finding 9): the clip form needs its form
 * token like every other page form; the clip API (like the whole API) refuses bodies a cross-site
 * HTML form can send (form-encoded, multipart, text/plain) whatever the Origin says (none, `null`),
 * and cross-site Origin/Sec-Fetch-Site for cookie-authenticated requests; an API token (not CSRF-able)
 * passes the Origin rule but not the JSON rule. Every page form and API route below is probed the
 * same way, and the declared exceptions are exactly the listed ones. Both database modes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { type Client, client, GOOD_PASSWORD } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { createStory, ingestAndWait } from '../support/downloads.ts';
import { smallH264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

describe.each(databaseModes())('one CSRF hook (%s)', (mode) => {
  let t: TestPortal;
  let videoId: string;
  let user: Client;
  let editor: Client;
  let token: string;

  async function signedIn(email: string, role: string): Promise<Client> {
    await callOperator(t.dataDir, 'users/create', { email, password: GOOD_PASSWORD, role, verified: true });
    const c = client(t.baseUrl);
    expect((await c.api('POST', '/session', { email, password: GOOD_PASSWORD })).status).toBe(200);
    return c;
  }

  const clipCount = async () =>
    Number(
      (
        await t.portal.database.db
          .selectFrom('clips')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    await createStory(t.portal, 'csrf-story', '2026-01-10T09:00:00Z');
    videoId = await ingestAndWait(t.portal, {
      path: await smallH264Mp4Master(),
      story: 'csrf-story',
      title: 'CSRF',
    });
    user = await signedIn(`csrf-user-${mode}@example.org`, 'journalist');
    editor = await signedIn(`csrf-editor-${mode}@example.org`, 'editor');
    const created = await user.api('POST', '/account/tokens', { name: 'script' });
    expect(created.status).toBe(201);
    token = (await created.json()).token;
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('refuses the clip form without its form token, and takes it with one', async () => {
    const before = await clipCount();
    const page = await user.page(`/en/videos/${videoId}`);
    expect(page.response.status).toBe(200);
    expect(page.html).toContain(`action="/en/videos/${videoId}/clips"`);
    // The editor's own defaults: the whole video, in its own timecode.
    const value = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page.html)?.[1] ?? '';
    const fields = { in: value('in'), out: value('out'), profile: 'web' };
    const missing = await user.form(`/en/videos/${videoId}/clips`, fields, { csrf: null });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain('This form has expired or does not come from this site.');
    const forged = await user.form(`/en/videos/${videoId}/clips`, fields, { csrf: 'A'.repeat(43) });
    expect(forged.status).toBe(403);
    expect(await clipCount()).toBe(before);
    // The form on the page carries the token: the post works.
    const posted = await user.form(`/en/videos/${videoId}/clips`, fields);
    expect(posted.status).toBe(303);
    expect(await clipCount()).toBe(before + 1);
  });

  it('refuses form-encoded and text bodies on the clip API, with no Origin, `null` or the own one', async () => {
    const before = await clipCount();
    const url = `${t.baseUrl}/api/v1/videos/${videoId}/clips`;
    const cases: [string, Record<string, string>][] = [
      ['application/x-www-form-urlencoded', {}],
      ['application/x-www-form-urlencoded', { origin: 'null' }],
      ['application/x-www-form-urlencoded', { origin: 'https://evil.example' }],
      ['application/x-www-form-urlencoded; charset=UTF-8', { origin: t.baseUrl }],
      ['text/plain', {}],
      ['text/plain;charset=UTF-8', { origin: 'null' }],
      ['multipart/form-data; boundary=x', {}],
    ];
    for (const [type, headers] of cases) {
      const body = type.startsWith('multipart')
        ? '--x\r\nContent-Disposition: form-data; name="inFrame"\r\n\r\n0\r\n--x--\r\n'
        : type.startsWith('text')
          ? '{"inFrame":0,"outFrame":12,"profile":"web"}'
          : 'inFrame=0&outFrame=12&profile=web';
      const response = await fetch(url, {
        method: 'POST',
        headers: { cookie: user.jar.header(), 'content-type': type, ...headers },
        body,
      });
      expect(response.status, `${type} ${JSON.stringify(headers)}`).toBe(415);
      expect((await response.json()).error.code).toBe('json_required');
    }
    // An API token is no ambient credential, but the API still speaks JSON only.
    const scripted = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'inFrame=0&outFrame=12&profile=web',
    });
    expect(scripted.status).toBe(415);
    expect(await clipCount()).toBe(before);
  });

  it('refuses cross-site JSON with a cookie, takes same-origin and `null` Origin JSON and any token request', async () => {
    const url = `${t.baseUrl}/api/v1/videos/${videoId}/clips`;
    const json = (frames: number, headers: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ inFrame: 0, outFrame: frames, profile: 'web' }),
      });
    const cookie = user.jar.header();
    const crossSite: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of crossSite) {
      const response = await json(14, { cookie, ...headers });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect((await response.json()).error.code).toBe('cross_origin');
    }
    expect((await json(15, { cookie, origin: 'null' })).status).toBe(202);
    expect((await json(16, { cookie, origin: t.baseUrl, 'sec-fetch-site': 'same-origin' })).status).toBe(202);
    expect(
      (await json(17, { authorization: `Bearer ${token}`, origin: 'https://evil.example' })).status,
    ).toBe(202);
  });

  it('guards every page form and API route the same way', async () => {
    const pages = [
      '/en/sign-in',
      '/en/register',
      '/en/sign-out',
      '/en/password-reset',
      '/en/account',
      '/en/account/tokens',
      `/en/admin/videos/${videoId}/retry`,
      `/fr/videos/${videoId}/clips`,
    ];
    for (const path of pages) {
      for (const c of [user, editor]) {
        const noToken = await c.form(path, { email: 'x@example.org' }, { csrf: null });
        expect(noToken.status, path).toBe(403);
        const crossSite = await fetch(`${t.baseUrl}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            cookie: c.jar.header(),
            origin: 'https://evil.example',
          },
          body: `_csrf=${encodeURIComponent(c.lastCsrf ?? '')}&email=x`,
          redirect: 'manual',
        });
        expect(crossSite.status, path).toBe(403);
      }
    }
    const api: [string, string][] = [
      ['POST', '/session'],
      ['DELETE', '/session'],
      ['PATCH', '/account'],
      ['POST', '/account/tokens'],
      ['POST', '/accounts'],
      ['POST', '/password-reset'],
      ['POST', `/videos/${videoId}/clips`],
      ['POST', '/uploads'],
    ];
    for (const [method, path] of api) {
      const form = await fetch(`${t.baseUrl}/api/v1${path}`, {
        method,
        headers: { cookie: editor.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=b',
      });
      expect(form.status, `${method} ${path}`).toBe(415);
      const crossSite = await fetch(`${t.baseUrl}/api/v1${path}`, {
        method,
        headers: {
          cookie: editor.jar.header(),
          'content-type': 'application/json',
          'sec-fetch-site': 'cross-site',
          'tus-resumable': '1.0.0',
          'upload-length': '10',
        },
        body: '{}',
      });
      expect(crossSite.status, `${method} ${path}`).toBe(403);
    }
    // Still signed in: none of the refused requests did anything.
    expect((await editor.api('GET', '/account')).status).toBe(200);
  });

  it('declares its exceptions on the routes, and there are none but these', () => {
    // The sessionless RFC 8058 one-click unsubscribe (POST /api/v1/newsletter/unsubscribe): mail
    // clients post it without a session; its signed token is the authority.
    // Photo uploads are multipart (API.md: `POST /photos`): still same-origin checked, and JSON-only
    // relaxed for that one type on that one route; audio uploads and the settings' logo likewise.
    expect(t.portal.app?.csrfExceptions.map((e) => ({ method: e.method, url: e.url, csrf: e.csrf }))).toEqual(
      [
        {
          method: 'POST',
          url: '/api/v1/photos',
          csrf: { accept: ['multipart/form-data'], reason: 'photo uploads are multipart (API.md)' },
        },
        // Audio uploads likewise (src/audio; the back office's form posts there too).
        {
          method: 'POST',
          url: '/api/v1/audio',
          csrf: { accept: ['multipart/form-data'], reason: 'audio uploads are multipart, like photos' },
        },
        // The portal's logo, uploaded as a file by admins (src/settings; the settings page posts there).
        {
          method: 'POST',
          url: '/api/v1/settings/logo',
          csrf: { accept: ['multipart/form-data'], reason: 'the logo is uploaded as a file (API.md)' },
        },
        {
          method: 'POST',
          url: '/api/v1/newsletter/unsubscribe',
          csrf: {
            exempt:
              'RFC 8058 one-click unsubscribe: mail clients post without a session; the signed token is the authority',
          },
        },
      ],
    );
  });
});
