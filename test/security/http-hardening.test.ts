/**
 * Small hardening (issue 12, finding 16): account answers are never stored by a cache (`no-store` on
 * the account API and pages, and on every answer that does not state its own caching); files holding
 * secrets are created 0600 in 0700 directories (outbox mails carry live codes; the secret; the
 * operator file and socket), media directories are closed to other users; framing is refused the same
 * way by CSP `frame-ancestors` and `X-Frame-Options`; a Host outside PUBLIC_URL's name (and loopback)
 * gets 421 and no page. Both database modes.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { client, GOOD_PASSWORD, registration } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { rawRequest } from '../support/raw-http.ts';
import { scaled } from '../support/time-scale.ts';

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe.each(databaseModes())('hardening (%s)', (mode) => {
  let t: TestPortal;

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false, env: { PUBLIC_URL: 'http://portal.example:8080' } });
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('sends Cache-Control: no-store with account answers, and static files keep their caching', async () => {
    const email = `store-${mode}@example.org`;
    await callOperator(t.dataDir, 'users/create', { email, password: GOOD_PASSWORD, verified: true });
    const c = client(t.baseUrl);
    const signIn = await c.api('POST', '/session', { email, password: GOOD_PASSWORD });
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get('cache-control')).toBe('no-store');
    for (const path of ['/account', '/account/tokens', '/account/downloads']) {
      const response = await c.api('GET', path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe('no-store');
    }
    const patched = await c.api('PATCH', '/account', { organisation: 'Radio Exemple' });
    expect(patched.headers.get('cache-control')).toBe('no-store');
    const anonymous = client(t.baseUrl);
    for (const [who, path] of [
      [c, '/en/account'],
      [anonymous, '/en/sign-in'],
      [anonymous, '/fr/register'],
    ] as const) {
      const page = await who.page(path);
      expect(page.response.status, path).toBe(200);
      expect(page.response.headers.get('cache-control'), path).toBe('no-store');
    }
    const css = await fetch(`${t.baseUrl}/static/site.css`);
    expect(css.headers.get('cache-control')).toContain('max-age=3600');
  });

  it('creates secret-holding files 0600 in private directories', async () => {
    const c = client(t.baseUrl);
    expect((await c.api('POST', '/accounts', registration(`modes-${mode}@example.org`))).status).toBe(202);
    const outbox = join(t.dataDir, 'outbox');
    const deadline = Date.now() + scaled(20_000);
    let mails: string[] = [];
    while (Date.now() < deadline) {
      mails = (await readdir(outbox).catch(() => [] as string[])).filter((n) => !n.endsWith('.tmp'));
      if (mails.some((n) => n.endsWith('.eml')) && mails.some((n) => n.endsWith('.json'))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(mails.length).toBeGreaterThanOrEqual(2);
    expect(await modeOf(outbox)).toBe(0o700);
    for (const name of mails) expect(await modeOf(join(outbox, name)), name).toBe(0o600);
    expect(await modeOf(join(t.dataDir, 'secret'))).toBe(0o600);
    expect(await modeOf(join(t.dataDir, 'operator.json'))).toBe(0o600);
    expect(await modeOf(join(t.dataDir, 'operator.sock'))).toBe(0o600);
    // Media: the group (nginx's, for X-Accel-Redirect) may read; other users may not.
    expect((await modeOf(t.portal.mediaDir)) & 0o007).toBe(0);
    expect((await modeOf(join(t.portal.mediaDir, 'posters'))) & 0o007).toBe(0);
  });

  it('refuses framing consistently', async () => {
    for (const path of ['/en/', '/api/v1/stories', '/en/sign-in']) {
      const response = await fetch(`${t.baseUrl}${path}`);
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
  });

  it('answers only under PUBLIC_URL’s host name and loopback', async () => {
    const port = new URL(t.baseUrl).port;
    for (const hostHeader of [
      'portal.example',
      'portal.example:8080',
      'localhost',
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
    ]) {
      const ok = await rawRequest(`${t.baseUrl}/en/`, { headers: { host: hostHeader } });
      expect(ok.status, hostHeader).toBe(200);
    }
    for (const hostHeader of [
      'evil.example',
      'portal.example.evil.example',
      'evil.example:8080',
      'portal.example@evil.example',
    ]) {
      for (const [method, path, body] of [
        ['GET', '/en/', undefined],
        ['GET', '/api/v1/stories', undefined],
        ['POST', '/api/v1/password-reset', JSON.stringify({ email: 'victim@example.org' })],
        ['GET', '/en/password-reset', undefined],
      ] as const) {
        const refused = await rawRequest(`${t.baseUrl}${path}`, {
          method,
          headers: { host: hostHeader, 'content-type': 'application/json', 'accept-language': 'fr' },
          body,
        });
        expect(refused.status, `${hostHeader} ${method} ${path}`).toBe(421);
        expect(refused.body).not.toContain('evil');
      }
    }
    // Health checks answer under any name (orchestrators probe the pod's address).
    expect((await rawRequest(`${t.baseUrl}/healthz`, { headers: { host: '10.1.2.3:8080' } })).status).toBe(
      200,
    );
  });
});
