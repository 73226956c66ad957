/**
 * The accounts feature's view of the database: its own tables only (users, sessions, tokens, codes,
 * the security log, throttling), so that a query naming another feature's table does not compile.
 */
import type { Kysely } from 'kysely';
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { AccountsTables } from './tables.ts';

export type AccountsDb = Kysely<AccountsTables>;

export function accountsDb(db: AnyDb): AccountsDb {
  return featureDb<AccountsTables>(db);
}
