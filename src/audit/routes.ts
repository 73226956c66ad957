/**
 * The audit log over HTTP, admins only: `GET /api/v1/admin/audit?since=&actor=&action=&limit=`
 * (`{items:[{at, actor, action, target}], total}`; with `since`, the entries after it, oldest first)
 * and the page `GET /{lang}/admin/audit?actor=&action=&from=&to=&page=`. Bad filters: 422 naming each
 * field (API), the page with its errors (400).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AnyDb } from '../platform/db/schema.ts';
import { apiErrorSchema, sendInvalidFields } from '../web/errors.ts';
import { type MessageKey, translator } from '../web/i18n/index.ts';
import { layout } from '../web/layout.ts';
import { pageContext } from '../web/page-context.ts';
import { requestLang } from '../web/request-lang.ts';
import { fieldErrorSchema, nullable, partial, Type, typed } from '../web/schemas.ts';
import { adminPageAllowed, apiAdmin } from './access.ts';
import { type AuditFieldErrors, PAGE_SIZE, parseAuditQuery, type Raw } from './query.ts';
import { auditActors, listAuditEntries } from './store.ts';
import { AUDIT_HEAD, auditView } from './views.ts';

const entrySchema = partial({
  at: Type.String({ format: 'date-time' }),
  actor: partial(
    { id: nullable(Type.String()), name: Type.String() },
    { description: 'id null: the portal itself (scheduled publication)' },
  ),
  action: Type.String({ description: '<area>.<verb>, e.g. story.publish' }),
  target: partial({ kind: Type.String(), id: Type.String(), label: Type.String() }),
});

export function fieldMessages(lang: 'fr' | 'en', errors: AuditFieldErrors): Record<string, string> {
  const t = translator(lang);
  return Object.fromEntries(
    Object.entries(errors).map(([field, code]) => [
      field,
      `${t(`audit.field.${field}` as MessageKey)} : ${t(`audit.code.${code}` as MessageKey)}`,
    ]),
  );
}

export function auditRoutes(deps: { db: AnyDb; timeZone: string }) {
  const api: FastifyPluginAsync = async (plugin) => {
    const app = typed(plugin);
    app.get(
      '/admin/audit',
      {
        schema: {
          summary:
            'The audit log (admins): editorial actions, newest first; with `since`, those after it, oldest first',
          tags: ['admin'],
          querystring: partial({
            since: Type.String({ description: 'ISO 8601 instant with offset' }),
            actor: Type.String({ description: 'an account id' }),
            action: Type.String({ description: 'an action (story.publish) or an area (story)' }),
            limit: Type.String({ description: '1–500, default 100' }),
            page: Type.String(),
          }),
          response: {
            200: partial({ items: Type.Array(entrySchema), total: Type.Integer() }),
            401: apiErrorSchema,
            403: apiErrorSchema,
            422: fieldErrorSchema,
          },
        },
      },
      async (request, reply) => {
        apiAdmin(request);
        const parsed = parseAuditQuery(request.query, { limit: 100 });
        if (!parsed.ok) {
          const lang = requestLang(request);
          const messages = fieldMessages(lang, parsed.errors);
          return sendInvalidFields(reply, {
            message: translator(lang)('audit.invalid', { detail: Object.values(messages).join(' ') }),
            fields: parsed.errors,
            messages,
          });
        }
        const { items, total } = await listAuditEntries(deps.db, parsed.query);
        return {
          total,
          items: items.map((e) => ({
            at: e.at.toISOString(),
            actor: e.actor,
            action: e.action,
            target: e.target,
          })),
        };
      },
    );
  };

  const pages: FastifyPluginAsync = async (app) => {
    app.get(
      '/admin/audit',
      { schema: { hide: true } },
      async (request: FastifyRequest, reply: FastifyReply) => {
        if (!adminPageAllowed(request, reply)) return reply;
        const raw = request.query as Raw;
        const filters = {
          actor: typeof raw.actor === 'string' ? raw.actor : '',
          action: typeof raw.action === 'string' ? raw.action : '',
          from: typeof raw.from === 'string' ? raw.from : '',
          to: typeof raw.to === 'string' ? raw.to : '',
        };
        // The page pages by number; `since` and `limit` are the API's.
        const parsed = parseAuditQuery({ ...filters, page: raw.page }, { limit: PAGE_SIZE });
        const result = parsed.ok ? await listAuditEntries(deps.db, parsed.query) : { items: [], total: 0 };
        const actors = await auditActors(deps.db);
        const ctx = pageContext(request);
        return reply
          .code(parsed.ok ? 200 : 400)
          .header('cache-control', 'no-store')
          .type('text/html; charset=utf-8')
          .send(
            layout(
              ctx,
              { title: ctx.t('audit.title'), head: AUDIT_HEAD },
              auditView(ctx, {
                entries: result.items,
                total: result.total,
                page: parsed.ok ? parsed.page : 1,
                pageSize: PAGE_SIZE,
                actors,
                filters,
                errors: parsed.ok ? {} : parsed.errors,
                timeZone: deps.timeZone,
              }),
            ),
          );
      },
    );
  };
  return { api, pages };
}
