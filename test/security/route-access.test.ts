/**
 * Every route states who may call it (src/route-access.ts) and every caller below that level is
 * refused: each route of a running portal is called by an anonymous visitor, a journalist (session and
 * API token), an editor and an admin, and those the table does not allow never get a 2xx answer nor a
 * redirect anywhere but the sign-in page. Those it allows are not refused on GET routes (a control
 * that the probe reaches the route). The table names exactly the routes the portal registers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { CONDITIONAL_ROUTES, ROUTE_ACCESS, type RouteAccess } from '../../src/route-access.ts';
import { GOOD_PASSWORD } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

type CallerName = 'anonymous' | 'journalist' | 'token' | 'editor' | 'admin';

/** Whether the table's level lets this caller in. */
function allowed(level: RouteAccess, caller: CallerName): boolean {
  switch (level) {
    case 'public':
      return true;
    case 'signed-in':
      return caller !== 'anonymous';
    case 'session':
      return caller !== 'anonymous' && caller !== 'token';
    case 'editor':
      return caller === 'editor' || caller === 'admin';
    case 'admin':
      return caller === 'admin';
  }
}

const DUMMY_ID = '00000000-0000-4000-8000-000000000000';

function concrete(path: string, lang: string): string {
  return path
    .replace('{lang}', lang)
    .replace(':slug', 'no-such-story')
    .replace(':name', 'master')
    .replace(/:id/g, path.includes('/uploads/') ? 'a0b1c2d3e4f5a6b7c8d9' : DUMMY_ID);
}

interface Caller {
  headers: Record<string, string>;
  csrf: string;
}

describe.each(databaseModes())('route access (%s)', (mode) => {
  let t: TestPortal;
  const callers = {} as Record<CallerName, Caller>;

  /** A browser's form token and its cookie, for page forms (the CSRF hook must not be what refuses). */
  async function withFormToken(cookie: string): Promise<Caller> {
    const page = await fetch(`${t.baseUrl}/en/sign-in`, { headers: cookie ? { cookie } : {} });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const set = page.headers.getSetCookie().map((line) => line.split(';')[0]);
    const all = [cookie, ...set].filter(Boolean).join('; ');
    return { headers: all ? { cookie: all } : {}, csrf };
  }

  async function signedIn(email: string, role: string): Promise<string> {
    await callOperator(t.dataDir, 'users/create', { email, password: GOOD_PASSWORD, role, verified: true });
    const response = await fetch(`${t.baseUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: GOOD_PASSWORD }),
    });
    expect(response.status).toBe(200);
    return response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
  }

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    callers.anonymous = await withFormToken('');
    const journalist = await signedIn(`journalist-${mode}@example.org`, 'journalist');
    callers.journalist = await withFormToken(journalist);
    callers.editor = await withFormToken(await signedIn(`editor-${mode}@example.org`, 'editor'));
    callers.admin = await withFormToken(await signedIn(`admin-${mode}@example.org`, 'admin'));
    const token = await fetch(`${t.baseUrl}/api/v1/account/tokens`, {
      method: 'POST',
      headers: { cookie: journalist, 'content-type': 'application/json', origin: t.baseUrl },
      body: JSON.stringify({ name: 'probe' }),
    });
    expect(token.status).toBe(201);
    const { token: secret } = (await token.json()) as { token: string };
    callers.token = { headers: { authorization: `Bearer ${secret}` }, csrf: '' };
  });
  afterAll(() => t?.stop());

  it('names exactly the routes the portal registers', () => {
    const registered = new Set(t.portal.routes);
    const declared = Object.keys(ROUTE_ACCESS).filter((key) => !CONDITIONAL_ROUTES.has(key));
    expect([...registered].sort()).toEqual(declared.sort());
  });

  async function call(method: string, path: string, caller: Caller): Promise<Response> {
    const api = path.startsWith('/api/');
    const headers: Record<string, string> = { ...caller.headers, origin: t.baseUrl, accept: 'text/html' };
    let body: string | undefined;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
      if (path.includes('/uploads')) {
        headers['tus-resumable'] = '1.0.0';
        headers['upload-length'] = '10';
        headers['upload-offset'] = '0';
        if (method === 'PATCH') headers['content-type'] = 'application/offset+octet-stream';
        body = method === 'PATCH' ? '0123456789' : undefined;
      } else if (api) {
        headers['content-type'] = 'application/json';
        headers.accept = 'application/json';
        body = '{}';
      } else {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams({ _csrf: caller.csrf }).toString();
      }
    }
    if (method === 'HEAD' && path.includes('/uploads')) headers['tus-resumable'] = '1.0.0';
    return fetch(`${t.baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
  }

  const protectedRoutes = Object.entries(ROUTE_ACCESS).filter(
    ([key, level]) => level !== 'public' && !CONDITIONAL_ROUTES.has(key),
  );

  it.each(protectedRoutes)('%s (%s): callers below the level are refused', async (key, level) => {
    const [method = '', pattern = ''] = key.split(' ');
    const path = concrete(pattern, 'en');
    for (const name of Object.keys(callers) as CallerName[]) {
      if (allowed(level, name)) continue;
      const response = await call(method, path, callers[name]);
      const where = `${name} ${method} ${path}: ${response.status}`;
      expect(response.status >= 200 && response.status < 300, where).toBe(false);
      if (response.status >= 300 && response.status < 400)
        expect(response.headers.get('location') ?? '', where).toMatch(/\/sign-in/);
    }
  });

  it.each(protectedRoutes.filter(([key]) => key.startsWith('GET ')))(
    '%s (%s): callers at the level get through',
    async (key, level) => {
      const path = concrete(key.slice(4), 'en');
      for (const name of Object.keys(callers) as CallerName[]) {
        if (!allowed(level, name)) continue;
        const response = await call('GET', path, callers[name]);
        expect([401, 403], `${name} GET ${path}: ${response.status}`).not.toContain(response.status);
      }
    },
  );
});
