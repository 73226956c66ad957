/**
 * What every account flow shares: dependencies, limits, per-IP and per-email throttling, code checks
 * (real for an account, simulated identically for an unknown email), session creation and mail.
 */
import type { MailMessage } from '../platform/mail/index.ts';
import { clientKey } from '../web/client-key.ts';
import {
  type CheckOutcome,
  type CodePurpose,
  canSendCode,
  checkCode,
  DEFAULT_CODE_POLICY,
  issueCode,
  type SendOutcome,
} from './codes.ts';
import { type AccountMail, accountMailMessage, renderAccountMail } from './mail-templates.ts';
import type { AccountMailer, Background } from './mailer.ts';
import type { PasswordHasher } from './passwords.ts';
import type { AccountsRepository, RequestMeta } from './repository.ts';
import {
  createSessionToken,
  DEFAULT_SESSION_POLICY,
  newSessionTimes,
  type SessionPolicy,
} from './sessions.ts';
import type { User } from './tables.ts';
import { checkWindow, DEFAULT_LIMITS, type ThrottleKind, throttleKey, type WindowLimit } from './throttle.ts';

export type { RequestMeta };

/** Per-IP limits; per-email ones are DEFAULT_LIMITS in throttle.ts. */
export const DEFAULT_IP_LIMITS: Readonly<Record<ThrottleKind, WindowLimit>> = {
  'sign-in': { max: 30, windowSeconds: 15 * 60 },
  'code-check': { max: 50, windowSeconds: 3600 },
  'password-reset': { max: 20, windowSeconds: 3600 },
  resend: { max: 30, windowSeconds: 3600 },
  register: { max: 20, windowSeconds: 3600 },
};

export interface AccountsLimits {
  readonly perEmail: Readonly<Record<ThrottleKind, WindowLimit>>;
  readonly perIp: Readonly<Record<ThrottleKind, WindowLimit>>;
}

export interface AccountsDeps {
  readonly repo: AccountsRepository;
  readonly secret: string;
  readonly hasher: PasswordHasher;
  readonly commonPasswords: ReadonlySet<string>;
  readonly clock: () => Date;
  readonly mailer: AccountMailer;
  /** Where the flows put work whose duration would tell whether an email is registered. */
  readonly background: Background;
  /** Absolute base for links in emails, e.g. https://portal.example.org. */
  readonly publicUrl: string;
  readonly siteName: (lang: 'fr' | 'en') => string;
  readonly limits?: Partial<AccountsLimits>;
  readonly sessionPolicy?: SessionPolicy;
}

export type Limited = { readonly kind: 'limited'; readonly retryAfterSeconds: number };

/** Days an unverified account is kept. */
export const UNVERIFIED_RETENTION_DAYS = 7;

