/**
 * The photos feature's view of the database: its own table only, so that a query naming another
 * feature's table does not compile. Public functions take any feature's handle and narrow it here.
 */
import type { Kysely } from 'kysely';
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { PhotosTables } from './tables.ts';

export type PhotosDb = Kysely<PhotosTables>;

export function photosDb(db: AnyDb): PhotosDb {
  return featureDb<PhotosTables>(db);
}
