/**
 * How long a client may take: the whole request (headers and body) must arrive within REQUEST_TIMEOUT
 * (the headers alone within 30 s at most), and a connection silent for IDLE_TIMEOUT is closed. Both
 * are Node's own HTTP server timeouts, set through Fastify. A route that streams a large body (the tus
 * PATCH of a master: hours over a slow line) declares `config: { streamingBody: true }`: it is exempt
 * from the request timeout and bounded by the idle timeout alone (no byte for IDLE_TIMEOUT: cut off).
 * The exemption works through the 'clientError' event by which Node reports an expired request: for a
 * connection whose current request is a streaming one, the report is ignored (Node drops a reported
 * connection from its expiry list, so it is not reported again); any other gets 408 and is closed.
 */
import type { ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyPluginAsync, FastifyServerOptions } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route streams a large request body: the idle timeout bounds it, not the request timeout. */
    streamingBody?: boolean;
  }
}

export interface Timeouts {
  requestMs: number;
  idleMs: number;
}

const HEADERS_MAX_MS = 30_000;

export function createTimeouts(timeouts: Timeouts): {
  serverOptions: Pick<FastifyServerOptions, 'requestTimeout' | 'connectionTimeout' | 'clientErrorHandler'> & {
    http: ServerOptions;
  };
  plugin: FastifyPluginAsync;
} {
  /** Connections whose request in progress streams its body. */
  const streaming = new WeakSet<Socket>();
  const headersMs = Math.min(timeouts.requestMs, HEADERS_MAX_MS);
  // Node looks for expired requests every `connectionsCheckingInterval`: often enough to be exact.
  const checkMs = Math.max(100, Math.min(1000, Math.floor(headersMs / 4)));

  return {
    serverOptions: {
      requestTimeout: timeouts.requestMs,
      connectionTimeout: timeouts.idleMs,
      http: {
        requestTimeout: timeouts.requestMs,
        headersTimeout: headersMs,
        connectionsCheckingInterval: checkMs,
      },
      clientErrorHandler(error, socket) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ERR_HTTP_REQUEST_TIMEOUT' && streaming.has(socket as Socket)) return;
        if (code === 'ECONNRESET' || socket.destroyed) return;
        const [status, text] =
          code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? ['408 Request Timeout', 'request_timeout']
            : code === 'HPE_HEADER_OVERFLOW'
              ? ['431 Request Header Fields Too Large', 'header_overflow']
              : ['400 Bad Request', 'bad_request'];
        const body = JSON.stringify({ error: { code: text, message: status.slice(4) } });
        if (socket.writable && (socket as Socket).bytesWritten === 0) {
          socket.write(
            `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
          );
        }
        socket.destroy();
      },
    },
    plugin: async (app) => {
      app.addHook('onRequest', async (request, reply) => {
        if (!request.routeOptions.config?.streamingBody) return;
        const socket = request.raw.socket;
        streaming.add(socket);
        reply.raw.once('close', () => streaming.delete(socket));
      });
    },
  };
}
