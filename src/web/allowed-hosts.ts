/**
 * The host names the portal answers under: PUBLIC_URL's, and the loopback names (localhost,
 * 127.0.0.0/8, [::1]) for local use, health checks on the machine and a proxy that forwards without
 * Host. Any other `Host` (or, from a trusted proxy, `X-Forwarded-Host`) gets 421 Misdirected Request
 * before any route runs: no page, link or redirect is ever built for a name the operator did not give
 * (Host header injection, DNS rebinding). Ports are not compared: a proxy may or may not forward one.
 * `/healthz` and `/readyz` answer under any name (orchestrators probe by the pod's address).
 */
import type { FastifyPluginAsync } from 'fastify';
import ipaddr from 'ipaddr.js';
import { HttpError } from './errors.ts';

/** The host name of a Host header value (`name`, `name:port`, `[v6]:port`), lowercased; null if bad. */
export function hostName(host: string): string | null {
  try {
    const url = new URL(`http://${host}`);
    return url.username || url.password || url.pathname !== '/' || url.search ? null : url.hostname;
  } catch {
    return null;
  }
}

export function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const bare = name.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return false;
  return ipaddr.process(bare).range() === 'loopback';
}

export function hostAllowed(publicUrl: string): (host: string | undefined) => boolean {
  const own = new URL(publicUrl).hostname;
  return (host) => {
    const name = host ? hostName(host) : null;
    return name !== null && (name === own || isLoopbackName(name));
  };
}

const ANY_HOST = new Set(['/healthz', '/readyz']);

export function allowedHosts(publicUrl: string): FastifyPluginAsync {
  const allowed = hostAllowed(publicUrl);
  return async (app) => {
    app.addHook('onRequest', async (request) => {
      if (ANY_HOST.has(request.url)) return;
      if (!allowed(request.host)) throw new HttpError(421, 'unknown_host', 'error.host');
    });
  };
}
