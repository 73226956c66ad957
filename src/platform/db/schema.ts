/**
 * The whole database as Kysely sees it, for the composition root and the migrator only. Each feature
 * declares its own tables in `src/<feature>/tables.ts` and merges them into `Database` there
 * (`declare module '../platform/db/schema.ts' { interface Database extends ClipsTables {} }`); a
 * feature's own code works on a `Kysely` of its own tables (see `featureDb`), or on `TablelessDb` when
 * it owns none, so it cannot name another feature's table.
 */
import type { Kysely, Transaction } from 'kysely';

export interface OperatorTables {
  settings: { key: string; value: string };
}

/** All tables: the platform's own, plus every feature's by declaration merging. */
export interface Database extends OperatorTables {}

/**
 * A database of any tables, or a transaction on it: what a feature's public functions take from
 * another feature, which holds a `Kysely` of its own tables; they narrow it to their owner's tables
 * with `featureDb` (the same connection, typed narrower).
 */
// biome-ignore lint/suspicious/noExplicitAny: any feature's Kysely is accepted, then narrowed.
export type AnyDb = Kysely<any> | Transaction<any>;

/**
 * The portal's database seen through one feature's tables. Kysely's type is invariant in its schema,
 * so the narrowing is a cast; it is safe because the feature's tables are part of `Database`.
 */
export function featureDb<Tables>(db: AnyDb): Kysely<Tables> {
  return db as Kysely<Tables>;
}

/** No table at all: what a feature that owns none holds (newsroom, admin, back office). */
export type NoTables = Record<never, never>;

/**
 * The handle of a feature that owns no table: it names none (any query is a compile error) and is
 * passed on, or run in a transaction, for the owners' public functions.
 */
export type TablelessDb = Kysely<NoTables>;

export function tablelessDb(db: AnyDb): TablelessDb {
  return featureDb<NoTables>(db);
}
