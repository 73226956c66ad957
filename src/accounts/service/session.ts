/**
 * Sign-in (password, then TOTP or a recovery code when two-factor sign-in is on), sessions and
 * sign-out. An unknown email costs one argon2 verify, like a known one.
 */

import { checkSession, sessionIdFromToken } from '../rules/sessions.ts';
import { matchRecoveryCode, openTotpSecret, verifyTotp } from '../rules/totp.ts';
import { normaliseEmail } from '../rules/validation.ts';
import type { Session, User } from '../tables.ts';
import type { AccountsContext, Attempt, Limited, RequestMeta } from './context.ts';

export type SignInResult =
  | Limited
  | { readonly kind: 'invalid' }
  | { readonly kind: 'unverified' }
  /** Password right, second factor needed: `token` is a pending session (API: send `otp`). */
  | { readonly kind: 'second-factor'; readonly token: string | null; readonly otpRejected: boolean }
  | { readonly kind: 'signed-in'; readonly user: User; readonly token: string };

/** Who makes a request: from the session cookie, or from an API token (`Authorization: Bearer`). */
export interface Authenticated {
  readonly user: User;
  /** The session of the cookie; null for a request authenticated by an API token. */
  readonly session: Session | null;
  /** The API token that authenticated the request; null for a session. */
  readonly apiToken: { readonly id: string } | null;
  /** True while the session waits for the second factor: not signed in yet. Never for a token. */
  readonly pending: boolean;
}

/** How long a correct password waits for its second factor. */
const PENDING_SECOND_FACTOR_MS = 10 * 60 * 1000;

