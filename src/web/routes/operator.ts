/** Loopback-only operator endpoints that `portal` commands call while the portal runs. */
import type { FastifyPluginAsync } from 'fastify';
import { tokenMatches } from '../../platform/operator-channel.ts';

export interface OperatorDeps {
  token: string;
  seedDemo: () => Promise<string[]>;
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
  };
}
