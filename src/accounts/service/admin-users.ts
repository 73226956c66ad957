/**
 * User management by admins: the paged list (search by email or name, filter by role), change of
 * role, disable / enable, delete. Each change is one transaction that locks the user and the admins
 * who can act (the last-admin rule holds under concurrent requests), ends a disabled account's
 * sessions and revokes its API tokens at once, and runs the caller's `hook` (the audit entry) in the
 * same transaction. Deleting an account removes its personal data (sessions, tokens, codes cascade);
 * what others keep is named in docs/admin.md.
 */
import type { AccountsDb } from '../db.ts';
import {
  type AdminFieldErrors,
  type AdminUserView,
  adminUserView,
  parseAdminChange,
  removesLastAdmin,
  stateOf,
  UUID,
} from '../rules/admin-users.ts';
import { createAdminUsersStore } from '../store/admin-users.ts';
import { createAccountsRepository } from '../store/users.ts';
import type { Role } from '../tables.ts';

export type AdminChangeKind = 'role' | 'disable' | 'enable' | 'delete';

/** Runs inside the change's transaction (with it): what the caller records about the change. */
export type AdminHook = (
  trx: AccountsDb,
  event: { before: AdminUserView; after: AdminUserView | null; changes: AdminChangeKind[] },
) => Promise<void>;

export type AdminOutcome =
  | { kind: 'ok'; user: AdminUserView; changes: AdminChangeKind[] }
  | { kind: 'deleted'; user: AdminUserView }
  | { kind: 'not_found' }
  | { kind: 'invalid'; errors: AdminFieldErrors }
  | { kind: 'last_admin' };

export const USERS_PER_PAGE = 25;

export function createAdminUserService(deps: { db: AccountsDb; clock: () => Date }) {
  const { db } = deps;
  const store = createAdminUsersStore(db);
  return {
    async list(query: { q?: string; role?: Role; page?: number; perPage?: number }) {
      const perPage = query.perPage ?? USERS_PER_PAGE;
      const page = Math.max(1, query.page ?? 1);
      const q = query.q?.trim().slice(0, 200) || undefined;
      const { rows, total } = await store.listUsers({
        q,
        role: query.role,
        limit: perPage,
        offset: (page - 1) * perPage,
      });
      return { items: rows.map(adminUserView), total, page, perPage };
    },

    async get(id: string): Promise<AdminUserView | null> {
      if (!UUID.test(id)) return null;
      const user = await createAccountsRepository(db).findUserById(id);
      return user ? adminUserView(user) : null;
    },

    /** Changes role and/or disabled; nothing is written when a field is bad or the rule refuses. */
    async update(id: string, input: Record<string, unknown>, hook?: AdminHook): Promise<AdminOutcome> {
      const parsed = parseAdminChange(input);
      if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors };
      if (!UUID.test(id)) return { kind: 'not_found' };
      const { change } = parsed;
      return db.transaction().execute(async (trx) => {
        // Admins first, in id order, then the user: every change locks in the same order, so two
        // admins changing each other at once wait for one another instead of deadlocking.
        const admins = await store.lockActiveAdmins(trx);
        const user = await store.lockUser(trx, id);
        if (!user) return { kind: 'not_found' } as const;
        const before = stateOf(user);
        const after = {
          ...before,
          role: change.role ?? before.role,
          disabled: change.disabled ?? before.disabled,
        };
        if (removesLastAdmin(id, before, after, admins)) return { kind: 'last_admin' } as const;
        const changes: AdminChangeKind[] = [];
        if (after.role !== before.role) changes.push('role');
        if (after.disabled !== before.disabled) changes.push(after.disabled ? 'disable' : 'enable');
        if (changes.length === 0) return { kind: 'ok', user: adminUserView(user), changes } as const;
        const now = deps.clock();
        const repo = createAccountsRepository(trx);
        await repo.updateUser(id, {
          role: after.role,
          disabled_at: after.disabled ? (user.disabled_at ?? now) : null,
          updated_at: now,
        });
        if (changes.includes('disable')) {
          // At once: its open sessions end and its API tokens stop working.
          await repo.deleteUserSessions(id);
          await repo.revokeUserApiTokens(id, now);
        }
        const updated = await repo.findUserById(id);
        if (!updated) throw new Error(`user ${id} vanished`);
        const view = adminUserView(updated);
        await hook?.(trx, { before: adminUserView(user), after: view, changes });
        return { kind: 'ok', user: view, changes } as const;
      });
    },

    /** Deletes the account, unless it is the last admin who can act. */
    async remove(id: string, hook?: AdminHook): Promise<AdminOutcome> {
      if (!UUID.test(id)) return { kind: 'not_found' };
      return db.transaction().execute(async (trx) => {
        const admins = await store.lockActiveAdmins(trx); // before the user: one lock order
        const user = await store.lockUser(trx, id);
        if (!user) return { kind: 'not_found' } as const;
        if (removesLastAdmin(id, stateOf(user), null, admins)) return { kind: 'last_admin' } as const;
        const view = adminUserView(user);
        const repo = createAccountsRepository(trx);
        await repo.log('account-deleted', null, { ip: null, userAgent: null }, deps.clock(), { by: 'admin' });
        await repo.deleteUser(id);
        await hook?.(trx, { before: view, after: null, changes: ['delete'] });
        return { kind: 'deleted', user: view } as const;
      });
    },
  };
}

export type AdminUserService = ReturnType<typeof createAdminUserService>;
