/**
 * The audit feature's public module: what other features may use of it (a feature imports another
 * only through this file). Features get the `record` function from the composition root (injected,
 * which avoids import cycles) and its types from here; `actorOf` names the request's user.
 */
import type { FastifyRequest } from 'fastify';
import type { AuditActor } from './actions.ts';

export { adminPageAllowed, apiAdmin } from './access.ts';
export type { AuditActor, AuditEntryInput, AuditTarget, KnownAction } from './actions.ts';
export type { AuditRecord } from './module.ts';

interface NamedUser {
  id: string | number;
  first_name?: string;
  last_name?: string;
  email?: string;
}

/** The request's signed-in user as an audit actor (`{id: null, name: '?'}` when nobody). */
export function auditActorOf(request: FastifyRequest): AuditActor {
  const user = request.auth?.user as unknown as NamedUser | undefined;
  if (!user) return { id: null, name: '?' };
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  return { id: String(user.id), name: name || user.email || String(user.id) };
}
