import type { Kysely } from 'kysely';

/**
 * The time zone a signed-in visitor reads dates and times in (account settings, issue 15): an IANA
 * name; null keeps the portal's (TZ_DEFAULT).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('time_zone', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('time_zone').execute();
}
