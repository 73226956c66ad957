/**
 * The worker side of the account flows: runs one `accounts.mail` task (jobs.ts), the work that
 * depends on whether an email is registered. A registration stores a new account, or leaves an
 * existing one as it is (a pending account keeps its first registration's password and details and
 * gets its code again; a verified one gets an "already registered" mail). Codes are made here and go
 * straight into the mail. Unknown emails get nothing.
 */

import type { AccountsContext } from './context.ts';
import type { AccountTask } from './jobs.ts';

export function createAccountWorker(ctx: AccountsContext) {
  const { repo, clock, deps } = ctx;

  async function register(task: Extract<AccountTask, { flow: 'register' }>): Promise<void> {
    const at = new Date(task.at);
    const id = await repo.insertUser({
      ...task.fields,
      email_normalized: task.email,
      password_changed_at: at,
      created_at: at,
    });
    if (id) {
      await repo.log('registered', id, task.meta, at);
      const user = await repo.findUserById(id);
      if (user && task.send) await ctx.sendCode(user, 'verify-email', task.meta);
      return;
    }
    const existing = await repo.findUserByEmail(task.email);
    if (!existing) return;
    await repo.log('registration-duplicate', existing.id, task.meta, at);
    if (!task.send) return;
    if (existing.email_verified_at === null) {
      // Never confirmed: nothing of this registration replaces the first one's; the code goes again.
      await ctx.sendCode(existing, 'verify-email', task.meta);
      return;
    }
    await ctx.sendMail(existing.email, {
      kind: 'already-registered',
      language: existing.language,
      firstName: existing.first_name,
      siteName: deps.siteName(existing.language),
      signInUrl: ctx.url(existing.language, '/sign-in'),
      resetUrl: ctx.url(existing.language, '/password-reset'),
    });
  }

  return {
    async run(task: AccountTask): Promise<void> {
      switch (task.flow) {
        case 'register':
          return register(task);
        case 'code': {
          const user = await repo.findUserByEmail(task.email);
          const verified = user ? user.email_verified_at !== null : false;
          if (task.purpose === 'reset-password') {
            await repo.log(
              'password-reset-requested',
              verified ? user!.id : null,
              task.meta,
              new Date(task.at),
            );
            if (user && verified) await ctx.sendCode(user, 'reset-password', task.meta);
          } else if (user && !verified) {
            await ctx.sendCode(user, 'verify-email', task.meta);
          }
          return;
        }
        case 'lockout': {
          const user = await repo.findUserByEmail(task.email);
          if (!user) return;
          await repo.log('lockout-notice', user.id, { ip: null, userAgent: null }, clock(), {
            limit: task.limit,
          });
          await ctx.sendMail(user.email, {
            kind: 'lockout',
            flow: task.limit,
            language: user.language,
            firstName: user.first_name,
            siteName: deps.siteName(user.language),
            until: new Date(task.until),
            resetUrl: ctx.url(user.language, '/password-reset'),
          });
          return;
        }
      }
    },
  };
}

export type AccountWorker = ReturnType<typeof createAccountWorker>;
