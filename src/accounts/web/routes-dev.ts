/** /dev/outbox: the embedded outbox's messages, only when the portal runs with NODE_ENV=development. */
import type { FastifyPluginAsync } from 'fastify';
import { listOutbox, readOutboxMessage } from '../../platform/mail/index.ts';
import { html } from '../../web/html.ts';

export function devOutboxRoutes(dataDir: string): FastifyPluginAsync {
  return async (app) => {
    app.get('/dev/outbox', { schema: { hide: true } }, async (_request, reply) => {
      const entries = await listOutbox(dataDir, { limit: 50 });
      const page = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Outbox (development)</title>
<link rel="stylesheet" href="/static/site.css"></head><body><main class="wrap"><h1>Outbox (development)</h1>
${entries.length === 0 ? html`<p>No messages.</p>` : ''}
<ul>${entries.map((e) => html`<li><a href="/dev/outbox/${e.id}">${e.createdAt} · ${e.to} · ${e.subject}</a></li>`)}</ul></main></body></html>`;
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value);
    });
    app.get<{ Params: { id: string } }>(
      '/dev/outbox/:id',
      { schema: { hide: true } },
      async (request, reply) => {
        const entry = await readOutboxMessage(dataDir, request.params.id);
        if (!entry) return reply.code(404).send({ error: { code: 'not_found', message: 'no such message' } });
        const page = html`<!doctype html><html lang="${entry.language}"><head><meta charset="utf-8"><title>${entry.subject}</title>
<link rel="stylesheet" href="/static/site.css"></head><body><main class="wrap"><p><a href="/dev/outbox">Outbox</a></p>
<h1>${entry.subject}</h1><p>To: ${entry.to} · ${entry.createdAt}</p><pre>${entry.text}</pre></main></body></html>`;
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value);
      },
    );
  };
}
