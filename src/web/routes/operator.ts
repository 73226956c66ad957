/**
 * The operator endpoints that `portal` commands call while the portal runs. They are served only on
 * the operator socket (src/web/operator-server.ts), never on the public port, and each call needs the
 * operator token too.
 */
import type { FastifyPluginAsync } from 'fastify';
import { tokenMatches } from '../../platform/operator-channel.ts';
import { Type, typed } from '../schemas.ts';

export interface OperatorDeps {
  token: string;
  seedDemo: () => Promise<string[]>;
  /** `portal ingest`: queue a master already on this machine. */
  ingest: (input: {
    path: string;
    title?: string;
    story?: string;
  }) => Promise<{ id: string; status: string }>;
  /** `portal ingest --wait`: where a video stands. */
  videoStatus: (id: string) => Promise<{ status: string; progress: number; error: string | null } | null>;
  /** `portal search reindex`: rebuild the search index. */
  reindexSearch?: () => Promise<{ documents: number }>;
  /** `portal users create`; throws an error whose message is shown to the operator. */
  createUser?: (input: {
    email: string;
    password: string;
    role?: string;
    verified?: boolean;
  }) => Promise<unknown>;
}

export function operatorRoutes(deps: OperatorDeps): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      if (!tokenMatches(deps.token, request.headers.authorization)) {
        return reply.code(403).send({ error: { code: 'forbidden', message: 'operator token required' } });
      }
    });
    app.post('/_operator/demo', { schema: { hide: true } }, async () => ({ videos: await deps.seedDemo() }));
    typed(app).post(
      '/_operator/ingest',
      {
        schema: {
          hide: true,
          body: Type.Object({
            path: Type.String({ minLength: 1, maxLength: 4096 }),
            title: Type.Optional(Type.String({ maxLength: 300 })),
            story: Type.Optional(Type.String({ maxLength: 200 })),
          }),
        },
      },
      async (request, reply) => {
        try {
          return await deps.ingest(request.body);
        } catch (error) {
          const code = (error as { code?: string }).code ?? 'invalid';
          return reply.code(400).send({ error: { code, message: (error as Error).message } });
        }
      },
    );
    typed(app).post(
      '/_operator/videos/status',
      { schema: { hide: true, body: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }) } },
      async (request, reply) => {
        const state = await deps.videoStatus(request.body.id);
        return state ?? reply.code(404).send({ error: { code: 'not_found', message: 'no such video' } });
      },
    );
    const reindexSearch = deps.reindexSearch;
    if (reindexSearch)
      app.post('/_operator/search/reindex', { schema: { hide: true } }, () => reindexSearch());
    const createUser = deps.createUser;
    if (createUser) {
      app.post<{ Body: { email: string; password: string; role?: string; verified?: boolean } }>(
        '/_operator/users/create',
        { schema: { hide: true } },
        async (request, reply) => {
          try {
            return await createUser(request.body);
          } catch (error) {
            return reply.code(400).send({ error: { code: 'invalid', message: (error as Error).message } });
          }
        },
      );
    }
  };
}
