/**
 * Request rate limits, registered once for the whole app (@fastify/rate-limit, in memory per process):
 * a general per-minute limit on every /api/v1 route, and a stricter one on routes that start costly
 * work (`config: { costly: true }`: clip requests, API and form). Each counts per signed-in user, else
 * per client address (clientKey: the IPv4 address or the IPv6 /64), so one user behind a shared
 * address does not spend the others' share. Beyond it: 429 with Retry-After and the API error shape
 * (`rate_limited`), or an error page for a form, in the request's language. A limit of 0 turns it off.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { clientKey } from './client-key.ts';
import { HttpError } from './errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Requests that start expensive work (a clip job): the stricter per-minute limit. */
    costly?: boolean;
  }
}

export interface RateLimits {
  /** Requests per minute to /api/v1 per user or address. */
  apiPerMinute: number;
  /** Requests per minute to costly routes per user or address. */
  costlyPerMinute: number;
}

const WINDOW_MS = 60_000;

/** Who a request is counted for: the signed-in user (session or API token), else its address. */
export function rateKey(request: FastifyRequest): string {
  const auth = request.auth;
  if (auth && !auth.pending) return `user:${auth.user.id}`;
  return `ip:${clientKey(request.ip)}`;
}

/** Registers the plugin; returns the hook of the general API limit (null when turned off). */
export async function registerRateLimits(
  app: FastifyInstance,
  limits: RateLimits,
): Promise<onRequestAsyncHookHandler | null> {
  // Not global: the limits below are attached where they apply, each with its own counters.
  await app.register(rateLimit, { global: false });
  const limiter = (max: number): onRequestAsyncHookHandler | null => {
    if (max <= 0) return null;
    const check = app.createRateLimit({ max, timeWindow: WINDOW_MS, keyGenerator: rateKey });
    return async (request, reply) => {
      const result = await check(request);
      if (result.isAllowed || !result.isExceeded) return;
      const seconds = Math.max(1, result.ttlInSeconds);
      reply.header('retry-after', String(seconds));
      throw new HttpError(429, 'rate_limited', 'error.rateLimited', { seconds });
    };
  };
  const costly = limiter(limits.costlyPerMinute);
  if (costly) {
    // Every route added from now on (the features' routes come later) that says it is costly.
    app.addHook('onRoute', (route) => {
      if (!route.config?.costly) return;
      const existing = route.onRequest;
      route.onRequest = [...(existing ? (Array.isArray(existing) ? existing : [existing]) : []), costly];
    });
  }
  return limiter(limits.apiPerMinute);
}
