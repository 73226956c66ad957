/**
 * Registration, email verification and password reset. Every answer about an email is the same
 * whether it is registered or not: same outcome, same limits, same work in the request (what depends
 * on the account is one queued job: service-worker.ts). A registration never changes an existing
 * account: a pending one keeps its first registration's password and details.
 */
import type { CheckOutcome } from '../rules/codes.ts';
import { checkPassword, type PasswordRule } from '../rules/password-policy.ts';
import { normaliseEmail, type RegistrationErrors, validateRegistration } from '../rules/validation.ts';
import type { User } from '../tables.ts';
import type { AccountsContext, Limited, RequestMeta } from './context.ts';

export type RegisterResult =
  | { readonly kind: 'invalid'; readonly errors: RegistrationErrors }
  | Limited
  | { readonly kind: 'accepted'; readonly email: string };

export type CodeFailure = { readonly kind: 'code'; readonly outcome: Exclude<CheckOutcome, { kind: 'ok' }> };

export type VerifyResult =
  | Limited
  | CodeFailure
  | { readonly kind: 'verified'; readonly user: User; readonly token: string };

export type SendResult =
  | Limited
  | { readonly kind: 'cooldown' | 'capped'; readonly retryAfterSeconds: number }
  | { readonly kind: 'sent' };

export type ResetConfirmResult =
  | Limited
  | CodeFailure
  | { readonly kind: 'invalid-password'; readonly rules: PasswordRule[] }
  | { readonly kind: 'done' };

function failure(outcome: CheckOutcome): CodeFailure | null {
  return outcome.kind === 'ok' ? null : { kind: 'code', outcome };
}

