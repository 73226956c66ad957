/**
 * API tokens (`Authorization: Bearer bp_…`) for scripts that download without a browser session.
 * Only the SHA-256 of a token is stored (`token_hash`, unique: the lookup key), with a short display
 * prefix so the owner can tell tokens apart. Revoked tokens keep their row (`revoked_at`) for the
 * record; they no longer authenticate. Types in src/accounts/tables.ts.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations work on any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 80`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique().check(sql`token_hash ~ '^[0-9a-f]{64}$'`))
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  // The profile lists, and the per-user limit counts, a user's active tokens.
  await db.schema
    .createIndex('api_tokens_user_active')
    .on('api_tokens')
    .columns(['user_id', 'created_at'])
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations work on any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_tokens').ifExists().execute();
}
