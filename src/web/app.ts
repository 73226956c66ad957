/**
 * The Fastify application: security headers, forms and cookies, rate limits, static files, language routing,
 * the catalogue pages and API, health endpoints and the OpenAPI document. Features plug their
 * routes in through `extraRoutes`.
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
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { installErrorHandlers } from './errors.ts';
import { negotiateLanguage } from './i18n/index.ts';
import { type RateLimits, registerRateLimits } from './rate-limits.ts';
import { catalogApi } from './routes/catalog-api.ts';
import { catalogPages } from './routes/catalog-pages.ts';
import { mediaFiles } from './routes/media-files.ts';
import { securityHeaders } from './security-headers.ts';

export interface AppDeps {
  db: Kysely<Database>;
  logger: FastifyBaseLogger;
  publicUrl: string;
  mediaDir: string;
  cookieSecret: string;
  /** True once the database and workers are up. */
  isReady: () => boolean;
  /** Feature route plugins: `pages` are mounted under /fr and /en, `api` under /api/v1, `root` at /. */
  extraRoutes?: { pages?: FastifyPluginAsync[]; api?: FastifyPluginAsync[]; root?: FastifyPluginAsync[] };
  /**
   * App-wide feature plugins (hooks and decorators that every route sees, e.g. the accounts session
   * loader), registered without encapsulation before any route.
   */
  globalPlugins?: FastifyPluginAsync[];
  /** Per-minute request limits (RATE_LIMIT_API, RATE_LIMIT_COSTLY); defaults when absent. */
  rateLimits?: RateLimits;
}

const DEFAULT_RATE_LIMITS: RateLimits = { apiPerMinute: 1200, costlyPerMinute: 30 };

const STATIC_DIR = join(fileURLToPath(new URL('.', import.meta.url)), 'static');

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: false,
    // One line per request is noise at this volume; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: true, useDefaults: true } },
  });
  app.decorate('publicUrl', deps.publicUrl);
  app.decorateRequest('pageExtras', undefined);

  const headers = securityHeaders(deps.publicUrl);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  await app.register(cookie, { secret: deps.cookieSecret });
  await app.register(formbody);
  // Before any route, so that every costly route gets its limit.
  const apiLimit = await registerRateLimits(app, deps.rateLimits ?? DEFAULT_RATE_LIMITS);
  for (const plugin of deps.globalPlugins ?? []) {
    // What fastify-plugin does: no encapsulation, so the hooks apply to every route.
    Object.assign(plugin, { [Symbol.for('skip-override')]: true });
    await app.register(plugin);
  }
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
  await app.register(mediaFiles(deps.mediaDir, deps.db));

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
        await scoped.register(catalogPages(deps.db));
        for (const plugin of deps.extraRoutes?.pages ?? []) await scoped.register(plugin);
      },
      { prefix: `/${lang}` },
    );
  }
  await app.register(
    async (api) => {
      if (apiLimit) api.addHook('onRequest', apiLimit);
      await api.register(catalogApi(deps.db));
      for (const plugin of deps.extraRoutes?.api ?? []) await api.register(plugin);
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api/v1' },
  );
  for (const plugin of deps.extraRoutes?.root ?? []) await app.register(plugin);
  return app;
}
