/** The newsletter's view of the database: its own tables only (see src/platform/db/schema.ts). */
import type { Kysely } from 'kysely';
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { NewsletterTables } from './tables.ts';

export type NewsletterDb = Kysely<NewsletterTables>;

export function newsletterDb(db: AnyDb): NewsletterDb {
  return featureDb<NewsletterTables>(db);
}
