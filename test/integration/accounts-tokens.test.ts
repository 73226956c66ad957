/**
 * API tokens against a running portal, in each database mode: created with a session and shown once,
 * listed without their secret, used as `Authorization: Bearer` on the API, refused when revoked,
 * unknown or malformed (401, never a fall back to the cookie), never minted or revoked with a token,
 * limited per user; and the profile section (FR/EN, plain forms).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/accounts/rules/api-tokens.ts';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { type Client, client, GOOD_PASSWORD, testClock } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

describe.each(databaseModes())('API tokens on %s', (mode) => {
  let t: TestPortal;
  const clock = testClock();
  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false, clock: clock.now });
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** A verified user signed in through the API: the client's jar holds the session cookie. */
  async function signedIn(email: string, lang = 'en'): Promise<Client> {
    await callOperator(t.dataDir, 'users/create', { email, password: GOOD_PASSWORD, verified: true });
    const c = client(t.baseUrl, lang);
    expect((await c.api('POST', '/session', { email, password: GOOD_PASSWORD })).status).toBe(200);
    return c;
  }
  const bearer = (token: string, lang = 'en') => ({
    authorization: `Bearer ${token}`,
    'accept-language': lang,
  });
  const withToken = (method: string, path: string, token: string, init: RequestInit = {}) =>
    fetch(`${t.baseUrl}/api/v1${path}`, {
      method,
      ...init,
      headers: { ...bearer(token), ...(init.headers as Record<string, string>) },
    });
  const create = async (c: Client, name: string) => {
    const response = await c.api('POST', '/account/tokens', { name });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; name: string; token: string; prefix: string };
  };
  const lastUsed = async (id: string) =>
    (
      await t.portal.database.db
        .selectFrom('api_tokens')
        .select('last_used_at')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).last_used_at;

  it('creates a token with a session, shows it once, lists it without its secret, and it signs API requests', async () => {
    const c = await signedIn(`owner-${mode}@example.org`);
    const response = await c.api('POST', '/account/tokens', { name: '  Newsroom ingest script ' });
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(Object.keys(created).sort()).toEqual(['createdAt', 'id', 'name', 'prefix', 'token']);
    expect(created.name).toBe('Newsroom ingest script');
    expect(created.token).toMatch(/^bp_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 9));

    const listed = await c.api('GET', '/account/tokens');
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(text).not.toContain(created.token);
    expect(JSON.parse(text)).toEqual({
      items: [
        {
          id: created.id,
          name: 'Newsroom ingest script',
          prefix: created.prefix,
          createdAt: created.createdAt,
          lastUsedAt: null,
        },
      ],
    });
    // Only the SHA-256 is stored.
    const row = await t.portal.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.token);

    // The token alone (no cookie) is the user.
    const account = await withToken('GET', '/account', created.token);
    expect(account.status).toBe(200);
    expect(await account.json()).toMatchObject({ email: `owner-${mode}@example.org`, role: 'journalist' });
    const first = await lastUsed(created.id);
    expect(first).not.toBeNull();
    // last_used_at is written at most once a minute.
    clock.advance(30);
    expect((await withToken('GET', '/account', created.token)).status).toBe(200);
    expect(new Date((await lastUsed(created.id))!).getTime()).toBe(new Date(first!).getTime());
    clock.advance(31);
    expect((await withToken('GET', '/account/tokens', created.token)).status).toBe(200);
    expect(new Date((await lastUsed(created.id))!).getTime()).toBeGreaterThan(new Date(first!).getTime());
    const { items } = await (await c.api('GET', '/account/tokens')).json();
    expect(items[0].lastUsedAt).toBe(new Date((await lastUsed(created.id))!).toISOString());

    // Described in the OpenAPI document, from the route schemas.
    const openapi = await (await fetch(`${t.baseUrl}/api/v1/openapi.json`)).json();
    const paths = openapi.paths;
    expect(Object.keys(paths['/api/v1/account/tokens'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(paths['/api/v1/account/tokens'].post.responses['201']).toBeDefined();
    expect(paths['/api/v1/account/tokens/{id}'].delete.responses['204']).toBeDefined();
    expect(openapi.components.securitySchemes.apiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('answers 401 invalid_token for revoked, unknown and malformed tokens, without falling back to the cookie', async () => {
    const c = await signedIn(`revoker-${mode}@example.org`);
    const { id, token } = await create(c, 'to revoke');
    expect((await withToken('GET', '/account', token)).status).toBe(200);
    const revoked = await c.api('DELETE', `/account/tokens/${id}`);
    expect(revoked.status).toBe(204);
    expect((await (await c.api('GET', '/account/tokens')).json()).items).toEqual([]);
    expect((await c.api('DELETE', `/account/tokens/${id}`)).status).toBe(404);

    const cases: [string, string][] = [
      ['revoked', `Bearer ${token}`],
      ['unknown', `Bearer ${createApiToken().token}`],
      ['garbage', 'Bearer garbage'],
      ['empty', 'Bearer'],
      ['a session cookie value', `Bearer ${'A'.repeat(43)}`],
    ];
    for (const [label, authorization] of cases) {
      for (const lang of ['fr', 'en']) {
        const response = await fetch(`${t.baseUrl}/api/v1/account`, {
          // The session cookie is there too: a Bearer header that fails must not fall back to it.
          headers: { authorization, cookie: c.jar.header(), 'accept-language': lang },
        });
        expect(response.status, label).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
        const { error } = await response.json();
        expect(error.code, label).toBe('invalid_token');
        expect(error.message).toBe(
          lang === 'fr'
            ? 'Jeton d’API inconnu, révoqué ou mal formé. Vérifiez l’en-tête « Authorization: Bearer … » ou créez un nouveau jeton depuis votre compte.'
            : 'Unknown, revoked or malformed API token. Check the “Authorization: Bearer …” header, or create a new token from your account.',
        );
      }
    }
    // Another scheme (e.g. Basic from a proxy in front) is not ours: the cookie still counts.
    const basic = await c.api('GET', '/account', undefined, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(basic.status).toBe(200);
  });

  it('never creates or revokes tokens, nor sets up two-factor sign-in, with a token', async () => {
    const c = await signedIn(`minter-${mode}@example.org`);
    const { id, token } = await create(c, 'leaked');
    const json = { 'content-type': 'application/json' };
    const mint = await withToken('POST', '/account/tokens', token, {
      headers: { ...json, 'accept-language': 'fr' },
      body: JSON.stringify({ name: 'more' }),
    });
    expect(mint.status).toBe(403);
    expect((await mint.json()).error).toEqual({
      code: 'session_required',
      message:
        'Cette action demande une session connectée (navigateur ou POST /api/v1/session), pas un jeton d’API : créer ou révoquer des jetons, activer la double authentification, se déconnecter partout.',
    });
    const revoke = await withToken('DELETE', `/account/tokens/${id}`, token);
    expect(revoke.status).toBe(403);
    expect((await revoke.json()).error.code).toBe('session_required');
    const totp = await withToken('POST', '/account/two-factor', token);
    expect(totp.status).toBe(403);
    // Nor through the profile pages, whose forms a token could fetch with a GET.
    for (const path of ['/en/account', '/en/account/two-factor']) {
      const page = await fetch(`${t.baseUrl}${path}`, { headers: bearer(token) });
      expect(page.status, path).toBe(403);
      expect(await page.text()).toContain('needs a signed-in session');
    }
    expect((await (await c.api('GET', '/account/tokens')).json()).items).toHaveLength(1);
    // Listing with a token is fine (no secret in it).
    expect((await withToken('GET', '/account/tokens', token)).status).toBe(200);
    // Cookie-authenticated changes keep their cross-site refusal.
    const crossSite = await c.api(
      'POST',
      '/account/tokens',
      { name: 'x' },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).error.code).toBe('cross_origin');
  });

  it('signs out everywhere only with a session, and then revokes every token too', async () => {
    const c = await signedIn(`everywhere-${mode}@example.org`);
    const { token } = await create(c, 'first');
    const second = await create(c, 'second');
    const byToken = await withToken('DELETE', '/sessions', token);
    expect(byToken.status).toBe(403);
    expect((await byToken.json()).error.code).toBe('session_required');
    expect((await withToken('GET', '/account', token)).status).toBe(200);
    expect((await c.api('DELETE', '/sessions')).status).toBe(204);
    for (const secret of [token, second.token]) {
      expect((await withToken('GET', '/account', secret)).status).toBe(401);
    }
  });

  it('keeps tokens to their owner, checks names and caps active tokens at 10', async () => {
    const owner = await signedIn(`first-${mode}@example.org`);
    const other = await signedIn(`second-${mode}@example.org`);
    const { id } = await create(owner, 'mine');
    const foreign = await other.api('DELETE', `/account/tokens/${id}`);
    expect(foreign.status).toBe(404);
    expect((await foreign.json()).error.code).toBe('not_found');
    expect((await other.api('DELETE', '/account/tokens/not-a-uuid')).status).toBe(404);
    expect((await (await owner.api('GET', '/account/tokens')).json()).items).toHaveLength(1);
    expect((await (await other.api('GET', '/account/tokens')).json()).items).toHaveLength(0);

    for (const [name, message] of [
      ['   ', 'Give the token a name.'],
      ['x'.repeat(81), 'The token’s name must be at most 80 characters long.'],
    ]) {
      const response = await owner.api('POST', '/account/tokens', { name });
      expect(response.status).toBe(422);
      expect((await response.json()).error).toEqual({ code: 'invalid_name', message });
    }
    expect((await owner.api('POST', '/account/tokens', {})).status).toBe(400);

    for (let i = 2; i <= 10; i += 1) await create(owner, `token ${i}`);
    const eleventh = await owner.api('POST', '/account/tokens', { name: 'one too many' });
    expect(eleventh.status).toBe(409);
    expect((await eleventh.json()).error).toEqual({
      code: 'token_limit',
      message: 'You already have 10 active tokens, the maximum: revoke one before creating another.',
    });
    // Revoking one frees its place.
    expect((await owner.api('DELETE', `/account/tokens/${id}`)).status).toBe(204);
    await create(owner, 'in its place');
    expect((await (await owner.api('GET', '/account/tokens')).json()).items).toHaveLength(10);
  });

  it('shows the section on the profile in French and English; creates (shown once) and revokes by forms', async () => {
    const fr = await signedIn(`pages-${mode}@example.org`, 'fr');
    const profile = await fr.page('/fr/account');
    expect(profile.response.status).toBe(200);
    expect(profile.html).toContain('<h2 id="profile-api-tokens">Jetons d’API</h2>');
    expect(profile.html).toContain('Vous n’avez aucun jeton actif.');
    expect(profile.html).toContain('action="/fr/account/tokens"');

    const invalid = await fr.form('/fr/account/tokens', { tokenName: ' ' });
    expect(invalid.status).toBe(422);
    expect(await invalid.text()).toContain('Donnez un nom au jeton.');

    await fr.page('/fr/account');
    const created = await fr.form('/fr/account/tokens', { tokenName: 'Script de la rédaction' });
    expect(created.status).toBe(200);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const page = await created.text();
    const token = /<code id="api-token">(bp_[A-Za-z0-9_-]{43})<\/code>/.exec(page)?.[1] ?? '';
    expect(token).not.toBe('');
    expect(page).toContain('Votre nouveau jeton d’API');
    expect(page).toContain('il ne sera plus jamais affiché');
    expect(page).toContain(`curl -H &quot;Authorization: Bearer ${token}&quot; -C - -O -J`);
    expect((await withToken('GET', '/account', token)).status).toBe(200);

    // Listed afterwards by name and prefix, never the token itself.
    const listed = await fr.page('/fr/account');
    expect(listed.html).toContain('Script de la rédaction');
    expect(listed.html).toContain(`<code>${token.slice(0, 9)}…</code>`);
    expect(listed.html).not.toContain(token);
    expect(listed.html).toContain('Révoquer le jeton « Script de la rédaction »');

    const en = await fr.page('/en/account');
    expect(en.html).toContain('<h2 id="profile-api-tokens">API tokens</h2>');
    expect(en.html).toContain('Revoke the token “Script de la rédaction”');
    expect(en.html).not.toContain(token);

    const { items } = await (await fr.api('GET', '/account/tokens')).json();
    const revoked = await fr.form(`/en/account/tokens/${items[0].id}/revoke`, {});
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe('/en/account?done=apiTokens.revoked');
    const after = await fr.page('/en/account?done=apiTokens.revoked');
    expect(after.html).toContain('The token has been revoked: it no longer gives any access.');
    expect(after.html).not.toContain('Script de la rédaction');
    expect(after.html).toContain('You have no active token.');
    expect((await withToken('GET', '/account', token)).status).toBe(401);
    // Without the form token, nothing happens.
    expect((await fr.form('/en/account/tokens', { tokenName: 'x' }, { csrf: null })).status).toBe(403);
  });
});
