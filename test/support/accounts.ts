/** Helpers for the accounts tests: a cookie jar over fetch, JSON API calls, form tokens, a test clock. */
import { expect } from 'vitest';
import { extractCode, type TestSmtp } from './smtp.ts';

/** A clock the test moves forward; it runs with real time until frozen. */
export function testClock() {
  let offsetMs = 0;
  let frozenAtMs: number | null = null;
  return {
    now: () => new Date(frozenAtMs ?? Date.now() + offsetMs),
    advance(seconds: number) {
      if (frozenAtMs === null) offsetMs += seconds * 1000;
      else frozenAtMs += seconds * 1000;
    },
    /** Stops the clock at `at` (`advance` still moves it): a boundary checked to the second then
     * holds however slowly a loaded machine runs the requests in between. */
    freezeAt(at: Date) {
      frozenAtMs = at.getTime();
    },
  };
}

/** Cookies of one browser, by name. */
export class Jar {
  readonly cookies = new Map<string, string>();
  /** Raw Set-Cookie lines seen, for attribute checks. */
  readonly setCookies: string[] = [];
  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface Client {
  readonly jar: Jar;
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  page(path: string): Promise<{ response: Response; html: string }>;
  /** POSTs a form with the CSRF token taken from the last page fetched. */
  form(path: string, fields: Record<string, string>, options?: { csrf?: string | null }): Promise<Response>;
  lastCsrf: string | null;
}

export function client(baseUrl: string, lang = 'en'): Client {
  const jar = new Jar();
  const c: Client = {
    jar,
    lastCsrf: null,
    async api(method, path, body, headers = {}) {
      const response = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: {
          'accept-language': lang,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(jar.cookies.size ? { cookie: jar.header() } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
      });
      jar.store(response);
      return response;
    },
    async page(path) {
      const response = await fetch(`${baseUrl}${path}`, {
        headers: { accept: 'text/html', ...(jar.cookies.size ? { cookie: jar.header() } : {}) },
        redirect: 'manual',
      });
      jar.store(response);
      const html = await response.text();
      c.lastCsrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? null;
      return { response, html };
    },
    async form(path, fields, options = {}) {
      const csrf = options.csrf === undefined ? c.lastCsrf : options.csrf;
      const response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: {
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
          ...(jar.cookies.size ? { cookie: jar.header() } : {}),
        },
        body: new URLSearchParams({ ...(csrf ? { _csrf: csrf } : {}), ...fields }).toString(),
        redirect: 'manual',
      });
      jar.store(response);
      return response;
    },
  };
  return c;
}

export const GOOD_PASSWORD = 'Quartz-Lantern-42!';
export const OTHER_PASSWORD = 'Violet*Harbour-97';

export function registration(email: string, overrides: Record<string, unknown> = {}) {
  return {
    email,
    password: GOOD_PASSWORD,
    firstName: 'Camille',
    lastName: 'Martin',
    organisation: 'Radio Exemple',
    country: 'FR',
    language: 'en',
    acceptTerms: true,
    ...overrides,
  };
}

/** Registers through the API, reads the code from the SMTP server, verifies: a signed-in client. */
export async function registerAndVerify(baseUrl: string, smtp: TestSmtp, email: string): Promise<Client> {
  const c = client(baseUrl);
  const response = await c.api('POST', '/accounts', registration(email));
  expect(response.status).toBe(202);
  const code = extractCode(await smtp.waitForMessage(email));
  const verified = await c.api('POST', '/accounts/verification', { email, code });
  expect(verified.status).toBe(200);
  return c;
}
