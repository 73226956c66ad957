/**
 * What the users' API and pages share: the audit hook of a change (written in the change's own
 * transaction), field error wording, the list query from a query string.
 */
import type { AdminHook, Role } from '../accounts/public.ts';
import { isRole } from '../accounts/public.ts';
import type { AuditActor, AuditRecord } from '../audit/public.ts';
import type { MessageKey, Translator } from '../web/i18n/index.ts';

export type FieldErrors = Record<string, string>;

/** Records each change (`user.role`, `user.disable`, `user.enable`, `user.delete`) with the account's email. */
export function auditHook(record: AuditRecord, actor: AuditActor): AdminHook {
  return async (trx, event) => {
    for (const change of event.changes)
      await record(
        {
          actor,
          action: `user.${change}`,
          target: { kind: 'user', id: event.before.id, label: event.before.email },
        },
        { within: trx },
      );
  };
}

export function fieldMessage(t: Translator, field: string, code: string): string {
  const key = field === 'role' && code === 'invalid' ? 'invalid_role' : code;
  return `${t(`admin.field.${field}` as MessageKey)} : ${t(`admin.code.${key}` as MessageKey)}`;
}

export function fieldMessages(t: Translator, errors: FieldErrors): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([f, c]) => [f, fieldMessage(t, f, c)]));
}

export interface ListQuery {
  q?: string;
  role?: Role;
  page: number;
  perPage?: number;
}

export const MAX_PER_PAGE = 100;

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);

export function parseListQuery(
  raw: Record<string, unknown>,
): { ok: true; query: ListQuery } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const query: ListQuery = { page: 1 };
  const q = one(raw.q);
  if (typeof q === 'string' && q.trim() !== '') {
    if (q.length > 200) errors.q = 'too_long';
    else query.q = q.trim();
  }
  const role = one(raw.role);
  if (typeof role === 'string' && role !== '') {
    if (isRole(role)) query.role = role;
    else errors.role = 'invalid';
  }
  const page = one(raw.page);
  if (typeof page === 'string' && page !== '') {
    if (/^\d{1,6}$/.test(page) && Number(page) >= 1) query.page = Number(page);
    else errors.page = 'invalid';
  }
  const perPage = one(raw.perPage);
  if (typeof perPage === 'string' && perPage !== '') {
    if (/^\d{1,3}$/.test(perPage) && Number(perPage) >= 1 && Number(perPage) <= MAX_PER_PAGE)
      query.perPage = Number(perPage);
    else errors.perPage = 'invalid';
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, query };
}
