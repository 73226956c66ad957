/**
 * The SQL of API tokens (part of the accounts repository, see repository.ts). No rules here: the
 * token service decides, this module reads and writes. Times come from the caller's clock.
 */
import type { AccountsDb } from '../db.ts';
import type { ApiToken } from '../tables.ts';

export type ApiTokenListItem = Pick<ApiToken, 'id' | 'name' | 'prefix' | 'created_at' | 'last_used_at'>;

export function createApiTokensRepository(db: AccountsDb) {
  return {
    /**
     * Inserts a token unless the user already has `max` active ones: null then. The user's row is
     * locked for the count, so two requests at once cannot both take the last place.
     */
    insertApiTokenWithin(
      max: number,
      token: { userId: string; name: string; hash: string; prefix: string; createdAt: Date },
    ): Promise<ApiTokenListItem | null> {
      return db.transaction().execute(async (trx) => {
        await trx.selectFrom('users').select('id').where('id', '=', token.userId).forUpdate().execute();
        const { active } = await trx
          .selectFrom('api_tokens')
          .select((eb) => eb.fn.countAll<string | number>().as('active'))
          .where('user_id', '=', token.userId)
          .where('revoked_at', 'is', null)
          .executeTakeFirstOrThrow();
        if (Number(active) >= max) return null;
        return trx
          .insertInto('api_tokens')
          .values({
            user_id: token.userId,
            name: token.name,
            token_hash: token.hash,
            prefix: token.prefix,
            created_at: token.createdAt,
          })
          .returning(['id', 'name', 'prefix', 'created_at', 'last_used_at'])
          .executeTakeFirstOrThrow();
      });
    },

    /** The active token with this hash: one lookup on the unique index. */
    findActiveApiToken(hash: string): Promise<ApiToken | undefined> {
      return db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', hash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
    },

    listActiveApiTokens(userId: string): Promise<ApiTokenListItem[]> {
      return db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'prefix', 'created_at', 'last_used_at'])
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
    },

    async touchApiToken(id: string, now: Date): Promise<void> {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
    },

    /** Revokes every active token of the user (password reset, sign-out everywhere); how many. */
    async revokeUserApiTokens(userId: string, now: Date): Promise<number> {
      const rows = await db
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .returning('id')
        .execute();
      return rows.length;
    },

    /** Revokes the user's active token `id`; false when the user has no such token. */
    async revokeApiToken(userId: string, id: string, now: Date): Promise<boolean> {
      const row = await db
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
