/**
 * The basket's SQL: a user's items, newest last; adding one (the same selection twice is one item),
 * naming, removing, emptying. Every query is scoped to the user, so nobody reaches another's items.
 */
import type { Kysely } from 'kysely';
import { type AnyDb, featureDb } from '../platform/db/schema.ts';
import type { BasketItemRow, BasketTables } from './tables.ts';

/** Items one basket holds at most: a ZIP of more is better made in several goes. */
export const MAX_ITEMS = 20;
export const MAX_NAME = 120;

/** What may be put in the basket: a whole rendition, or a half-open frame range in a clip profile. */
export type NewItem =
  | { kind: 'video'; videoId: string; rendition: 'master' | 'web'; name: string }
  | {
      kind: 'clip';
      videoId: string;
      inFrame: number;
      outFrame: number;
      profile: 'broadcast' | 'web';
      name: string;
    };

export function createBasketStore(anyDb: AnyDb) {
  const db: Kysely<BasketTables> = featureDb<BasketTables>(anyDb);
  return {
    async items(userId: string): Promise<BasketItemRow[]> {
      return db
        .selectFrom('basket_items')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('position')
        .execute();
    },

    async count(userId: string): Promise<number> {
      const row = await db
        .selectFrom('basket_items')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** The item, added or already there; null when the basket is full. */
    async add(userId: string, item: NewItem): Promise<{ row: BasketItemRow; added: boolean } | null> {
      return db.transaction().execute(async (trx) => {
        const values = {
          user_id: userId,
          video_id: item.videoId,
          kind: item.kind,
          rendition: item.kind === 'video' ? item.rendition : null,
          in_frame: item.kind === 'clip' ? item.inFrame : null,
          out_frame: item.kind === 'clip' ? item.outFrame : null,
          profile: item.kind === 'clip' ? item.profile : null,
        };
        let existing = trx
          .selectFrom('basket_items')
          .selectAll()
          .where('user_id', '=', userId)
          .where('video_id', '=', item.videoId)
          .where('kind', '=', item.kind);
        existing =
          item.kind === 'video'
            ? existing.where('rendition', '=', item.rendition)
            : existing
                .where('in_frame', '=', item.inFrame)
                .where('out_frame', '=', item.outFrame)
                .where('profile', '=', item.profile);
        const found = await existing.executeTakeFirst();
        if (found) {
          if (!item.name || item.name === found.name) return { row: found, added: false };
          const renamed = await trx
            .updateTable('basket_items')
            .set({ name: item.name })
            .where('id', '=', found.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          return { row: renamed, added: false };
        }
        // Counted in the transaction; a concurrent add past the cap is harmless (one item over).
        const n = await trx
          .selectFrom('basket_items')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('user_id', '=', userId)
          .executeTakeFirstOrThrow();
        if (Number(n.n) >= MAX_ITEMS) return null;
        const row = await trx
          .insertInto('basket_items')
          .values({ ...values, name: item.name })
          .onConflict((oc) => oc.doNothing())
          .returningAll()
          .executeTakeFirst();
        if (row) return { row, added: true };
        const raced = await existing.executeTakeFirstOrThrow();
        return { row: raced, added: false };
      });
    },

    async rename(userId: string, id: string, name: string): Promise<BasketItemRow | null> {
      return (
        (await db
          .updateTable('basket_items')
          .set({ name })
          .where('user_id', '=', userId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst()) ?? null
      );
    },

    async remove(userId: string, id: string): Promise<boolean> {
      const result = await db
        .deleteFrom('basket_items')
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async empty(userId: string): Promise<void> {
      await db.deleteFrom('basket_items').where('user_id', '=', userId).execute();
    },
  };
}

export type BasketStore = ReturnType<typeof createBasketStore>;
