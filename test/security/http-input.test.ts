/**
 * Control characters (issue 12, finding 10): a NUL byte (or any C0 control character but tab, CR and
 * LF in bodies, or DEL) in a query string, a path parameter, a JSON or a form body gets 400 with a
 * message in the user's language from one global hook, never a 500 from the database. Tab, CR and LF
 * still pass in bodies (a textarea sends them). Both database modes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { type Client, client, GOOD_PASSWORD, registration } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

describe.each(databaseModes())('control characters (%s)', (mode) => {
  let t: TestPortal;
  let user: Client;

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    const email = `ctl-${mode}@example.org`;
    await callOperator(t.dataDir, 'users/create', { email, password: GOOD_PASSWORD, verified: true });
    user = client(t.baseUrl, 'fr');
    expect((await user.api('POST', '/session', { email, password: GOOD_PASSWORD })).status).toBe(200);
    await user.page('/en/sign-in'); // a form token for the page posts
  });

  afterAll(async () => {
    await t?.stop();
  });

  const get = (path: string) =>
    fetch(`${t.baseUrl}${path}`, { headers: { 'accept-language': 'fr', cookie: user.jar.header() } });
  const json = (method: string, path: string, body: unknown) =>
    fetch(`${t.baseUrl}/api/v1${path}`, {
      method,
      headers: { 'accept-language': 'fr', 'content-type': 'application/json', cookie: user.jar.header() },
      body: JSON.stringify(body),
    });

  async function expectRefused(response: Response, what: string) {
    expect(response.status, what).toBe(400);
    const text = await response.text();
    expect(text, what).toContain('caractères de contrôle');
  }

  it('refuses them in query strings and path parameters (pages and API)', async () => {
    const paths = [
      '/api/v1/stories?q=a%00b',
      '/api/v1/stories?q=line%0Abreak',
      '/api/v1/stories/slug%00x',
      '/api/v1/videos/abc%00def',
      '/api/v1/clips/abc%7F',
      '/fr/search?q=%00',
      '/fr/stories/slug%01x',
      '/fr/videos/abc%00?in=00:00:00:00',
      '/fr/videos/abc?in=00%0000',
      '/fr/password-reset?returnTo=/fr/%00',
      '/api/v1/videos/x/renditions/master%00/file',
    ];
    for (const path of paths) await expectRefused(await get(path), path);
  });

  it('refuses them in JSON bodies, values and keys', async () => {
    const cases: [string, string, unknown][] = [
      ['POST', '/session', { email: 'a\u0000@example.org', password: 'x' }],
      ['POST', '/accounts', registration('nul@example.org', { firstName: 'Ca\u0000mille' })],
      ['POST', '/password-reset', { email: 'x\u0000@example.org' }],
      [
        'POST',
        '/password-reset/confirm',
        { email: 'x@example.org', code: '12\u00003456', password: GOOD_PASSWORD },
      ],
      ['POST', '/accounts/verification', { email: 'x@example.org', code: '\u0000' }],
      ['PATCH', '/account', { organisation: 'Radio\u0007' }],
      ['PATCH', '/account', { lastName: 'Martin\u007f' }],
      ['POST', '/account/tokens', { name: 'script\u0000' }],
      ['POST', '/videos/abc/clips', { in: '00:00:00:00\u0000', out: '00:00:01:00' }],
      ['POST', '/session', { 'email\u0000': 'a@example.org', password: 'x' }],
    ];
    for (const [method, path, body] of cases) {
      await expectRefused(await json(method, path, body), `${method} ${path} ${JSON.stringify(body)}`);
    }
  });

  it('refuses them in form bodies', async () => {
    for (const [path, fields] of [
      ['/en/sign-in', { email: 'a\u0000@example.org', password: 'x' }],
      ['/en/password-reset', { email: 'x\u0000@example.org' }],
      ['/en/register', { email: 'r@example.org', firstName: '\u0000' }],
    ] as const) {
      const response = await user.form(path, fields);
      expect(response.status, path).toBe(400);
      expect(await response.text(), path).toContain('control characters');
    }
  });

  it('still takes tab, CR and LF in bodies, and plain text everywhere', async () => {
    const patched = await json('PATCH', '/account', { organisation: 'Radio\tExemple' });
    expect(patched.status).not.toBe(500);
    expect(await patched.text()).not.toContain('caractères de contrôle');
    expect((await get('/api/v1/stories?q=caf%C3%A9')).status).toBe(200);
  });
});
