/**
 * Every SQL statement of the accounts feature (Kysely over PGlite or PostgreSQL), API tokens' in
 * repository-tokens.ts. No rules here: the flows decide, this module reads and writes. Times always
 * come from the caller's clock.
 */
import { sql } from 'kysely';
import type { AccountsDb } from '../db.ts';
import type { CodePurpose, StoredCode } from '../rules/codes.ts';
import type { SessionTimes } from '../rules/sessions.ts';
import type { ThrottleKind } from '../rules/throttle.ts';
import type { NewUser, SecurityEvent, Session, User, UserUpdate } from '../tables.ts';
import { createApiTokensRepository } from './tokens.ts';

export interface RequestMeta {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export function createAccountsRepository(db: AccountsDb) {
  const attemptTimes = async (keyHash: string, kind: ThrottleKind, since: Date): Promise<Date[]> => {
    const rows = await db
      .selectFrom('auth_attempts')
      .select('attempted_at')
      .where('key_hash', '=', keyHash)
      .where('kind', '=', kind)
      .where('attempted_at', '>', since)
      .execute();
    return rows.map((r) => new Date(r.attempted_at));
  };
  const recordAttempt = async (keyHash: string, kind: ThrottleKind, at: Date): Promise<void> => {
    await db.insertInto('auth_attempts').values({ key_hash: keyHash, kind, attempted_at: at }).execute();
  };
  return {
    ...createApiTokensRepository(db),

    findUserByEmail(emailNormalized: string): Promise<User | undefined> {
      return db
        .selectFrom('users')
        .selectAll()
        .where('email_normalized', '=', emailNormalized)
        .executeTakeFirst();
    },

    findUserById(id: string): Promise<User | undefined> {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** The new user's id, or null when the email is already registered. */
    async insertUser(user: NewUser): Promise<string | null> {
      const row = await db
        .insertInto('users')
        .values(user)
        .onConflict((oc) => oc.column('email_normalized').doNothing())
        .returning('id')
        .executeTakeFirst();
      return row?.id ?? null;
    },

    async updateUser(id: string, update: UserUpdate): Promise<void> {
      await db.updateTable('users').set(update).where('id', '=', id).execute();
    },

    async deleteUser(id: string): Promise<void> {
      await db.deleteFrom('users').where('id', '=', id).execute();
    },

    /** Deletes accounts still unverified that were created before `before`; returns how many. */
    async purgeUnverified(before: Date): Promise<number> {
      const rows = await db
        .deleteFrom('users')
        .where('email_verified_at', 'is', null)
        .where('created_at', '<', before)
        .returning('id')
        .execute();
      return rows.length;
    },

    async getCode(userId: string, purpose: CodePurpose): Promise<StoredCode | null> {
      const row = await db
        .selectFrom('account_codes')
        .selectAll()
        .where('user_id', '=', userId)
        .where('purpose', '=', purpose)
        .executeTakeFirst();
      if (!row) return null;
      return {
        purpose: row.purpose,
        codeHash: row.code_hash,
        createdAt: new Date(row.created_at),
        expiresAt: new Date(row.expires_at),
        failedAttempts: row.failed_attempts,
        consumedAt: row.consumed_at ? new Date(row.consumed_at) : null,
      };
    },

    /** Stores a new code for the account and purpose, replacing the previous one. */
    async putCode(userId: string, code: StoredCode, sentAt: Date): Promise<void> {
      const values = {
        user_id: userId,
        purpose: code.purpose,
        code_hash: code.codeHash,
        created_at: code.createdAt,
        expires_at: code.expiresAt,
        failed_attempts: 0,
        consumed_at: null,
      };
      await db
        .insertInto('account_codes')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['user_id', 'purpose']).doUpdateSet({
            code_hash: values.code_hash,
            created_at: values.created_at,
            expires_at: values.expires_at,
            failed_attempts: 0,
            consumed_at: null,
          }),
        )
        .execute();
      await db
        .insertInto('account_code_sends')
        .values({ user_id: userId, purpose: code.purpose, sent_at: sentAt })
        .execute();
    },

    /** Counts one wrong try atomically (never beyond `max`); returns the new count, or null if none was left. */
    async addFailedAttempt(
      userId: string,
      purpose: CodePurpose,
      codeHash: string,
      max: number,
    ): Promise<number | null> {
      const row = await db
        .updateTable('account_codes')
        .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
        .where('user_id', '=', userId)
        .where('purpose', '=', purpose)
        .where('code_hash', '=', codeHash)
        .where('failed_attempts', '<', max)
        .returning('failed_attempts')
        .executeTakeFirst();
      return row?.failed_attempts ?? null;
    },

