/**
 * The catalogue's view of the database: its own tables only, so that a query naming another
 * feature's table does not compile. Public functions take any feature's handle and narrow it here.
 */
import type { Kysely } from 'kysely';
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { CatalogTables } from './tables.ts';

export type CatalogDb = Kysely<CatalogTables>;

export function catalogDb(db: AnyDb): CatalogDb {
  return featureDb<CatalogTables>(db);
}
