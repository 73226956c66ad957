/**
 * The signed-in user's account: profile, newsletter, password change, two-factor setup, deletion;
 * plus the operator's `users create` and the purge of unverified accounts.
 */
import { parseCountryCode } from '../rules/countries.ts';
import { checkPassword, type PasswordRule } from '../rules/password-policy.ts';
import { parseTimeZone } from '../rules/time-zones.ts';
import {
  createRecoveryCodes,
  createTotpSecret,
  openTotpSecret,
  sealTotpSecret,
  totpQrSvg,
  totpUri,
  verifyTotp,
} from '../rules/totp.ts';
import {
  FIELD_MAX_LENGTH,
  type FieldError,
  normaliseEmail,
  parseEmail,
  parseLanguage,
} from '../rules/validation.ts';
import type { Role, User, UserUpdate } from '../tables.ts';
import {
  type AccountsContext,
  type Limited,
  type RequestMeta,
  UNVERIFIED_RETENTION_DAYS,
} from './context.ts';
import type { Authenticated } from './session.ts';

/** The account as the API shows it. */
export interface AccountView {
  email: string;
  firstName: string;
  lastName: string;
  organisation: string;
  jobTitle: string;
  country: string;
  language: 'fr' | 'en';
  role: Role;
  newsletter: boolean;
  twoFactor: boolean;
  /** The zone pages show times in for this account; '' for the portal's. */
  timeZone: string;
}

export function accountView(user: User): AccountView {
  return {
    email: user.email,
    firstName: user.first_name,
    lastName: user.last_name,
    organisation: user.organisation,
    jobTitle: user.job_title,
    country: user.country,
    language: user.language,
    role: user.role,
    newsletter: user.newsletter,
    twoFactor: user.totp_enabled_at !== null,
    timeZone: user.time_zone ?? '',
  };
}

export type ProfileField =
  | 'firstName'
  | 'lastName'
  | 'organisation'
  | 'jobTitle'
  | 'country'
  | 'language'
  | 'timeZone';
export type ProfileErrors = Partial<Record<ProfileField, FieldError[]>>;

const TEXT_FIELDS = {
  firstName: ['first_name', FIELD_MAX_LENGTH.firstName, true],
  lastName: ['last_name', FIELD_MAX_LENGTH.lastName, true],
  organisation: ['organisation', FIELD_MAX_LENGTH.organisation, true],
  jobTitle: ['job_title', FIELD_MAX_LENGTH.jobTitle, false],
} as const;

/** Validates the fields present in `input` (absent ones are kept). Pure. */
export function parseProfileUpdate(input: Readonly<Record<string, unknown>>): {
  update: UserUpdate;
  errors: ProfileErrors;
} {
  const update: UserUpdate = {};
  const errors: ProfileErrors = {};
  for (const [field, [column, max, required]] of Object.entries(TEXT_FIELDS) as [
    keyof typeof TEXT_FIELDS,
    (typeof TEXT_FIELDS)[keyof typeof TEXT_FIELDS],
  ][]) {
    const value = input[field];
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value.trim().normalize('NFC').replace(/\s+/g, ' ') : '';
    if (text.length === 0 && required) errors[field] = ['required'];
    else if ([...text].length > max) errors[field] = ['tooLong'];
    else if (/[\p{Cc}\p{Cf}]/u.test(text)) errors[field] = ['invalid'];
    else update[column] = text;
  }
  if (input.country !== undefined) {
    const country = parseCountryCode(input.country);
    if (country) update.country = country;
    else errors.country = [input.country === '' ? 'required' : 'invalid'];
  }
  if (input.language !== undefined) {
    const language = parseLanguage(input.language);
    if (language) update.language = language;
    else errors.language = ['invalid'];
  }
  if (input.timeZone !== undefined) {
    const zone = parseTimeZone(input.timeZone);
    if (zone === undefined) errors.timeZone = ['invalid'];
    else update.time_zone = zone;
  }
  if (typeof input.newsletter === 'boolean') update.newsletter = input.newsletter;
  return { update, errors };
}

