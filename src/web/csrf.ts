/**
 * The one CSRF defence of every state-changing request (POST, PUT, PATCH, DELETE), registered once in
 * app.ts, so no feature writes its own:
 * - nothing cross-site: `Sec-Fetch-Site` other than same-origin/none, or an `Origin` other than the
 *   portal's, is refused (403). A missing or `null` Origin passes this step (browsers send `null` for
 *   same-origin posts under `Referrer-Policy: no-referrer`); the next step then decides;
 * - pages (everything outside /api/): the form's `_csrf` field must fit this browser's CSRF cookie
 *   (`formTokenValid`, the accounts feature's double-submit token) (403);
 * - /api/v1: a body a cross-site HTML form could send (form-encoded, multipart, text/plain, or none
 *   named) is refused (415): what is left is JSON, or a type a route parses itself (tus' offset
 *   stream), and a browser sends those cross-site only after a CORS preflight the portal never grants.
 * A request authenticated by an API token carries no ambient credential: only the 415 rule applies.
 * Exceptions are declared on the route, with their reason, and listed by `csrfExceptions`:
 * `config: { csrf: { exempt: 'why' } }` (no check at all: a sessionless route such as the RFC 8058
 * one-click unsubscribe), `config: { csrf: { accept: ['multipart/form-data'], reason } }` (an API
 * route taking that body: a cookie-authenticated request must then show a same-origin Origin or
 * Sec-Fetch-Site, a missing or `null` one is refused).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

export type CsrfRouteConfig = { exempt: string } | { accept: string[]; reason: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A declared exception to the CSRF checks (see src/web/csrf.ts). */
    csrf?: CsrfRouteConfig;
  }
  interface FastifyInstance {
    /** The declared CSRF exceptions, for tests and audits. */
    csrfExceptions: { method: string; url: string; csrf: CsrfRouteConfig }[];
  }
}

export interface CsrfDeps {
  publicUrl: string;
  /** True when the form's `_csrf` field fits this browser's CSRF cookie. */
  formTokenValid(request: FastifyRequest): boolean;
  /** True when an API token, not a cookie, authenticates the request. */
  tokenAuthenticated(request: FastifyRequest): boolean;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Body types a cross-site HTML form (or a no-cors fetch) can send without a CORS preflight. */
const SIMPLE_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

export function mimeOf(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function csrfProtection(deps: CsrfDeps): FastifyPluginAsync {
  const portalOrigin = new URL(deps.publicUrl).origin;
  return async (app) => {
    app.decorate('csrfExceptions', []);
    app.addHook('onRoute', (route) => {
      const csrf = route.config?.csrf;
      if (!csrf) return;
      for (const method of [route.method].flat()) {
        if (STATE_CHANGING.has(method)) app.csrfExceptions.push({ method, url: route.url, csrf });
      }
    });

    /** 'same' (Origin or Sec-Fetch-Site say same-origin), 'cross', or 'unknown' (neither says). */
    const site = (request: FastifyRequest): 'same' | 'cross' | 'unknown' => {
      const fetchSite = request.headers['sec-fetch-site'];
      if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return 'cross';
      const origin = request.headers.origin;
      if (origin && origin !== 'null') {
        const own = [portalOrigin, `http://${request.host}`, `https://${request.host}`];
        return own.includes(origin) ? 'same' : 'cross';
      }
      return fetchSite === undefined ? 'unknown' : 'same';
    };

    const guarded = (request: FastifyRequest) =>
      STATE_CHANGING.has(request.method) &&
      !request.is404 &&
      !(request.routeOptions.config?.csrf && 'exempt' in request.routeOptions.config.csrf);

    // Before the body is read: the body type and where the request comes from.
    app.addHook('onRequest', async (request) => {
      if (!guarded(request)) return;
      const csrf = request.routeOptions.config?.csrf;
      if (request.url.startsWith('/api/')) {
        const mime = mimeOf(request);
        const accepted = csrf !== undefined && 'accept' in csrf && csrf.accept.includes(mime);
        if (!accepted && (SIMPLE_TYPES.has(mime) || (mime === '' && hasBody(request))))
          throw new HttpError(415, 'json_required', 'error.jsonRequired');
        if (deps.tokenAuthenticated(request)) return;
        const where = site(request);
        if (where === 'cross' || (accepted && where !== 'same'))
          throw new HttpError(403, 'cross_origin', 'error.crossOrigin');
        return;
      }
      if (deps.tokenAuthenticated(request)) return;
      if (site(request) === 'cross') throw new HttpError(403, 'csrf', 'error.csrf');
    });

    // Once the form is parsed: its token.
    app.addHook('preValidation', async (request) => {
      if (!guarded(request) || request.url.startsWith('/api/') || deps.tokenAuthenticated(request)) return;
      if (!deps.formTokenValid(request)) throw new HttpError(403, 'csrf', 'error.csrf');
    });
  };
}