    /** Marks the code used, once: false when another request consumed it first. */
    async consumeCode(
      userId: string,
      purpose: CodePurpose,
      codeHash: string,
      now: Date,
      max: number,
    ): Promise<boolean> {
      const row = await db
        .updateTable('account_codes')
        .set({ consumed_at: now })
        .where('user_id', '=', userId)
        .where('purpose', '=', purpose)
        .where('code_hash', '=', codeHash)
        .where('consumed_at', 'is', null)
        .where('failed_attempts', '<', max)
        .returning('user_id')
        .executeTakeFirst();
      return row !== undefined;
    },

    async insertSession(
      id: string,
      userId: string,
      times: SessionTimes,
      meta: RequestMeta,
      pendingSecondFactor: boolean,
    ): Promise<void> {
      await db
        .insertInto('sessions')
        .values({
          id,
          user_id: userId,
          created_at: times.createdAt,
          last_seen_at: times.lastSeenAt,
          idle_expires_at: times.idleExpiresAt,
          expires_at: times.expiresAt,
          pending_second_factor: pendingSecondFactor,
          ip: meta.ip,
          user_agent: meta.userAgent?.slice(0, 300) ?? null,
        })
        .execute();
    },

    findSession(id: string): Promise<Session | undefined> {
      return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async touchSession(id: string, lastSeenAt: Date, idleExpiresAt: Date): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: lastSeenAt, idle_expires_at: idleExpiresAt })
        .where('id', '=', id)
        .execute();
    },

    async deleteSession(id: string): Promise<void> {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },

    /** Ends every session of the account except `keep` (the one making the change), if given. */
    async deleteUserSessions(userId: string, keep?: string): Promise<number> {
      let query = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (keep) query = query.where('id', '<>', keep);
      const rows = await query.returning('id').execute();
      return rows.length;
    },

    async deleteExpiredSessions(now: Date): Promise<void> {
      await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('idle_expires_at', '<=', now)]))
        .execute();
    },

    attemptTimes,
    recordAttempt,

    /**
     * Records one attempt, then reads the key's attempts since `since` (its own included): written
     * first, so that concurrent attempts always see each other.
     */
    async reserveAttempt(keyHash: string, kind: ThrottleKind, at: Date, since: Date): Promise<Date[]> {
      await recordAttempt(keyHash, kind, at);
      return attemptTimes(keyHash, kind, since);
    },

    /** Takes back one attempt recorded at `at` (rows of a key at one instant are interchangeable). */
    async releaseAttempt(keyHash: string, kind: ThrottleKind, at: Date): Promise<void> {
      await sql`DELETE FROM auth_attempts WHERE ctid = (
        SELECT ctid FROM auth_attempts
        WHERE key_hash = ${keyHash} AND kind = ${kind} AND attempted_at = ${at} LIMIT 1)`.execute(db);
    },

    /** Forgets a key's attempts (a password reset clears the email's sign-in failures). */
    async clearAttempts(keyHash: string, kind: ThrottleKind): Promise<void> {
      await db.deleteFrom('auth_attempts').where('key_hash', '=', keyHash).where('kind', '=', kind).execute();
    },

    async pruneAttempts(before: Date): Promise<void> {
      await db.deleteFrom('auth_attempts').where('attempted_at', '<', before).execute();
    },

    async replaceRecoveryCodes(userId: string, hashes: readonly string[], now: Date): Promise<void> {
      await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      if (hashes.length === 0) return;
      await db
        .insertInto('recovery_codes')
        .values(hashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: now })))
        .execute();
    },

    async unusedRecoveryCodes(userId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('recovery_codes')
        .select('code_hash')
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .orderBy('code_hash')
        .execute();
      return rows.map((r) => r.code_hash);
    },

    async useRecoveryCode(userId: string, codeHash: string, now: Date): Promise<boolean> {
      const row = await db
        .updateTable('recovery_codes')
        .set({ used_at: now })
        .where('user_id', '=', userId)
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .returning('user_id')
        .executeTakeFirst();
      return row !== undefined;
    },

    async log(
      event: SecurityEvent,
      userId: string | null,
      meta: RequestMeta,
      now: Date,
      details: Record<string, unknown> = {},
    ): Promise<void> {
      await db
        .insertInto('security_log')
        .values({
          user_id: userId,
          event,
          ip: meta.ip,
          user_agent: meta.userAgent?.slice(0, 300) ?? null,
          details: JSON.stringify(details),
          created_at: now,
        })
        .execute();
    },
  };
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