export function createContext(deps: AccountsDeps) {
  const { repo, secret, clock } = deps;
  const perEmail = deps.limits?.perEmail ?? DEFAULT_LIMITS;
  const perIp = deps.limits?.perIp ?? DEFAULT_IP_LIMITS;
  const sessionPolicy = deps.sessionPolicy ?? DEFAULT_SESSION_POLICY;
  const since = (limit: WindowLimit, now: Date) => new Date(now.getTime() - limit.windowSeconds * 1000);
  const emailKey = (kind: ThrottleKind, email: string) => throttleKey(secret, kind, email);
  // An IPv6 client is counted by its /64 (clientKey): one subscriber holds all of it.
  const ipKey = (kind: ThrottleKind, ip: string | null) => throttleKey(secret, kind, `ip:${clientKey(ip)}`);

  async function limitedBy(key: string, kind: ThrottleKind, limit: WindowLimit): Promise<Limited | null> {
    const now = clock();
    const outcome = checkWindow(await repo.attemptTimes(key, kind, since(limit, now)), now, limit);
    return outcome.kind === 'limited' ? outcome : null;
  }

  const ctx = {
    deps,
    repo,
    clock,
    sessionPolicy,
    codePolicy: DEFAULT_CODE_POLICY,

    /** Is this IP, or this email (whether registered or not), over its limit for `kind`? */
    async throttled(kind: ThrottleKind, meta: RequestMeta, email: string | null): Promise<Limited | null> {
      const byIp = await limitedBy(ipKey(kind, meta.ip), kind, perIp[kind]);
      const byEmail = email ? await limitedBy(emailKey(kind, email), kind, perEmail[kind]) : null;
      if (byIp && byEmail)
        return {
          kind: 'limited',
          retryAfterSeconds: Math.max(byIp.retryAfterSeconds, byEmail.retryAfterSeconds),
        };
      return byIp ?? byEmail;
    },

    /** Counts one attempt against the IP and, when given, the email. */
    async count(kind: ThrottleKind, meta: RequestMeta, email: string | null): Promise<void> {
      const now = clock();
      await repo.recordAttempt(ipKey(kind, meta.ip), kind, now);
      if (email) await repo.recordAttempt(emailKey(kind, email), kind, now);
    },

    /**
     * May a code (or the mail standing for one) go to this email now? Keyed by the email, never by the
     * account, so an unknown email meets the same cooldown and hourly cap as a registered one.
     */
    async sendAllowed(purpose: CodePurpose, email: string): Promise<SendOutcome> {
      const kind = sendKind(purpose);
      const now = clock();
      const times = await repo.attemptTimes(
        emailKey(kind, email),
        kind,
        new Date(now.getTime() - DEFAULT_CODE_POLICY.capWindowSeconds * 1000),
      );
      return canSendCode(times, now, DEFAULT_CODE_POLICY);
    },

    async countSend(purpose: CodePurpose, email: string): Promise<void> {
      const kind = sendKind(purpose);
      await repo.recordAttempt(emailKey(kind, email), kind, clock());
    },

    /** Issues, stores and mails a new code (it replaces the previous one). */
    async sendCode(user: User, purpose: CodePurpose, meta: RequestMeta): Promise<void> {
      const now = clock();
      const { code, record } = issueCode(purpose, { secret, accountId: user.id, now: () => now });
      await repo.putCode(user.id, record, now);
      ctx.mail(user.email, {
        kind: purpose,
        language: user.language,
        firstName: user.first_name,
        siteName: deps.siteName(user.language),
        code,
        validMinutes: DEFAULT_CODE_POLICY.ttlSeconds / 60,
      });
      await repo.log('code-sent', user.id, meta, now, { purpose });
    },

    /**
     * Checks a code for `user` (null: no account that could have one). Without an account, the
     * outcome is simulated from the email's send and failure history, so that it reads exactly as
     * for a registered email. `consume` false only checks (the reset form's first step).
     */
    async checkCodeFor(
      user: User | null,
      purpose: CodePurpose,
      email: string,
      submitted: string,
      consume: boolean,
    ): Promise<CheckOutcome> {
      const now = clock();
      if (!user) return simulateOutcome(purpose, email, now);
      const stored = await repo.getCode(user.id, purpose);
      const { outcome } = checkCode(stored, submitted, { secret, accountId: user.id, now: () => now });
      if (!stored) return outcome;
      const max = DEFAULT_CODE_POLICY.maxAttempts;
      if (outcome.kind === 'wrong' || (outcome.kind === 'exhausted' && stored.failedAttempts < max)) {
        const count = await repo.addFailedAttempt(user.id, purpose, stored.codeHash, max);
        if (count === null || count >= max) return { kind: 'exhausted' };
        return { kind: 'wrong', attemptsLeft: max - count };
      }
      if (outcome.kind === 'ok' && consume) {
        const won = await repo.consumeCode(user.id, purpose, stored.codeHash, now, max);
        if (!won) return { kind: 'none' };
      }
      return outcome;
    },

    /** A new session; `pending` when the second factor is still to come. Returns the cookie token. */
    async createSession(userId: string, meta: RequestMeta, pending = false): Promise<string> {
      const { token, id } = createSessionToken();
      await repo.insertSession(id, userId, newSessionTimes(clock(), sessionPolicy), meta, pending);
      return token;
    },

    /** Runs account-dependent work after the answer (the same for every email) is decided. */
    later(label: string, task: () => Promise<void>): void {
      deps.background.run(label, task);
    },

    mail(to: string, mail: AccountMail): void {
      const message: MailMessage = accountMailMessage(to, renderAccountMail(mail));
      deps.mailer.post(message);
    },

    url(lang: 'fr' | 'en', path: string): string {
      return `${deps.publicUrl}/${lang}${path}`;
    },
  };

  /** What checkCode would say for an email with no code, given its send and failure history. */
  async function simulateOutcome(purpose: CodePurpose, email: string, now: Date): Promise<CheckOutcome> {
    const kind = sendKind(purpose);
    const policy = DEFAULT_CODE_POLICY;
    const sends = await repo.attemptTimes(
      emailKey(kind, email),
      kind,
      new Date(now.getTime() - policy.capWindowSeconds * 1000),
    );
    const last = sends.reduce<number | null>(
      (a, d) => (a === null || d.getTime() > a ? d.getTime() : a),
      null,
    );
    // No send within the hour reads like a code sent earlier that expired: what a registered email
    // whose code is old would answer.
    if (last === null) return { kind: 'expired' };
    if (now.getTime() >= last + policy.ttlSeconds * 1000) return { kind: 'expired' };
    // Wrong tries of the simulated code: their own key, apart from the hourly failure limit.
    const simKey = throttleKey(secret, 'code-check', `simulated:${purpose}:${email}`);
    const failures = await repo.attemptTimes(simKey, 'code-check', new Date(last - 1));
    if (failures.length >= policy.maxAttempts) return { kind: 'exhausted' };
    await repo.recordAttempt(simKey, 'code-check', now);
    if (failures.length + 1 >= policy.maxAttempts) return { kind: 'exhausted' };
    return { kind: 'wrong', attemptsLeft: policy.maxAttempts - failures.length - 1 };
  }

  return ctx;
}

/** The throttle kind under which sends of a code purpose are counted. */
function sendKind(purpose: CodePurpose): ThrottleKind {
  return purpose === 'verify-email' ? 'resend' : 'password-reset';
}

export type AccountsContext = ReturnType<typeof createContext>;
