/**
 * The audit log's SQL: append one entry (in the caller's transaction when given one) and read entries
 * newest first, by actor, action, date range, or everything since an instant (the API's `since`).
 */
import type { Kysely } from 'kysely';
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { AuditTables } from './tables.ts';

const audit = (db: AnyDb) => featureDb<AuditTables>(db);

export interface AuditEntry {
  id: string;
  at: Date;
  actor: { id: string | null; name: string };
  action: string;
  target: { kind: string; id: string; label: string };
}

export interface AuditQuery {
  /** Entries strictly after this instant (oldest first then, for polling); otherwise newest first. */
  since?: Date;
  from?: Date;
  /** Entries before this instant (exclusive). */
  to?: Date;
  actorId?: string;
  /** An exact action (`story.publish`) or an area (`story`). */
  action?: string;
  limit: number;
  offset?: number;
}

export async function insertAuditEntry(
  db: AnyDb,
  row: {
    at: Date;
    actor_id: string | null;
    actor_name: string;
    action: string;
    target_kind: string;
    target_id: string;
    target_label: string;
  },
): Promise<void> {
  await audit(db).insertInto('audit_log').values(row).execute();
}

function filtered(db: Kysely<AuditTables>, q: AuditQuery) {
  let query = db.selectFrom('audit_log');
  if (q.since) query = query.where('at', '>', q.since);
  if (q.from) query = query.where('at', '>=', q.from);
  if (q.to) query = query.where('at', '<', q.to);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.action) {
    const action = q.action;
    query = action.includes('.')
      ? query.where('action', '=', action)
      : query.where('action', 'like', `${action.replace(/[%_\\]/g, '')}.%`);
  }
  return query;
}

export async function listAuditEntries(
  db: AnyDb,
  q: AuditQuery,
): Promise<{ items: AuditEntry[]; total: number }> {
  const base = filtered(audit(db), q);
  const direction = q.since ? 'asc' : 'desc';
  const rows = await base
    .selectAll()
    .orderBy('at', direction)
    .orderBy('id', direction)
    .limit(q.limit)
    .offset(q.offset ?? 0)
    .execute();
  const { total } = await base
    .select((eb) => eb.fn.countAll<string | number>().as('total'))
    .executeTakeFirstOrThrow();
  return {
    total: Number(total),
    items: rows.map((r) => ({
      id: String(r.id),
      at: new Date(r.at),
      actor: { id: r.actor_id, name: r.actor_name },
      action: r.action,
      target: { kind: r.target_kind, id: r.target_id, label: r.target_label },
    })),
  };
}

/** The actors seen in the log (for the page's filter), by name. */
export async function auditActors(db: AnyDb): Promise<{ id: string; name: string }[]> {
  const rows = await audit(db)
    .selectFrom('audit_log')
    .select(['actor_id', (eb) => eb.fn.max('actor_name').as('name')])
    .where('actor_id', 'is not', null)
    .groupBy('actor_id')
    .orderBy('name')
    .limit(500)
    .execute();
  return rows.map((r) => ({ id: r.actor_id ?? '', name: String(r.name) }));
}
