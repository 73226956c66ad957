/**
 * The audit feature assembled: `record` (what every feature calls, through the composition root or
 * audit/public.ts), the admins' API and page. The composition root creates one.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AnyDb } from '../platform/db/schema.ts';
import { type AuditEntryInput, auditRow } from './actions.ts';
import { auditRoutes } from './routes.ts';
import { insertAuditEntry, listAuditEntries } from './store.ts';
import './messages.ts';

export interface AuditOptions {
  db: AnyDb;
  clock?: () => Date;
  /** The portal's time zone (TZ_DEFAULT): the page shows times in it, naming it. */
  timeZone: string;
}

/**
 * Records one action. With `within` (the caller's Kysely transaction) the entry is written in that
 * transaction: it exists exactly when the action does. Without it, it is written at once on its own.
 */
export type AuditRecord = (entry: AuditEntryInput, options?: { within?: AnyDb }) => Promise<void>;

export function createAudit(options: AuditOptions) {
  const now = () => options.clock?.() ?? new Date();
  const record: AuditRecord = async (entry, recordOptions = {}) => {
    await insertAuditEntry(recordOptions.within ?? options.db, auditRow(entry, now()));
  };
  const routes = auditRoutes({ db: options.db, timeZone: options.timeZone });
  return {
    record,
    list: (query: Parameters<typeof listAuditEntries>[1]) => listAuditEntries(options.db, query),
    api: routes.api as FastifyPluginAsync,
    pages: routes.pages as FastifyPluginAsync,
  };
}

export type Audit = ReturnType<typeof createAudit>;
