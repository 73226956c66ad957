/**
 * The accounts feature's public module: what other features may use of it (the rule in
 * docs/architecture.md: a feature imports another only through this file). Web-auth is the one
 * object `createAccounts` builds; features get it from the composition root.
 */

export type { AdminUserChange, AdminUserView } from './rules/admin-users.ts';
export { isRole, ROLES } from './rules/admin-users.ts';
export { parseEmail } from './rules/validation.ts';
export type {
  AdminChangeKind,
  AdminHook,
  AdminOutcome,
  AdminUserService,
} from './service/admin-users.ts';
export { USERS_PER_PAGE } from './service/admin-users.ts';
export { userEmails } from './store/emails.ts';
export {
  type NewsletterMember,
  newsletterMember,
  newsletterMembers,
  setNewsletterPreference,
} from './store/newsletter.ts';
export type { Role } from './tables.ts';
export type { WebAuth } from './web/auth.ts';
export { sendPage } from './web/common.ts';
