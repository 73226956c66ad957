/**
 * Registration, email verification and password reset. Every answer about an email is the same
 * whether it is registered or not: same outcome, same limits, and mail sent in the background.
 */
import type { CheckOutcome } from './codes.ts';
import { checkPassword, type PasswordRule } from './password-policy.ts';
import type { AccountsContext, Limited, RequestMeta } from './service-context.ts';
import type { User } from './tables.ts';
import { normaliseEmail, type RegistrationErrors, validateRegistration } from './validation.ts';

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
      const limited = await ctx.throttled('register', meta, key);
      if (limited) return limited;
      await ctx.count('register', meta, key);
      // Hash first, whatever happens next: a duplicate costs what a new account costs.
      const passwordHash = await deps.hasher.hash(reg.password);
      const now = clock();
      const fields = {
        email: reg.email,
        password_hash: passwordHash,
        first_name: reg.firstName,
        last_name: reg.lastName,
        organisation: reg.organisation,
        job_title: reg.jobTitle,
        country: reg.country,
        language: reg.language,
        newsletter: reg.newsletter,
        password_changed_at: now,
      };
      const send = await ctx.sendAllowed('verify-email', key);
      if (send.kind === 'ok') await ctx.countSend('verify-email', key);
      // From here on the work depends on whether the email is registered: after the answer.
      ctx.later('register', async () => {
        const id = await repo.insertUser({ ...fields, email_normalized: key, created_at: now });
        if (id) {
          await repo.log('registered', id, meta, now);
          const user = await repo.findUserById(id);
          if (user && send.kind === 'ok') await ctx.sendCode(user, 'verify-email', meta);
          return;
        }
        const existing = await repo.findUserByEmail(key);
        if (!existing) return;
        await repo.log('registration-duplicate', existing.id, meta, now);
        if (existing.email_verified_at === null) {
          // Never confirmed: the latest registration replaces the details; only the mailbox can confirm.
          await repo.updateUser(existing.id, { ...fields, updated_at: now });
          if (send.kind === 'ok') await ctx.sendCode({ ...existing, ...fields }, 'verify-email', meta);
        } else if (send.kind === 'ok') {
          ctx.mail(existing.email, {
            kind: 'already-registered',
            language: existing.language,
            firstName: existing.first_name,
            siteName: deps.siteName(existing.language),
            signInUrl: ctx.url(existing.language, '/sign-in'),
            resetUrl: ctx.url(existing.language, '/password-reset'),
          });
        }
      });
      return { kind: 'accepted', email: reg.email };
    },

    async verifyEmail(emailInput: string, code: string, meta: RequestMeta): Promise<VerifyResult> {
      const email = normaliseEmail(emailInput);
      const limited = await ctx.throttled('code-check', meta, email);
      if (limited) return limited;
      const user = await pendingUser(email);
      const outcome = await ctx.checkCodeFor(user, 'verify-email', email, code, true);
      const failed = failure(outcome);
      if (failed || !user) {
        await ctx.count('code-check', meta, email);
        await repo.log('code-failed', user?.id ?? null, meta, clock(), {
          purpose: 'verify-email',
          reason: outcome.kind,
        });
        return failed ?? { kind: 'code', outcome: { kind: 'none' } };
      }
      const now = clock();
      await repo.updateUser(user.id, { email_verified_at: now, updated_at: now });
      await repo.log('email-verified', user.id, meta, now);
      const token = await ctx.createSession(user.id, meta);
      await repo.log('sign-in', user.id, meta, now, { via: 'verification' });
      return { kind: 'verified', user: { ...user, email_verified_at: now }, token };
    },

    async resendVerification(emailInput: string, meta: RequestMeta): Promise<SendResult> {
      const email = normaliseEmail(emailInput);
      const limited = await ctx.throttled('resend', meta, null);
      if (limited) return limited;
      await ctx.count('resend', meta, null);
      const send = await ctx.sendAllowed('verify-email', email);
      if (send.kind !== 'ok') return send;
      await ctx.countSend('verify-email', email);
      ctx.later('resend', async () => {
        const user = await pendingUser(email);
        if (user) await ctx.sendCode(user, 'verify-email', meta);
      });
      return { kind: 'sent' };
    },

    async requestReset(emailInput: string, meta: RequestMeta): Promise<SendResult> {
      const email = normaliseEmail(emailInput);
      const limited = await ctx.throttled('password-reset', meta, null);
      if (limited) return limited;
      await ctx.count('password-reset', meta, null);
      const send = await ctx.sendAllowed('reset-password', email);
      if (send.kind !== 'ok') return send;
      await ctx.countSend('reset-password', email);
      const now = clock();
      ctx.later('password-reset', async () => {
        const user = await verifiedUser(email);
        await repo.log('password-reset-requested', user?.id ?? null, meta, now);
        if (user) await ctx.sendCode(user, 'reset-password', meta);
      });
      return { kind: 'sent' };
    },

    /** The reset form's first step: is the code right? (Not consumed; wrong tries count.) */
    async checkResetCode(
      emailInput: string,
      code: string,
      meta: RequestMeta,
    ): Promise<Limited | CodeFailure | { kind: 'ok' }> {
      const email = normaliseEmail(emailInput);
      const limited = await ctx.throttled('code-check', meta, email);
      if (limited) return limited;
      const user = await verifiedUser(email);
      const outcome = await ctx.checkCodeFor(user, 'reset-password', email, code, false);
      const failed = failure(outcome);
      if (failed) {
        await ctx.count('code-check', meta, email);
        await repo.log('code-failed', user?.id ?? null, meta, clock(), {
          purpose: 'reset-password',
          reason: outcome.kind,
        });
        return failed;
      }
      return { kind: 'ok' };
    },

    async confirmReset(
      emailInput: string,
      code: string,
      password: string,
      meta: RequestMeta,
    ): Promise<ResetConfirmResult> {
      const email = normaliseEmail(emailInput);
      const limited = await ctx.throttled('code-check', meta, email);
      if (limited) return limited;
      const rules = checkPassword(password, { email, common: deps.commonPasswords });
      if (rules.length > 0) return { kind: 'invalid-password', rules };
      const user = await verifiedUser(email);
      const outcome = await ctx.checkCodeFor(user, 'reset-password', email, code, true);
      const failed = failure(outcome);
      if (failed || !user) {
        await ctx.count('code-check', meta, email);
        await repo.log('code-failed', user?.id ?? null, meta, clock(), {
          purpose: 'reset-password',
          reason: outcome.kind,
        });
        return failed ?? { kind: 'code', outcome: { kind: 'none' } };
      }
      const hash = await deps.hasher.hash(password);
      const now = clock();
      await repo.updateUser(user.id, { password_hash: hash, password_changed_at: now, updated_at: now });
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