export function createSessionService(ctx: AccountsContext) {
  const { repo, clock, deps } = ctx;

  /** TOTP code or recovery code; records the step or uses the recovery code up. */
  async function secondFactorOk(user: User, otp: string, meta: RequestMeta): Promise<boolean> {
    if (!user.totp_secret_sealed || !user.totp_enabled_at) return false;
    const now = clock();
    const trimmed = otp.trim();
    if (/^\d[\d\s]*$/.test(trimmed)) {
      const totpSecret = openTotpSecret({ secret: deps.secret, accountId: user.id }, user.totp_secret_sealed);
      const result = await verifyTotp({ totpSecret, token: trimmed, now, lastUsedStep: user.totp_last_step });
      if (result.ok) {
        await repo.updateUser(user.id, { totp_last_step: result.step });
        return true;
      }
      await repo.log('totp-failed', user.id, meta, now, { reason: result.reason });
      return false;
    }
    const hashes = await repo.unusedRecoveryCodes(user.id);
    const index = matchRecoveryCode({ secret: deps.secret, accountId: user.id }, trimmed, hashes);
    if (index >= 0 && (await repo.useRecoveryCode(user.id, hashes[index]!, now))) {
      await repo.log('recovery-code-used', user.id, meta, now, { left: hashes.length - 1 });
      return true;
    }
    await repo.log('totp-failed', user.id, meta, now, { reason: 'recovery' });
    return false;
  }

  async function fail(
    attempt: Attempt,
    userId: string | null,
    meta: RequestMeta,
    reason: string,
  ): Promise<{ kind: 'invalid' }> {
    await attempt.failed();
    await repo.log('sign-in-failed', userId, meta, clock(), { reason });
    return { kind: 'invalid' };
  }

  const service = {
    /**
     * Password sign-in. `otp` (API) completes the second factor at once; without it, a user with
     * two-factor sign-in gets a pending session (pages) to finish with completeSecondFactor().
     */
    async signIn(
      emailInput: string,
      password: string,
      meta: RequestMeta,
      options: { otp?: string; pendingSession?: boolean } = {},
    ): Promise<SignInResult> {
      const email = normaliseEmail(emailInput);
      // Counted before the password is checked: concurrent guesses never exceed the limit.
      const attempt = await ctx.attempt('sign-in', meta, email);
      if (attempt.kind === 'limited') {
        await repo.log('rate-limited', null, meta, clock(), { flow: 'sign-in' });
        return attempt;
      }
      const user = await repo.findUserByEmail(email);
      const ok = user
        ? await deps.hasher.verify(user.password_hash, password)
        : await deps.hasher.dummyVerify(password);
      if (!user || !ok) return fail(attempt, user?.id ?? null, meta, user ? 'password' : 'unknown');
      // A disabled account answers as a wrong password does: nothing tells it apart.
      if (user.disabled_at) return fail(attempt, user.id, meta, 'disabled');
      // The password was right: the attempt no longer counts, unless a second factor is checked now.
      const otpNow = user.email_verified_at !== null && user.totp_enabled_at !== null && !!options.otp;
      if (!otpNow) await attempt.succeeded();
      if (user.email_verified_at === null) {
        await repo.log('sign-in-failed', user.id, meta, clock(), { reason: 'unverified' });
        return { kind: 'unverified' };
      }
      if (deps.hasher.needsRehash(user.password_hash)) {
        await repo.updateUser(user.id, { password_hash: await deps.hasher.hash(password) });
      }
      if (user.totp_enabled_at) {
        if (otpNow && options.otp) {
          if (!(await secondFactorOk(user, options.otp, meta))) {
            await attempt.failed();
            return { kind: 'second-factor', token: null, otpRejected: true };
          }
          await attempt.succeeded();
        } else {
          const token = options.pendingSession ? await ctx.createSession(user.id, meta, true) : null;
          return { kind: 'second-factor', token, otpRejected: false };
        }
      }
      const token = await ctx.createSession(user.id, meta);
      await repo.log('sign-in', user.id, meta, clock());
      return { kind: 'signed-in', user, token };
    },

    /** The pages' second step: a pending session plus a TOTP or recovery code gives a new, full session. */
    async completeSecondFactor(auth: Authenticated, otp: string, meta: RequestMeta): Promise<SignInResult> {
      const session = auth.session;
      if (!session) return { kind: 'invalid' };
      const email = auth.user.email_normalized;
      const attempt = await ctx.attempt('sign-in', meta, email);
      if (attempt.kind === 'limited') return attempt;
      // The password step is good for a few minutes only.
      if (clock().getTime() - new Date(session.created_at).getTime() > PENDING_SECOND_FACTOR_MS) {
        await attempt.succeeded();
        await repo.deleteSession(session.id);
        return { kind: 'invalid' };
      }
      if (!(await secondFactorOk(auth.user, otp, meta))) {
        await attempt.failed();
        return { kind: 'second-factor', token: null, otpRejected: true };
      }
      await attempt.succeeded();
      await repo.deleteSession(session.id);
      const token = await ctx.createSession(auth.user.id, meta);
      await repo.log('sign-in', auth.user.id, meta, clock(), { secondFactor: true });
      return { kind: 'signed-in', user: auth.user, token };
    },

    /** The session and user for a cookie value, or null (unknown, expired: expired rows are deleted). */
    async authenticate(token: unknown): Promise<Authenticated | null> {
      const id = sessionIdFromToken(token);
      if (!id) return null;
      const session = await repo.findSession(id);
      if (!session) return null;
      const now = clock();
      const check = checkSession(
        {
          createdAt: new Date(session.created_at),
          lastSeenAt: new Date(session.last_seen_at),
          idleExpiresAt: new Date(session.idle_expires_at),
          expiresAt: new Date(session.expires_at),
        },
        now,
        ctx.sessionPolicy,
      );
      if (check.kind === 'expired') {
        await repo.deleteSession(id);
        return null;
      }
      const user = await repo.findUserById(session.user_id);
      if (!user || user.email_verified_at === null || user.disabled_at) return null;
      if (check.touch) await repo.touchSession(id, check.touch.lastSeenAt, check.touch.idleExpiresAt);
      return { user, session, apiToken: null, pending: session.pending_second_factor };
    },

    /** Ends the request's session; nothing for a request made with an API token (revoke it instead). */
    async signOut(auth: Authenticated, meta: RequestMeta): Promise<void> {
      if (!auth.session) return;
      await repo.deleteSession(auth.session.id);
      await repo.log('sign-out', auth.user.id, meta, clock());
    },

    /** Ends every session of the account and revokes its API tokens (a suspected leak). */
    async signOutEverywhere(auth: Authenticated, meta: RequestMeta): Promise<void> {
      const now = clock();
      const count = await repo.deleteUserSessions(auth.user.id);
      const tokens = await repo.revokeUserApiTokens(auth.user.id, now);
      await repo.log('sign-out-everywhere', auth.user.id, meta, now, { sessions: count, tokens });
    },
  };
  return service;
}

export type SessionService = ReturnType<typeof createSessionService>;
