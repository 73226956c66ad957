/** Loopback-only operator endpoints that `portal` commands call while the portal runs. */
import type { FastifyPluginAsync } from 'fastify';
import { tokenMatches } from '../../platform/operator-channel.ts';

export interface OperatorDeps {
  token: string;
  seedDemo: () => Promise<string[]>;
  /** `portal ingest`: queue a master already on this machine. */
  ingest: (input: {
    path: string;
    title?: string;
    story?: string;
  }) => Promise<{ id: string; status: string }>;
  /** `portal ingest --wait`: where a video's ingest stands (null for an unknown id). */
  videoState?: (id: string) => Promise<{ status: string; progress: number; error: string | null } | null>;
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
      const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '');
      if (!loopback || !tokenMatches(deps.token, request.headers.authorization)) {
        return reply.code(403).send({ error: { code: 'forbidden', message: 'operator token required' } });
      }
    });
    app.post('/_operator/demo', { schema: { hide: true } }, async () => ({ videos: await deps.seedDemo() }));
    app.post<{ Body: { path: string; title?: string; story?: string } }>(
      '/_operator/ingest',
      {
        schema: {
          hide: true,
          body: {
            type: 'object',
            required: ['path'],
            properties: {
              path: { type: 'string', minLength: 1, maxLength: 4096 },
              title: { type: 'string', maxLength: 300 },
              story: { type: 'string', maxLength: 200 },
            },
          },
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
    const videoState = deps.videoState;
    if (videoState) {
      app.post<{ Body: { id: string } }>(
        '/_operator/videos/state',
        {
          schema: {
            hide: true,
            body: {
              type: 'object',
              required: ['id'],
              properties: { id: { type: 'string', minLength: 1, maxLength: 100 } },
            },
          },
        },
        async (request, reply) => {
          const state = await videoState(request.body.id);
          if (!state) return reply.code(404).send({ error: { code: 'not_found', message: 'no such video' } });
          return state;
        },
      );
    }
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
