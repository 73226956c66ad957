/**
 * What every account flow shares: dependencies, limits, per-IP (IPv4 address or IPv6 /64) and
 * per-email throttling, code checks (real for an account with a live code, simulated identically
 * otherwise), session creation, mail and the queue of account tasks.
 */
import type { MailMessage } from '../../platform/mail/index.ts';
import { clientKey } from '../../web/client-key.ts';
import {
  type CheckOutcome,
  type CodePurpose,
  canSendCode,
  checkCode,
  DEFAULT_CODE_POLICY,
  issueCode,
  type SendOutcome,
} from '../rules/codes.ts';
import type { PasswordHasher } from '../rules/passwords.ts';
import {
  createSessionToken,
  DEFAULT_SESSION_POLICY,
  newSessionTimes,
  type SessionPolicy,
} from '../rules/sessions.ts';
import {
  DAILY_LIMITS,
  DEFAULT_LIMITS,
  type ReservationOutcome,
  reservation,
  type ThrottleKind,
  throttleKey,
  type WindowLimit,
} from '../rules/throttle.ts';
import type { AccountsRepository, RequestMeta } from '../store/users.ts';
import type { User } from '../tables.ts';
import type { AccountTask, AccountTasks } from './jobs.ts';
import { type AccountMail, accountMailMessage, renderAccountMail } from './mail-templates.ts';
import type { AccountMailer, Background } from './mailer.ts';

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
  /** The longer-term back-off per email (throttle.ts DAILY_LIMITS). */
  readonly perEmailDaily: Readonly<Partial<Record<ThrottleKind, WindowLimit>>>;
  readonly perIp: Readonly<Record<ThrottleKind, WindowLimit>>;
}

/** At most one lockout notice per email and flow in this many seconds (no mail flood). */
export const LOCKOUT_NOTICE_EVERY_SECONDS = 3600;

export interface AccountsDeps {
  readonly repo: AccountsRepository;
  readonly secret: string;
  readonly hasher: PasswordHasher;
  readonly commonPasswords: ReadonlySet<string>;
  readonly clock: () => Date;
  readonly mailer: AccountMailer;
  /** Where the flows put work whose duration would tell whether an email is registered. */
  readonly tasks: AccountTasks;
  /** In-process work after the answer (mail about a signed-in user's own account). */
  readonly background: Background;
  /** Absolute base for links in emails, e.g. https://portal.example.org. */
  readonly publicUrl: string;
  readonly siteName: (lang: 'fr' | 'en') => string;
  readonly limits?: Partial<AccountsLimits>;
  readonly sessionPolicy?: SessionPolicy;
}

export type Limited = { readonly kind: 'limited'; readonly retryAfterSeconds: number };

/** One attempt, recorded before it is evaluated: the caller says how it ended. */
export interface Attempt {
  readonly kind: 'attempt';
  /** It succeeded: it no longer counts (sign-in and code checks count failures only). */
  succeeded(): Promise<void>;
  /** It failed: it stays counted; when it took the email's last slot, the owner is told (by mail). */
  failed(): Promise<void>;
}

/** Days an unverified account is kept. */
export const UNVERIFIED_RETENTION_DAYS = 7;

