/**
 * The one thing other features read of accounts' tables, through accounts/public.ts: the email
 * address of each of some users (the downloads history shows who downloaded). Takes the caller's
 * database handle and narrows it to the accounts tables.
 */
import { type AnyDb, featureDb } from '../../platform/db/schema.ts';
import type { AccountsTables } from '../tables.ts';

/** user id -> email, for the users among `ids` that exist. */
export async function userEmails(db: AnyDb, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await featureDb<AccountsTables>(db)
    .selectFrom('users')
    .select(['id', 'email'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r.email]));
}
