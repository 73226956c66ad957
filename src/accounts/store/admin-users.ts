/**
 * The SQL of user management by admins (part of the accounts store): the paged list with search and
 * role filter, and the locked reads the last-admin rule needs. Writes go through the accounts
 * repository over the same transaction. No rules here: service/admin-users.ts decides.
 */
import { sql } from 'kysely';
import type { AccountsDb } from '../db.ts';
import type { Role, User } from '../tables.ts';

export interface UserListQuery {
  /** Part of the email or of the name (case-insensitive). */
  q?: string;
  role?: Role;
  limit: number;
  offset: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createAdminUsersStore(db: AccountsDb) {
  return {
    async listUsers(query: UserListQuery): Promise<{ rows: User[]; total: number }> {
      let base = db.selectFrom('users');
      if (query.role) base = base.where('role', '=', query.role);
      if (query.q) {
        const pattern = `%${escapeLike(query.q.toLowerCase())}%`;
        base = base.where((eb) =>
          eb.or([
            eb('email_normalized', 'like', pattern),
            eb(sql<string>`lower(first_name || ' ' || last_name)`, 'like', pattern),
            eb(sql<string>`lower(last_name || ' ' || first_name)`, 'like', pattern),
          ]),
        );
      }
      const rows = await base
        .selectAll()
        .orderBy('email_normalized')
        .orderBy('id')
        .limit(query.limit)
        .offset(query.offset)
        .execute();
      const { total } = await base
        .select((eb) => eb.fn.countAll<string | number>().as('total'))
        .executeTakeFirstOrThrow();
      return { rows, total: Number(total) };
    },

    /** The user, its row locked until the transaction ends. */
    lockUser(trx: AccountsDb, id: string): Promise<User | undefined> {
      return trx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    },

    /**
     * Ids of the admins who can act (verified, not disabled), their rows locked: two requests at once
     * cannot each take away one of the last two admins.
     */
    async lockActiveAdmins(trx: AccountsDb): Promise<string[]> {
      const rows = await trx
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'admin')
        .where('disabled_at', 'is', null)
        .where('email_verified_at', 'is not', null)
        .orderBy('id')
        .forUpdate()
        .execute();
      return rows.map((r) => r.id);
    },
  };
}
