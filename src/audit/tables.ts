/** The audit feature's table (migration 1550_people_audit): one row per editorial action. */
import type { ColumnType, Generated } from 'kysely';

export interface AuditLogTable {
  /** bigserial: node-postgres returns it as a string, PGlite as a number. */
  id: Generated<string | number>;
  at: ColumnType<Date, Date | string, never>;
  /** The acting account's id; null for the portal itself (the scheduler). Kept after deletion. */
  actor_id: string | null;
  /** The actor's name when the action was done (the record stays readable after a deletion). */
  actor_name: string;
  /** `<area>.<verb>`, e.g. `story.publish` (actions.ts lists the known ones). */
  action: string;
  target_kind: string;
  target_id: string;
  /** What the target was called then (a story's title, a user's email). */
  target_label: Generated<string>;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}

declare module '../platform/db/schema.ts' {
  interface Database extends AuditTables {}
}
