/**
 * The CSRF plugin's declared exceptions, on a bare Fastify app (Fastify's inject, no network): a
 * route with `csrf: { exempt }` takes a cross-site form post (the RFC 8058 one-click unsubscribe is
 * one: `List-Unsubscribe=One-Click`, form-encoded, no session), a route with `csrf: { accept }` takes
 * that body type from its own origin only, and both are listed with their reason.
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfProtection } from '../../src/web/csrf.ts';
import { installErrorHandlers } from '../../src/web/errors.ts';

describe('csrf plugin exceptions', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    await app.register(formbody);
    app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));
    const plugin = csrfProtection({
      publicUrl: 'https://portal.example',
      formTokenValid: () => false,
      tokenAuthenticated: () => false,
    });
    await app.register(Object.assign(plugin, { [Symbol.for('skip-override')]: true }));
    installErrorHandlers(app);
    const unsubscribe = { exempt: 'RFC 8058 one-click unsubscribe: no session, the token is in the URL' };
    app.post('/api/v1/newsletter/unsubscribe', { config: { csrf: unsubscribe } }, async () => ({ ok: true }));
    const photos = { accept: ['multipart/form-data'], reason: 'photo uploads from the back office' };
    app.post('/api/v1/photos', { config: { csrf: photos } }, async () => ({ ok: true }));
    app.post('/api/v1/other', async () => ({ ok: true }));
    app.post('/en/form', async () => ({ ok: true }));
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
  });

  it('lists the declared exceptions with their reasons', () => {
    expect(app.csrfExceptions.map((e) => [e.method, e.url, e.csrf])).toEqual([
      [
        'POST',
        '/api/v1/newsletter/unsubscribe',
        expect.objectContaining({ exempt: expect.stringContaining('8058') }),
      ],
      ['POST', '/api/v1/photos', expect.objectContaining({ accept: ['multipart/form-data'] })],
    ]);
  });

  it('lets the one-click unsubscribe through, cross-site and form-encoded', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/newsletter/unsubscribe?token=abc',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'null',
        'sec-fetch-site': 'cross-site',
      },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(response.statusCode).toBe(200);
  });

  it('takes a declared multipart body from the own origin only', async () => {
    const post = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/photos',
        headers: { 'content-type': 'multipart/form-data; boundary=x', ...headers },
        payload: '--x--\r\n',
      });
    expect((await post({ origin: 'https://portal.example' })).statusCode).toBe(200);
    expect((await post({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
    expect((await post({})).statusCode).toBe(403);
    expect((await post({ origin: 'null' })).statusCode).toBe(403);
    expect((await post({ origin: 'https://evil.example' })).statusCode).toBe(403);
  });

  it('refuses the same bodies on undeclared routes', async () => {
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/other',
      headers: { 'content-type': 'multipart/form-data; boundary=x', origin: 'https://portal.example' },
      payload: '--x--\r\n',
    });
    expect(other.statusCode).toBe(415);
    const page = await app.inject({
      method: 'POST',
      url: '/en/form',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://portal.example' },
      payload: 'a=b',
    });
    expect(page.statusCode).toBe(403);
  });
});
