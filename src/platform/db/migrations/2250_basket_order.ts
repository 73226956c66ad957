import { type Kysely, sql } from 'kysely';

/**
 * The basket keeps the order in which items were added (src/basket/store.ts `items`). `created_at`
 * alone cannot: PGlite's clock has millisecond resolution, so two items added in the same millisecond
 * tied and the ZIP's numbering (01_, 02_…) followed their random ids. An identity column is the order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE basket_items ADD COLUMN position bigint GENERATED ALWAYS AS IDENTITY`.execute(db);
  await sql`DROP INDEX basket_items_user`.execute(db);
  await sql`CREATE INDEX basket_items_user ON basket_items (user_id, position)`.execute(db);
}
