/**
 * The downloads feature's view of the database: its own tables only, so that a query naming another
 * feature's table does not compile. Functions that other features call take any feature's handle
 * and narrow it here.
 */
import type { Kysely } from 'kysely';
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { DownloadsTables } from './tables.ts';

export type DownloadsDb = Kysely<DownloadsTables>;

export function downloadsDb(db: AnyDb): DownloadsDb {
  return featureDb<DownloadsTables>(db);
}
