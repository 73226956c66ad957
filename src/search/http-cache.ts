/**
 * Conditional GET for generated public documents (feeds, sitemaps): a strong ETag from the body's
 * SHA-256, `Last-Modified` from the newest item, and 304 when the client's copy is current
 * (`If-None-Match` first, `If-Modified-Since` only without it, as RFC 9110 says).
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/** Pure: whether the request's validators match this representation. */
export function notModified(
  headers: { 'if-none-match'?: string; 'if-modified-since'?: string },
  etag: string,
  lastModified: Date,
): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) {
    if (inm.trim() === '*') return true;
    return inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
  }
  const ims = headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

/** Sends `body` with validators and caching headers, or 304 without a body. */
export function sendCacheable(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { body: string; type: string; lastModified: Date; maxAgeSeconds: number; private?: boolean },
): FastifyReply {
  const etag = etagOf(options.body);
  reply
    .header('etag', etag)
    .header('last-modified', options.lastModified.toUTCString())
    .header('cache-control', `${options.private ? 'private' : 'public'}, max-age=${options.maxAgeSeconds}`);
  if (notModified(request.headers as Record<string, string | undefined>, etag, options.lastModified))
    return reply.code(304).send();
  return reply.type(options.type).send(options.body);
}
