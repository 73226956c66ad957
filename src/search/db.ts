/**
 * The search feature's view of the database: its own tables only (index, vocabulary, saved
 * searches), so that a query naming another feature's table does not compile. What it shows of
 * stories and videos comes from the owners' public read functions, which take this handle.
 */
import type { Kysely } from 'kysely';
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { SearchTables } from './tables.ts';

export type SearchDb = Kysely<SearchTables>;

export function searchDb(db: AnyDb): SearchDb {
  return featureDb<SearchTables>(db);
}