export function createContext(deps: AccountsDeps) {
  const { repo, secret, clock } = deps;
  const perEmail = deps.limits?.perEmail ?? DEFAULT_LIMITS;
  const perEmailDaily = deps.limits?.perEmailDaily ?? DAILY_LIMITS;
  const perIp = deps.limits?.perIp ?? DEFAULT_IP_LIMITS;
  const sessionPolicy = deps.sessionPolicy ?? DEFAULT_SESSION_POLICY;
  const since = (seconds: number, now: Date) => new Date(now.getTime() - seconds * 1000);
  const emailKey = (kind: ThrottleKind, email: string) => throttleKey(secret, kind, email);
  // An IPv6 client is counted by its /64 (clientKey): one subscriber holds all of it.
  const ipKey = (kind: ThrottleKind, ip: string | null) => throttleKey(secret, kind, `ip:${clientKey(ip)}`);

  /** Tells the owner of `email` (if any: the worker looks) that it is locked; once an hour at most. */
  async function noticeLockout(kind: ThrottleKind, email: string, lockSeconds: number, now: Date) {
    if (kind !== 'sign-in' && kind !== 'code-check') return;
    const key = throttleKey(secret, kind, `notice:${email}`);
    const times = await repo.reserveAttempt(key, kind, now, since(LOCKOUT_NOTICE_EVERY_SECONDS, now));
    if (times.length > 1) return;
    await deps.tasks.enqueue({
      flow: 'lockout',
      limit: kind === 'sign-in' ? 'sign-in' : 'code',
      email,
      until: new Date(now.getTime() + lockSeconds * 1000).toISOString(),
    });
  }

  const ctx = {
    deps,
    repo,
    clock,
    sessionPolicy,
    codePolicy: DEFAULT_CODE_POLICY,

    /**
     * Records one attempt of `kind` for this IP and, when given, this email (registered or not), then
     * judges it: over a limit, the record is taken back and the answer is `limited`. Recording first
     * means concurrent attempts see each other: no more than a limit's worth are ever evaluated.
     */
    async attempt(kind: ThrottleKind, meta: RequestMeta, email: string | null): Promise<Limited | Attempt> {
      const now = clock();
      const taken: string[] = [];
      const outcomes: ReservationOutcome[] = [];
      const ip = ipKey(kind, meta.ip);
      const ipTimes = await repo.reserveAttempt(ip, kind, now, since(perIp[kind].windowSeconds, now));
      taken.push(ip);
      outcomes.push(reservation(ipTimes, now, now, perIp[kind]));
      let lockSeconds = 0;
      if (email) {
        const limits = [perEmail[kind], perEmailDaily[kind]].filter((l): l is WindowLimit => !!l);
        const longest = Math.max(...limits.map((l) => l.windowSeconds));
        const key = emailKey(kind, email);
        const times = await repo.reserveAttempt(key, kind, now, since(longest, now));
        taken.push(key);
        for (const limit of limits) {
          const outcome = reservation(times, now, now, limit);
          outcomes.push(outcome);
          if (outcome.kind === 'ok' && outcome.last) lockSeconds = Math.max(lockSeconds, outcome.lockSeconds);
        }
      }
      const release = async () => {
        for (const key of taken) await repo.releaseAttempt(key, kind, now);
      };
      const limited = outcomes.flatMap((o) => (o.kind === 'limited' ? [o.retryAfterSeconds] : []));
      if (limited.length > 0) {
        await release();
        return { kind: 'limited', retryAfterSeconds: Math.max(...limited) };
      }
      return {
        kind: 'attempt',
        succeeded: release,
        async failed() {
          if (email && lockSeconds > 0) await noticeLockout(kind, email, lockSeconds, now);
        },
      };
    },

    /** A completed password reset: the email's sign-in failures are forgotten (the owner is back). */
    async clearSignInFailures(email: string): Promise<void> {
      await repo.clearAttempts(emailKey('sign-in', email), 'sign-in');
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

    /** Issues, stores and mails a new code (it replaces the previous one); for the worker. */
    async sendCode(user: User, purpose: CodePurpose, meta: RequestMeta): Promise<void> {
      const now = clock();
      const { code, record } = issueCode(purpose, { secret, accountId: user.id, now: () => now });
      await repo.putCode(user.id, record, now);
      await ctx.sendMail(user.email, {
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
      // No live code (never sent, or used): exactly what an unknown email with this history answers.
      if (!stored || stored.consumedAt !== null) return simulateOutcome(purpose, email, now);
      const { outcome } = checkCode(stored, submitted, { secret, accountId: user.id, now: () => now });
      const max = DEFAULT_CODE_POLICY.maxAttempts;
      if (outcome.kind === 'wrong' || (outcome.kind === 'exhausted' && stored.failedAttempts < max)) {
        const count = await repo.addFailedAttempt(user.id, purpose, stored.codeHash, max);
        if (count === null || count >= max) return { kind: 'exhausted' };
        return { kind: 'wrong', attemptsLeft: max - count };
      }
      if (outcome.kind === 'ok' && consume) {
        const won = await repo.consumeCode(user.id, purpose, stored.codeHash, now, max);
        if (!won) return simulateOutcome(purpose, email, now);
      }
      return outcome;
    },

    /** A new session; `pending` when the second factor is still to come. Returns the cookie token. */
    async createSession(userId: string, meta: RequestMeta, pending = false): Promise<string> {
      const { token, id } = createSessionToken();
      await repo.insertSession(id, userId, newSessionTimes(clock(), sessionPolicy), meta, pending);
      return token;
    },

    /** Queues account-dependent work (a job): the request does the same for every email. */
    enqueue(task: AccountTask): Promise<void> {
      return deps.tasks.enqueue(task);
    },

    /** Mails in the background, after the answer (about the signed-in user's own account). */
    mail(to: string, mail: AccountMail): void {
      const message: MailMessage = accountMailMessage(to, renderAccountMail(mail));
      deps.mailer.post(message);
    },

    /** Mails now (the worker: a failure fails the job, which is retried). */
    sendMail(to: string, mail: AccountMail): Promise<void> {
      return deps.mailer.send(accountMailMessage(to, renderAccountMail(mail)));
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
