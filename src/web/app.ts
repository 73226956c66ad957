/**
 * The Fastify application of the web kit: app-wide guards (allowed hosts, control characters,
 * timeouts, CSRF and origin, JSON-only, default no-store, rate limits), each registered once as a
 * plugin; security headers, forms and cookies, static files, language routing, health endpoints and
 * the OpenAPI document. It imports no feature: the composition root hands over the features' routes
 * (`routes`) and app-wide hooks (`globalPlugins`).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
  LogController,
} from 'fastify';
import fp from 'fastify-plugin';
import { allowedHosts } from './allowed-hosts.ts';
import { controlCharacters } from './control-characters.ts';
import { type CsrfDeps, csrfProtection } from './csrf.ts';
import { installErrorHandlers } from './errors.ts';
import { negotiateLanguage } from './i18n/index.ts';
import { DEFAULT_IDENTITY, type Identity } from './identity.ts';
import { type RateLimits, registerRateLimits } from './rate-limits.ts';
import { securityHeaders } from './security-headers.ts';
import { createTimeouts, type Timeouts } from './timeouts.ts';
import { type TrustProxy, trustFunction } from './trust-proxy.ts';

export interface AppDeps {
  /**
   * Called for every route as it is registered (before any): the composition root checks that the
   * route states who may call it (src/route-access.ts) and throws when it does not.
   */
  onRoute?: (method: string, url: string) => void;
  logger: FastifyBaseLogger;
  publicUrl: string;
  /** The zone pages show dates and times in (TZ_DEFAULT); UTC when absent. */
  timeZone?: string;
  /**
   * The institution's names (configuration, overridden by the settings): a value, or a function read
   * at each use (the settings feature keeps the current one in memory); the demo's when absent.
   */
  identity?: Identity | (() => Identity);
  cookieSecret: string;
  /** True once the database and workers are up. */
  isReady: () => boolean;
  /**
   * Feature route plugins, in order: `files` at / before the kit's own routes, `pages` under /fr and
   * /en, `api` under /api/v1, `root` at / last.
   */
  routes?: {
    files?: FastifyPluginAsync[];
    pages?: FastifyPluginAsync[];
    api?: FastifyPluginAsync[];
    root?: FastifyPluginAsync[];
  };
  /**
   * App-wide feature plugins (hooks and decorators that every route sees, e.g. the accounts session
   * loader), registered without encapsulation before any route.
   */
  globalPlugins?: FastifyPluginAsync[];
  /** Per-minute request limits (RATE_LIMIT_API, RATE_LIMIT_COSTLY); defaults when absent. */
  rateLimits?: RateLimits;
  /** TRUST_PROXY: whose X-Forwarded-For sets `request.ip`; null believes no proxy. */
  trustProxy?: TrustProxy | null;
  timeouts?: Timeouts;
  /** The CSRF plugin's view of who is signed in and of form tokens (the accounts feature's). */
  csrf: Omit<CsrfDeps, 'publicUrl'>;
}

const DEFAULT_RATE_LIMITS: RateLimits = { apiPerMinute: 1200, costlyPerMinute: 30 };

/** Without encapsulation (fastify-plugin), so that the plugin's hooks apply to every route. */
function appWide(plugin: FastifyPluginAsync): FastifyPluginAsync {
  return fp(plugin);
}

/** Answers without a Cache-Control of their own are never stored (account data, CSRF tokens…). */
const noStoreByDefault: FastifyPluginAsync = async (app) => {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
};

const STATIC_DIR = join(fileURLToPath(new URL('.', import.meta.url)), 'static');

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const timeouts = createTimeouts(deps.timeouts ?? { requestMs: 60_000, idleMs: 60_000 });
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: trustFunction(deps.trustProxy ?? null),
    ...timeouts.serverOptions,
    // One line per request is noise at this volume; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: true, useDefaults: true } },
  });
  const onRoute = deps.onRoute;
  if (onRoute)
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) onRoute(method, route.url);
    });
  app.decorate('publicUrl', deps.publicUrl);
  app.decorate('timeZone', deps.timeZone ?? 'UTC');
  const identity = deps.identity ?? DEFAULT_IDENTITY;
  app.decorate('identity', {
    getter: typeof identity === 'function' ? identity : () => identity,
  });
  app.decorateRequest('pageExtras', undefined);

  const headers = securityHeaders(deps.publicUrl);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  // The kit's guards, in order: before any feature hook sees the request. Extend the list here.
  const guards: FastifyPluginAsync[] = [
    allowedHosts(deps.publicUrl),
    controlCharacters,
    timeouts.plugin,
    noStoreByDefault,
  ];
  for (const plugin of guards) await app.register(appWide(plugin));
  await app.register(cookie, { secret: deps.cookieSecret });
  await app.register(formbody);
  // Before any route, so that every costly route gets its limit.
  const apiLimit = await registerRateLimits(app, deps.rateLimits ?? DEFAULT_RATE_LIMITS);
  for (const plugin of deps.globalPlugins ?? []) await app.register(appWide(plugin));
  // After the features' hooks: it needs to know whether an API token authenticates the request.
  await app.register(appWide(csrfProtection({ ...deps.csrf, publicUrl: deps.publicUrl })));
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Broadcast Portal API', version: '1' },
      servers: [{ url: deps.publicUrl }],
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'portal_session',
            description: 'The session cookie set by sign-in (`__Host-portal_session` over https).',
          },
          apiToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token (`bp_…`) from the profile page or `POST /api/v1/account/tokens`.',
          },
        },
      },
      // Public routes need neither; the others say 401 when both are missing.
      security: [{}, { session: [] }, { apiToken: [] }],
    },
  });
  installErrorHandlers(app);

  await app.register(fastifyStatic, {
    root: STATIC_DIR,
    prefix: '/static/',
    maxAge: '1h',
  });
  for (const plugin of deps.routes?.files ?? []) await app.register(plugin);

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const lang = negotiateLanguage(request.headers['accept-language']);
    return reply.header('vary', 'Accept-Language').redirect(`/${lang}/`, 302);
  });
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) =>
    deps.isReady() ? { status: 'ready' } : reply.code(503).send({ status: 'starting' }),
  );

  for (const lang of ['fr', 'en'] as const) {
    await app.register(
      async (scoped) => {
        for (const plugin of deps.routes?.pages ?? []) await scoped.register(plugin);
      },
      { prefix: `/${lang}` },
    );
  }
  await app.register(
    async (api) => {
      if (apiLimit) api.addHook('onRequest', apiLimit);
      for (const plugin of deps.routes?.api ?? []) await api.register(plugin);
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api/v1' },
  );
  for (const plugin of deps.routes?.root ?? []) await app.register(plugin);
  return app;
}