export function createRegistrationService(ctx: AccountsContext) {
  const { repo, clock, deps } = ctx;

  async function pendingUser(email: string): Promise<User | null> {
    const user = await repo.findUserByEmail(email);
    return user && user.email_verified_at === null ? user : null;
  }

  async function verifiedUser(email: string): Promise<User | null> {
    const user = await repo.findUserByEmail(email);
    return user && user.email_verified_at !== null ? user : null;
  }

  return {
    async register(input: Readonly<Record<string, unknown>>, meta: RequestMeta): Promise<RegisterResult> {
      const checked = validateRegistration(input, { commonPasswords: deps.commonPasswords });
      if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
      const reg = checked.value;
      const key = normaliseEmail(reg.email);
      const attempt = await ctx.attempt('register', meta, key);
      if (attempt.kind === 'limited') return attempt;
      // Hash first, whatever happens next: a duplicate costs what a new account costs.
      const passwordHash = await deps.hasher.hash(reg.password);
      const send = await ctx.sendAllowed('verify-email', key);
      if (send.kind === 'ok') await ctx.countSend('verify-email', key);
      // From here on the work depends on whether the email is registered: a job, for every email.
      await ctx.enqueue({
        flow: 'register',
        email: key,
        fields: {
          email: reg.email,
          password_hash: passwordHash,
          first_name: reg.firstName,
          last_name: reg.lastName,
          organisation: reg.organisation,
          job_title: reg.jobTitle,
          country: reg.country,
          language: reg.language,
          newsletter: reg.newsletter,
        },
        send: send.kind === 'ok',
        at: clock().toISOString(),
        meta,
      });
      return { kind: 'accepted', email: reg.email };
    },

    async verifyEmail(emailInput: string, code: string, meta: RequestMeta): Promise<VerifyResult> {
      const email = normaliseEmail(emailInput);
      const attempt = await ctx.attempt('code-check', meta, email);
      if (attempt.kind === 'limited') return attempt;
      const user = await pendingUser(email);
      const outcome = await ctx.checkCodeFor(user, 'verify-email', email, code, true);
      const failed = failure(outcome);
      if (failed || !user) {
        await attempt.failed();
        await repo.log('code-failed', user?.id ?? null, meta, clock(), {
          purpose: 'verify-email',
          reason: outcome.kind,
        });
        return failed ?? { kind: 'code', outcome: { kind: 'none' } };
      }
      await attempt.succeeded();
      const now = clock();
      await repo.updateUser(user.id, { email_verified_at: now, updated_at: now });
      await repo.log('email-verified', user.id, meta, now);
      const token = await ctx.createSession(user.id, meta);
      await repo.log('sign-in', user.id, meta, now, { via: 'verification' });
      return { kind: 'verified', user: { ...user, email_verified_at: now }, token };
    },

    async resendVerification(emailInput: string, meta: RequestMeta): Promise<SendResult> {
      const email = normaliseEmail(emailInput);
      const attempt = await ctx.attempt('resend', meta, null);
      if (attempt.kind === 'limited') return attempt;
      const send = await ctx.sendAllowed('verify-email', email);
      if (send.kind !== 'ok') return send;
      await ctx.countSend('verify-email', email);
      const at = clock().toISOString();
      await ctx.enqueue({ flow: 'code', purpose: 'verify-email', email, at, meta });
      return { kind: 'sent' };
    },

    async requestReset(emailInput: string, meta: RequestMeta): Promise<SendResult> {
      const email = normaliseEmail(emailInput);
      const attempt = await ctx.attempt('password-reset', meta, null);
      if (attempt.kind === 'limited') return attempt;
      const send = await ctx.sendAllowed('reset-password', email);
      if (send.kind !== 'ok') return send;
      await ctx.countSend('reset-password', email);
      const at = clock().toISOString();
      await ctx.enqueue({ flow: 'code', purpose: 'reset-password', email, at, meta });
      return { kind: 'sent' };
    },

    /** The reset form's first step: is the code right? (Not consumed; wrong tries count.) */
    async checkResetCode(
      emailInput: string,
      code: string,
      meta: RequestMeta,
    ): Promise<Limited | CodeFailure | { kind: 'ok' }> {
      const email = normaliseEmail(emailInput);
      const attempt = await ctx.attempt('code-check', meta, email);
      if (attempt.kind === 'limited') return attempt;
      const user = await verifiedUser(email);
      const outcome = await ctx.checkCodeFor(user, 'reset-password', email, code, false);
      const failed = failure(outcome);
      if (failed) {
        await attempt.failed();
        await repo.log('code-failed', user?.id ?? null, meta, clock(), {
          purpose: 'reset-password',
          reason: outcome.kind,
        });
        return failed;
      }
      await attempt.succeeded();
      return { kind: 'ok' };
    },

    async confirmReset(
      emailInput: string,
      code: string,
      password: string,
      meta: RequestMeta,
    ): Promise<ResetConfirmResult> {
      const email = normaliseEmail(emailInput);
      const attempt = await ctx.attempt('code-check', meta, email);
      if (attempt.kind === 'limited') return attempt;
      const rules = checkPassword(password, { email, common: deps.commonPasswords });
      if (rules.length > 0) {
        await attempt.succeeded();
        return { kind: 'invalid-password', rules };
      }
      const user = await verifiedUser(email);
      const outcome = await ctx.checkCodeFor(user, 'reset-password', email, code, true);
      const failed = failure(outcome);
      if (failed || !user) {
        await attempt.failed();
        await repo.log('code-failed', user?.id ?? null, meta, clock(), {
          purpose: 'reset-password',
          reason: outcome.kind,
        });
        return failed ?? { kind: 'code', outcome: { kind: 'none' } };
      }
      await attempt.succeeded();
      const hash = await deps.hasher.hash(password);
      const now = clock();
      await repo.updateUser(user.id, { password_hash: hash, password_changed_at: now, updated_at: now });
      // The mailbox's owner is back: failures someone else piled on this email no longer lock it.
      await ctx.clearSignInFailures(email);
      // A reset is how an account is taken back: nothing an intruder may have set up outlives it.
      const revoked = await repo.deleteUserSessions(user.id);
      const tokensRevoked = await repo.revokeUserApiTokens(user.id, now);
      await repo.log('password-reset', user.id, meta, now, { sessionsRevoked: revoked, tokensRevoked });
      ctx.mail(user.email, {
        kind: 'password-changed',
        language: user.language,
        firstName: user.first_name,
        siteName: deps.siteName(user.language),
        changedAt: now,
        resetUrl: ctx.url(user.language, '/password-reset'),
      });
      return { kind: 'done' };
    },
  };
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;
