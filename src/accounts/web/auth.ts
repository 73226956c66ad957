/**
 * The accounts feature's app-wide hooks: load who makes the request into `request.auth`, from an API
 * token (`Authorization: Bearer`) or else the session cookie (and the signed-in header, with the form
 * token, into `request.pageExtras`), and the form token itself: a double-submit token (HMAC of a
 * random HttpOnly cookie). The web kit's one CSRF plugin (src/web/csrf.ts) checks it on every page
 * post, with the Origin rules, through `csrfValid` handed over by the composition root.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../web/errors.ts';
import { html } from '../../web/html.ts';
import { translator } from '../../web/i18n/index.ts';
import { localPath } from '../../web/layout.ts';
import { requestLang } from '../../web/request-lang.ts';
import { parseBearer } from '../rules/api-tokens.ts';
import { deriveKey } from '../rules/keyed-hash.ts';
import { type SessionCookie, sessionCookie } from '../rules/sessions.ts';
import type { Authenticated, SessionService } from '../service/session.ts';
import type { ApiTokenService } from '../service/tokens.ts';
import type { RequestMeta } from '../store/users.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user (or a session waiting for its second factor, or an API token); null when signed out. */
    auth: Authenticated | null;
  }
}

export interface WebAuth {
  readonly cookie: SessionCookie;
  readonly plugin: FastifyPluginAsync;
  setSession(reply: FastifyReply, token: string): void;
  clearSession(reply: FastifyReply): void;
  /** The form token for this browser (sets the CSRF cookie when there is none yet). */
  csrfToken(request: FastifyRequest, reply: FastifyReply): string;
  csrfValid(request: FastifyRequest): boolean;
  meta(request: FastifyRequest): RequestMeta;
}

const CSRF_PATTERN = /^[A-Za-z0-9_-]{32}$/;
/**
 * No account is looked up for these: public files, and the operator channel (its own Bearer token).
 * Not /media/: preview files of embargoed videos go to verified journalists and editors only.
 */
const UNAUTHENTICATED_PREFIXES = ['/static/', '/_operator/'];

export function createWebAuth(deps: {
  sessions: SessionService;
  tokens: Pick<ApiTokenService, 'authenticate'>;
  secret: string;
  publicUrl: string;
}): WebAuth {
  const cookie = sessionCookie(deps.publicUrl);
  const secure = cookie.options.secure;
  const csrfCookie = secure ? '__Host-portal_csrf' : 'portal_csrf';
  const csrfKey = deriveKey(deps.secret, 'throttle', 'csrf');
  const tokenFor = (value: string) => createHmac('sha256', csrfKey).update(value).digest('base64url');

  const web: WebAuth = {
    cookie,
    setSession(reply, token) {
      reply.setCookie(cookie.name, token, { ...cookie.options });
    },
    clearSession(reply) {
      reply.clearCookie(cookie.name, { path: '/', secure, httpOnly: true, sameSite: 'lax' });
    },
    csrfToken(request, reply) {
      let value = request.cookies[csrfCookie];
      if (!value || !CSRF_PATTERN.test(value)) {
        value = randomBytes(24).toString('base64url');
        request.cookies[csrfCookie] = value;
        reply.setCookie(csrfCookie, value, { path: '/', httpOnly: true, sameSite: 'lax', secure });
      }
      return tokenFor(value);
    },
    csrfValid(request) {
      const value = request.cookies[csrfCookie];
      const body = request.body as Record<string, unknown> | undefined;
      const given = typeof body?._csrf === 'string' ? body._csrf : '';
      if (!value || !CSRF_PATTERN.test(value) || given.length === 0) return false;
      const expected = Buffer.from(tokenFor(value));
      const actual = Buffer.from(given);
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
    meta(request) {
      const ua = request.headers['user-agent'];
      return { ip: request.ip ?? null, userAgent: typeof ua === 'string' ? ua : null };
    },
    plugin: async (app) => {
      app.decorateRequest('auth', null);
      app.addHook('onRequest', async (request, reply) => {
        request.auth = null;
        if (UNAUTHENTICATED_PREFIXES.some((prefix) => request.url.startsWith(prefix))) return;
        const bearer = parseBearer(request.headers.authorization);
        if (bearer.kind !== 'none') {
          // A script said which credential to use: a bad one is an error, not a fall back to the cookie.
          const auth = await deps.tokens.authenticate(bearer);
          if (!auth) {
            reply.header('www-authenticate', 'Bearer error="invalid_token"');
            throw new HttpError(401, 'invalid_token', 'apiTokens.error.invalid');
          }
          request.auth = auth;
          return;
        }
        const token = request.cookies[cookie.name];
        if (token === undefined) return;
        const auth = await deps.sessions.authenticate(token);
        if (!auth) {
          web.clearSession(reply);
          return;
        }
        request.auth = auth;
        if (auth.pending) return;
        const lang = requestLang(request);
        const t = translator(lang);
        const name = [auth.user.first_name, auth.user.last_name].join(' ').trim() || auth.user.email;
        const csrf = web.csrfToken(request, reply);
        request.pageExtras = {
          ...request.pageExtras,
          csrf,
          user: { name },
          // The zone the account chose for dates and times; else the portal's stays.
          ...(auth.user.time_zone ? { timeZone: auth.user.time_zone, zoneChosen: true } : {}),
          accountNav: html`<li><a href="${localPath(lang, '/account')}">${name}</a></li>
        <li><form class="inline-form" method="post" action="${localPath(lang, '/sign-out')}"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="link-button">${t('accounts.signOut')}</button></form></li>`,
        };
      });
    },
  };
  return web;
}
