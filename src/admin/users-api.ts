/**
 * User management API (admins only; API.md, Newsroom): `GET /admin/users?q=&role=&page=`,
 * `PATCH /admin/users/{id}` (`role`, `disabled`), `DELETE /admin/users/{id}`. Bad fields: 422 naming
 * each one in the request's language; the last admin who can act: 409 `last_admin`.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AdminOutcome, AdminUserService } from '../accounts/public.ts';
import { ROLES } from '../accounts/public.ts';
import { type AuditRecord, apiAdmin, auditActorOf } from '../audit/public.ts';
import { apiErrorSchema, HttpError, sendInvalidFields } from '../web/errors.ts';
import { translator } from '../web/i18n/index.ts';
import { requestLang } from '../web/request-lang.ts';
import { fieldErrorSchema, noContent, nullable, partial, stringEnum, Type, typed } from '../web/schemas.ts';
import { auditHook, type FieldErrors, fieldMessages, parseListQuery } from './users-common.ts';

const userSchema = partial({
  id: Type.String(),
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  organisation: Type.String(),
  role: stringEnum(ROLES),
  disabled: Type.Boolean(),
  disabledAt: nullable(Type.String()),
  verified: Type.Boolean(),
  createdAt: Type.String(),
});

const idParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const answers = {
  401: apiErrorSchema,
  403: apiErrorSchema,
  404: apiErrorSchema,
  409: apiErrorSchema,
  422: fieldErrorSchema,
};

function sendInvalid(request: FastifyRequest, reply: FastifyReply, errors: FieldErrors) {
  const t = translator(requestLang(request));
  const messages = fieldMessages(t, errors);
  return sendInvalidFields(reply, {
    message: t('admin.invalid', { detail: Object.values(messages).join(' ; ') }),
    fields: errors,
    messages,
  });
}

function refuse(outcome: Exclude<AdminOutcome, { kind: 'ok' | 'deleted' | 'invalid' }>): never {
  if (outcome.kind === 'not_found') throw new HttpError(404, 'not_found', 'admin.error.notFound');
  throw new HttpError(409, 'last_admin', 'admin.error.lastAdmin');
}

export function usersApi(deps: { users: AdminUserService; record: AuditRecord }): FastifyPluginAsync {
  const { users } = deps;
  return async (plugin) => {
    const app = typed(plugin);
    app.get(
      '/admin/users',
      {
        schema: {
          summary: 'Accounts (admins): search by email or name, filter by role, paged (25 a page by default)',
          tags: ['admin'],
          querystring: partial({
            q: Type.String({ description: 'part of the email or name' }),
            role: Type.String({ description: 'journalist, editor or admin' }),
            page: Type.String({ description: '1, 2, …' }),
            perPage: Type.String({ description: '1–100, default 25' }),
          }),
          response: {
            200: partial({
              items: Type.Array(userSchema),
              total: Type.Integer(),
              page: Type.Integer(),
              perPage: Type.Integer(),
            }),
            ...answers,
          },
        },
      },
      async (request, reply) => {
        apiAdmin(request);
        const parsed = parseListQuery(request.query);
        if (!parsed.ok) return sendInvalid(request, reply, parsed.errors);
        return users.list(parsed.query);
      },
    );

    app.patch(
      '/admin/users/:id',
      {
        attachValidation: true,
        schema: {
          summary: 'Change an account’s role and/or disable it (admins); never the last active admin',
          description:
            'role: journalist, editor or admin. disabled: true ends its sessions and revokes its API tokens at once; false lets it sign in again. 409 last_admin when the change would leave no active admin.',
          tags: ['admin'],
          params: idParams,
          body: partial(
            { role: stringEnum(ROLES), disabled: Type.Boolean() },
            { additionalProperties: false },
          ),
          response: { 200: userSchema, ...answers },
        },
      },
      async (request, reply) => {
        apiAdmin(request);
        const body = request.body;
        if (request.validationError || body === null || typeof body !== 'object') {
          // The service names each bad field (the schema only said that one is bad).
          const raw = (body ?? {}) as Record<string, unknown>;
          const errors: FieldErrors = {};
          for (const key of Object.keys(raw))
            if (key !== 'role' && key !== 'disabled') errors[key] = 'invalid';
          if (raw.role !== undefined && !(ROLES as readonly unknown[]).includes(raw.role))
            errors.role = 'invalid';
          if (raw.disabled !== undefined && typeof raw.disabled !== 'boolean') errors.disabled = 'invalid';
          return sendInvalid(request, reply, Object.keys(errors).length ? errors : { body: 'invalid' });
        }
        const outcome = await users.update(
          request.params.id,
          body,
          auditHook(deps.record, auditActorOf(request)),
        );
        if (outcome.kind === 'invalid') return sendInvalid(request, reply, outcome.errors);
        if (outcome.kind === 'ok' || outcome.kind === 'deleted') return outcome.user;
        return refuse(outcome);
      },
    );

    app.delete(
      '/admin/users/:id',
      {
        schema: {
          summary: 'Delete an account (admins); never the last active admin',
          description:
            'Deleted: the account, sessions, API tokens, codes. Kept: stories and videos, clips and download history (unlinked), audit entries (with the name).',
          tags: ['admin'],
          params: idParams,
          response: { 204: noContent, ...answers },
        },
      },
      async (request, reply) => {
        apiAdmin(request);
        const outcome = await users.remove(request.params.id, auditHook(deps.record, auditActorOf(request)));
        if (outcome.kind === 'deleted') return reply.code(204).send();
        if (outcome.kind === 'ok' || outcome.kind === 'invalid') throw new Error('unexpected outcome');
        return refuse(outcome);
      },
    );
  };
}