/** The current password, asked again before a sensitive change: wrong, too many tries, or right. */
export type PasswordCheckFailure = Limited | { kind: 'wrong-password' } | { kind: 'session-required' };

export type PasswordChangeResult =
  | PasswordCheckFailure
  | { kind: 'invalid-password'; rules: PasswordRule[] }
  | { kind: 'changed' };

export function createProfileService(ctx: AccountsContext) {
  const { repo, clock, deps } = ctx;
  const totpCtx = (user: User) => ({ secret: deps.secret, accountId: user.id });

  /**
   * Checks the current password as a sign-in would: counted in the sign-in throttle (account and
   * IP) before the check, so it cannot be guessed here either. Only a session may: a leaked API
   * token must not take the account over (change the password, delete it, turn 2FA off).
   */
  async function currentPassword(
    auth: Authenticated,
    password: string,
    meta: RequestMeta,
    reason: string,
  ): Promise<PasswordCheckFailure | null> {
    if (!auth.session || auth.apiToken) return { kind: 'session-required' };
    const attempt = await ctx.attempt('sign-in', meta, auth.user.email_normalized);
    if (attempt.kind === 'limited') {
      await repo.log('rate-limited', auth.user.id, meta, clock(), { flow: reason });
      return attempt;
    }
    if (await deps.hasher.verify(auth.user.password_hash, password)) {
      await attempt.succeeded();
      return null;
    }
    await attempt.failed();
    await repo.log('sign-in-failed', auth.user.id, meta, clock(), { reason });
    return { kind: 'wrong-password' };
  }

  return {
    async updateProfile(auth: Authenticated, input: Readonly<Record<string, unknown>>) {
      const { update, errors } = parseProfileUpdate(input);
      if (Object.keys(errors).length > 0) return { kind: 'invalid' as const, errors };
      if (Object.keys(update).length > 0)
        await repo.updateUser(auth.user.id, { ...update, updated_at: clock() });
      const user = (await repo.findUserById(auth.user.id)) ?? auth.user;
      return { kind: 'updated' as const, user };
    },

    async setNewsletter(auth: Authenticated, on: boolean): Promise<void> {
      await repo.updateUser(auth.user.id, { newsletter: on, updated_at: clock() });
    },

    async changePassword(
      auth: Authenticated,
      current: string,
      next: string,
      meta: RequestMeta,
    ): Promise<PasswordChangeResult> {
      const failed = await currentPassword(auth, current, meta, 'password-change');
      if (failed) return failed;
      const rules = checkPassword(next, { email: auth.user.email, common: deps.commonPasswords });
      if (rules.length > 0) return { kind: 'invalid-password', rules };
      const now = clock();
      await repo.updateUser(auth.user.id, {
        password_hash: await deps.hasher.hash(next),
        password_changed_at: now,
        updated_at: now,
      });
      // Every other session ends; this one stays (every one, when the change comes with an API token).
      const revoked = await repo.deleteUserSessions(auth.user.id, auth.session?.id);
      await repo.log('password-changed', auth.user.id, meta, now, { sessionsRevoked: revoked });
      ctx.mail(auth.user.email, {
        kind: 'password-changed',
        language: auth.user.language,
        firstName: auth.user.first_name,
        siteName: deps.siteName(auth.user.language),
        changedAt: now,
        resetUrl: ctx.url(auth.user.language, '/password-reset'),
      });
      return { kind: 'changed' };
    },

    /** Deletes the account (personal data gone; the security log keeps anonymous rows). */
    async deleteAccount(
      auth: Authenticated,
      password: string,
      meta: RequestMeta,
    ): Promise<PasswordCheckFailure | { kind: 'deleted' }> {
      const failed = await currentPassword(auth, password, meta, 'account-deletion');
      if (failed) return failed;
      await repo.log('account-deleted', null, meta, clock());
      await repo.deleteUser(auth.user.id);
      return { kind: 'deleted' };
    },

    /** Starts (or restarts) two-factor setup: a new seed, stored sealed, not yet enabled. */
    async startTotpSetup(
      auth: Authenticated,
      issuer: string,
    ): Promise<{ uri: string; qrSvg: string; secret: string }> {
      const user = auth.user;
      if (user.totp_enabled_at) throw new Error('two-factor sign-in is already on');
      const secret = createTotpSecret();
      await repo.updateUser(user.id, {
        totp_secret_sealed: sealTotpSecret(totpCtx(user), secret),
        totp_last_step: null,
      });
      const uri = totpUri({ issuer, label: user.email, totpSecret: secret });
      return { uri, qrSvg: await totpQrSvg(uri), secret };
    },

    /** Confirms setup with a code from the app; returns the 10 recovery codes, shown once. */
    async enableTotp(auth: Authenticated, token: string, meta: RequestMeta): Promise<string[] | null> {
      const user = (await repo.findUserById(auth.user.id)) ?? auth.user;
      if (!user.totp_secret_sealed || user.totp_enabled_at) return null;
      const now = clock();
      const result = await verifyTotp({
        totpSecret: openTotpSecret(totpCtx(user), user.totp_secret_sealed),
        token,
        now,
      });
      if (!result.ok) {
        await repo.log('totp-failed', user.id, meta, now, { reason: 'setup' });
        return null;
      }
      const { codes, hashes } = createRecoveryCodes(totpCtx(user));
      await repo.updateUser(user.id, { totp_enabled_at: now, totp_last_step: result.step, updated_at: now });
      await repo.replaceRecoveryCodes(user.id, hashes, now);
      await repo.log('totp-enabled', user.id, meta, now);
      return codes;
    },

    async disableTotp(
      auth: Authenticated,
      password: string,
      meta: RequestMeta,
    ): Promise<PasswordCheckFailure | { kind: 'disabled' }> {
      const failed = await currentPassword(auth, password, meta, 'two-factor-off');
      if (failed) return failed;
      const now = clock();
      await repo.updateUser(auth.user.id, {
        totp_secret_sealed: null,
        totp_enabled_at: null,
        totp_last_step: null,
        updated_at: now,
      });
      await repo.replaceRecoveryCodes(auth.user.id, [], now);
      await repo.log('totp-disabled', auth.user.id, meta, now);
      return { kind: 'disabled' };
    },

    /** `portal users create`: an account made by an operator (verified when asked). */
    async createUser(input: {
      email: string;
      password: string;
      role?: string;
      verified?: boolean;
      language?: string;
    }) {
      const email = parseEmail(input.email);
      if (!email) throw new OperatorError(`not a valid email address: ${input.email}`);
      const role = (input.role ?? 'journalist') as Role;
      if (!['journalist', 'editor', 'admin'].includes(role))
        throw new OperatorError(`unknown role "${input.role}" (journalist, editor or admin)`);
      const rules = checkPassword(input.password, { email, common: deps.commonPasswords });
      if (rules.length > 0) throw new OperatorError(`the password breaks these rules: ${rules.join(', ')}`);
      const now = clock();
      const id = await repo.insertUser({
        email,
        email_normalized: normaliseEmail(email),
        password_hash: await deps.hasher.hash(input.password),
        first_name: '',
        last_name: '',
        organisation: '',
        // ZZ: "unknown" (ISO user-assigned); the user sets the country in the profile.
        country: 'ZZ',
        language: parseLanguage(input.language) ?? 'en',
        role,
        email_verified_at: input.verified ? now : null,
        password_changed_at: now,
        created_at: now,
      });
      if (!id) throw new OperatorError(`an account with the email ${email} already exists`);
      await repo.log('registered', id, { ip: null, userAgent: 'portal users create' }, now, { role });
      return { id, email, role, verified: Boolean(input.verified) };
    },

    /** Deletes accounts never verified after UNVERIFIED_RETENTION_DAYS, old attempts and dead sessions. */
    async purge(): Promise<number> {
      const now = clock();
      const purged = await repo.purgeUnverified(
        new Date(now.getTime() - UNVERIFIED_RETENTION_DAYS * 86_400_000),
      );
      await repo.deleteExpiredSessions(now);
      await repo.pruneAttempts(new Date(now.getTime() - 2 * 86_400_000));
      return purged;
    },
  };
}

export class OperatorError extends Error {}

export type ProfileService = ReturnType<typeof createProfileService>;
