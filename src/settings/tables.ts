/** The settings feature's table (migration 2000_portal_settings): one row, the stored values. */
import type { ColumnType } from 'kysely';

export interface PortalSettingsTable {
  /** Always 1: the portal has one set of settings. */
  id: ColumnType<number, never, never>;
  /** The stored values as JSON text (values.ts: `StoredSettings`). */
  body: string;
  /** Incremented by every write (optimistic concurrency: `If-Match`, the page's hidden field). */
  revision: number;
  updated_at: ColumnType<Date | null, Date | string, Date | string>;
  /** The admin who last wrote (display name), for the page. */
  updated_by: string | null;
}

export interface SettingsTables {
  portal_settings: PortalSettingsTable;
}

declare module '../platform/db/schema.ts' {
  interface Database extends SettingsTables {}
}
