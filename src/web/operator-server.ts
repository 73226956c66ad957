/**
 * The operator channel's own small HTTP server on a Unix socket (mode 0600): the operator routes live
 * here and nowhere else, so the public port (and a reverse proxy in front of it) answers 404 for them
 * whatever the socket address of a request. The token is still checked by the routes.
 */
import { chmod } from 'node:fs/promises';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { type OperatorDeps, operatorRoutes } from './routes/operator.ts';

export async function startOperatorServer(
  socketPath: string,
  deps: OperatorDeps,
  logger: FastifyBaseLogger,
): Promise<FastifyInstance> {
  const server = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
  });
  await server.register(operatorRoutes(deps));
  await server.listen({ path: socketPath });
  try {
    await chmod(socketPath, 0o600);
  } catch (error) {
    await server.close();
    throw error;
  }
  return server;
}
