/**
 * Headers of an email preview (the back office frames it): the email's inline styles allowed, no
 * script, framed by the portal's own pages only, sandboxed. Overrides the kit's page headers.
 */
import type { FastifyReply } from 'fastify';

export function sendEmailPreview(reply: FastifyReply, markup: string): FastifyReply {
  return reply
    .header(
      'content-security-policy',
      "default-src 'none'; img-src 'self' https: http: data:; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox",
    )
    .header('x-frame-options', 'SAMEORIGIN')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(markup);
}
