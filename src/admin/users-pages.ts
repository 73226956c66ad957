/**
 * User management pages (admins only): `GET /{lang}/admin/users?q=&role=&page=` (list, search, role
 * filter), `GET /{lang}/admin/users/{id}` (role, disable/enable, delete with what it removes and
 * keeps), `POST /{lang}/admin/users/{id}` (role and/or disabled), `POST …/{id}/delete` (needs the
 * confirmation box). Plain forms; CSRF by the web kit; errors in the page's language.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AdminUserService, WebAuth } from '../accounts/public.ts';
import { sendPage } from '../accounts/public.ts';
import { type AuditRecord, adminPageAllowed, auditActorOf } from '../audit/public.ts';
import { translator } from '../web/i18n/index.ts';
import { pageContext } from '../web/page-context.ts';
import { requestLang } from '../web/request-lang.ts';
import { type FormBody, formBody, type RequestWith, type Static, Type, typed } from '../web/schemas.ts';
import { auditHook, fieldMessages, parseListQuery } from './users-common.ts';
import { ADMIN_HEAD, roleText, usersView, userView } from './views.ts';

/** The id in these pages' paths and the forms they post: route types derived from the schemas. */
const idParams = Type.Object({ id: Type.String() });
const postedWithId = { schema: { hide: true, params: idParams, body: formBody } };

type IdRequest = RequestWith<Static<typeof idParams>, FormBody>;

export function usersPages(deps: {
  users: AdminUserService;
  record: AuditRecord;
  web: WebAuth;
}): FastifyPluginAsync {
  const { users, web } = deps;
  const hidden = { schema: { hide: true } };
  const selfId = (request: FastifyRequest) => String(request.auth?.user.id ?? '');

  const listPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    raw: Record<string, unknown>,
    messages: { notice?: string; error?: string } = {},
  ) => {
    const t = translator(requestLang(request));
    const parsed = parseListQuery(raw);
    const query = parsed.ok ? parsed.query : { page: 1 };
    const list = await users.list(query);
    const error = parsed.ok
      ? messages.error
      : t('admin.invalid', { detail: Object.values(fieldMessages(t, parsed.errors)).join(' ; ') });
    return sendPage(
      request,
      reply,
      (tr) => ({ title: tr('admin.users.title'), head: ADMIN_HEAD }),
      (ctx) =>
        usersView(ctx, {
          ...list,
          q: parsed.ok ? (parsed.query.q ?? '') : '',
          role: parsed.ok ? (parsed.query.role ?? '') : '',
          selfId: selfId(request),
          notice: messages.notice,
          error,
        }),
      parsed.ok ? 200 : 400,
    );
  };

  const userPage = async (
    request: IdRequest,
    reply: FastifyReply,
    messages: { notice?: string; error?: string } = {},
    status = 200,
  ) => {
    const user = await users.get(request.params.id);
    if (!user) return reply.callNotFound();
    const csrf = web.csrfToken(request, reply);
    return sendPage(
      request,
      reply,
      (t) => ({ title: t('admin.user.title', { email: user.email }), head: ADMIN_HEAD }),
      (ctx) => userView(ctx, { user, csrf, selfId: selfId(request), ...messages }),
      status,
    );
  };

  return async (app) => {
    app.get('/admin/users', hidden, async (request, reply) => {
      if (!adminPageAllowed(request, reply)) return reply;
      return listPage(request, reply, request.query as Record<string, unknown>);
    });

    app.get<{ Params: { id: string } }>('/admin/users/:id', hidden, async (request, reply) => {
      if (!adminPageAllowed(request, reply)) return reply;
      return userPage(request as IdRequest, reply);
    });

    typed(app).post('/admin/users/:id', postedWithId, async (request, reply) => {
      if (!adminPageAllowed(request, reply)) return reply;
      const t = translator(requestLang(request));
      const form = request.body ?? {};
      const input: Record<string, unknown> = {};
      if (form.role !== undefined) input.role = form.role;
      if (form.disabled !== undefined) input.disabled = form.disabled;
      const outcome = await users.update(
        request.params.id,
        input,
        auditHook(deps.record, auditActorOf(request)),
      );
      switch (outcome.kind) {
        case 'not_found':
          return reply.callNotFound();
        case 'invalid':
          return userPage(
            request,
            reply,
            {
              error: t('admin.invalid', {
                detail: Object.values(fieldMessages(t, outcome.errors)).join(' ; '),
              }),
            },
            422,
          );
        case 'last_admin':
          return userPage(request, reply, { error: t('admin.error.lastAdmin') }, 409);
        case 'ok': {
          const ctx = pageContext(request);
          const notice =
            outcome.changes.length === 0
              ? t('admin.user.saved.none')
              : outcome.changes
                  .map((c) =>
                    c === 'role'
                      ? t('admin.user.saved.role', { role: roleText(ctx, outcome.user.role) })
                      : t(`admin.user.saved.${c === 'disable' ? 'disable' : 'enable'}`),
                  )
                  .join(' ');
          return userPage(request, reply, { notice });
        }
        default:
          return reply.callNotFound();
      }
    });

    typed(app).post('/admin/users/:id/delete', postedWithId, async (request, reply) => {
      if (!adminPageAllowed(request, reply)) return reply;
      const t = translator(requestLang(request));
      if (request.body?.confirm !== 'yes') {
        if (!(await users.get(request.params.id))) return reply.callNotFound();
        return userPage(request, reply, { error: t('admin.error.confirm') }, 422);
      }
      const outcome = await users.remove(request.params.id, auditHook(deps.record, auditActorOf(request)));
      if (outcome.kind === 'last_admin')
        return userPage(request, reply, { error: t('admin.error.lastAdmin') }, 409);
      if (outcome.kind !== 'deleted') return reply.callNotFound();
      // The admin deleted their own account: their session went with it.
      if (outcome.user.id === selfId(request)) return reply.redirect(`/${requestLang(request)}/`, 303);
      return listPage(request, reply, {}, { notice: t('admin.user.deleted', { email: outcome.user.email }) });
    });
  };
}
