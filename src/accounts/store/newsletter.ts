/**
 * What the newsletter reads and writes of accounts, through accounts/public.ts: the account holders
 * whose newsletter preference is on (verified, not disabled), one account's address and language,
 * and the preference itself (the newsletter's subscription settings and one-click unsubscribe).
 */
import { type AnyDb, featureDb } from '../../platform/db/schema.ts';
import type { AccountLanguage, AccountsTables } from '../tables.ts';

export interface NewsletterMember {
  id: string;
  email: string;
  language: AccountLanguage;
  newsletter: boolean;
}

function members(db: AnyDb) {
  return featureDb<AccountsTables>(db)
    .selectFrom('users')
    .select(['id', 'email', 'language', 'newsletter'])
    .where('email_verified_at', 'is not', null)
    .where('disabled_at', 'is', null);
}

/** Verified, enabled account holders with the newsletter preference on. */
export async function newsletterMembers(db: AnyDb): Promise<NewsletterMember[]> {
  return members(db).where('newsletter', '=', true).orderBy('id').execute();
}

/** One verified, enabled account, whatever its preference (null otherwise). */
export async function newsletterMember(db: AnyDb, userId: string): Promise<NewsletterMember | null> {
  return (await members(db).where('id', '=', userId).executeTakeFirst()) ?? null;
}

export async function setNewsletterPreference(db: AnyDb, userId: string, on: boolean): Promise<void> {
  await featureDb<AccountsTables>(db)
    .updateTable('users')
    .set({ newsletter: on })
    .where('id', '=', userId)
    .execute();
}
