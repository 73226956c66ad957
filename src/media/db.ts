/**
 * The media feature's view of the database: its own tables only, so that a query naming another
 * feature's table does not compile. Functions other features call take any feature's handle and
 * narrow it here.
 */
import type { Kysely } from 'kysely';
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { MediaTables } from './tables.ts';

export type MediaDb = Kysely<MediaTables>;

export function mediaDb(db: AnyDb): MediaDb {
  return featureDb<MediaTables>(db);
}
