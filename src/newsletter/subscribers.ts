/**
 * Subscribers' SQL: sign-up by address (pending until the emailed link confirms it, consent kept with
 * its text and times), confirmation, unsubscribe, account holders mirrored from their preference, the
 * back office's counts and refused addresses. Answers never depend on whether an address was known.
 */
import { sql } from 'kysely';
import type { NewsletterMember } from '../accounts/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import { type NewsletterDb, newsletterDb } from './db.ts';
import type { SubscriptionChoice } from './rules.ts';
import type { Frequency, NewsletterLanguage, SubscriberStatus } from './tables.ts';

export interface Subscriber {
  id: string;
  email: string;
  emailKey: string;
  userId: string | null;
  language: NewsletterLanguage;
  frequency: Frequency;
  topics: string[];
  status: SubscriberStatus;
  cursorAt: Date | null;
  lastDigestAt: Date | null;
  confirmedAt: Date | null;
}

const COLUMNS = [
  'id',
  'email',
  'email_normalized',
  'user_id',
  'language',
  'frequency',
  'topics',
  'status',
  'cursor_at',
  'last_digest_at',
  'confirmed_at',
] as const;

type Row = {
  id: string;
  email: string;
  email_normalized: string;
  user_id: string | null;
  language: NewsletterLanguage;
  frequency: Frequency;
  topics: string[] | string;
  status: SubscriberStatus;
  cursor_at: Date | string | null;
  last_digest_at: Date | string | null;
  confirmed_at: Date | string | null;
};

const date = (value: Date | string | null) => (value === null ? null : new Date(value));

function subscriber(r: Row): Subscriber {
  return {
    id: r.id,
    email: r.email,
    emailKey: r.email_normalized,
    userId: r.user_id,
    language: r.language,
    frequency: r.frequency,
    topics: typeof r.topics === 'string' ? (JSON.parse(r.topics) as string[]) : r.topics,
    status: r.status,
    cursorAt: date(r.cursor_at),
    lastDigestAt: date(r.last_digest_at),
    confirmedAt: date(r.confirmed_at),
  };
}

/**
 * A sign-up by address: a new or former (pending, unsubscribed) subscriber becomes pending with these
 * choices and this consent text; an active, refused or account subscriber is left as it is. Returns the
 * row's id either way (the caller queues the same job and gives the same answer).
 */
export async function requestSubscription(
  anyDb: AnyDb,
  address: { email: string; key: string },
  choice: SubscriptionChoice,
  consentText: string,
  now: Date,
): Promise<string> {
  const db = newsletterDb(anyDb);
  const row = await db
    .insertInto('newsletter_subscribers')
    .values({
      email: address.email,
      email_normalized: address.key,
      language: choice.language,
      frequency: choice.frequency,
      topics: JSON.stringify(choice.topics),
      status: 'pending',
      consent_text: consentText,
      consent_requested_at: now,
    })
    .onConflict((oc) =>
      oc.column('email_normalized').doUpdateSet((eb) => ({
        language: sql`case when ${eb.ref('newsletter_subscribers.status')} in ('pending', 'unsubscribed') and ${eb.ref('newsletter_subscribers.user_id')} is null then ${eb.ref('excluded.language')} else ${eb.ref('newsletter_subscribers.language')} end`,
        frequency: sql`case when ${eb.ref('newsletter_subscribers.status')} in ('pending', 'unsubscribed') and ${eb.ref('newsletter_subscribers.user_id')} is null then ${eb.ref('excluded.frequency')} else ${eb.ref('newsletter_subscribers.frequency')} end`,
        topics: sql`case when ${eb.ref('newsletter_subscribers.status')} in ('pending', 'unsubscribed') and ${eb.ref('newsletter_subscribers.user_id')} is null then ${eb.ref('excluded.topics')} else ${eb.ref('newsletter_subscribers.topics')} end`,
        consent_text: sql`case when ${eb.ref('newsletter_subscribers.status')} in ('pending', 'unsubscribed') and ${eb.ref('newsletter_subscribers.user_id')} is null then ${eb.ref('excluded.consent_text')} else ${eb.ref('newsletter_subscribers.consent_text')} end`,
        consent_requested_at: sql`case when ${eb.ref('newsletter_subscribers.status')} in ('pending', 'unsubscribed') and ${eb.ref('newsletter_subscribers.user_id')} is null then ${eb.ref('excluded.consent_requested_at')} else ${eb.ref('newsletter_subscribers.consent_requested_at')} end`,
        status: sql`case when ${eb.ref('newsletter_subscribers.status')} = 'unsubscribed' and ${eb.ref('newsletter_subscribers.user_id')} is null then 'pending' else ${eb.ref('newsletter_subscribers.status')} end`,
        updated_at: now,
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The pending subscriber to mail a confirmation link to (null: nothing to send). */
export async function pendingSubscriber(anyDb: AnyDb, id: string): Promise<Subscriber | null> {
  const row = await newsletterDb(anyDb)
    .selectFrom('newsletter_subscribers')
    .select(COLUMNS)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('user_id', 'is', null)
    .executeTakeFirst();
  return row ? subscriber(row) : null;
}

export async function setConfirmToken(anyDb: AnyDb, id: string, hash: string, expires: Date): Promise<void> {
  await newsletterDb(anyDb)
    .updateTable('newsletter_subscribers')
    .set({ confirm_token_hash: hash, confirm_expires_at: expires })
    .where('id', '=', id)
    .execute();
}

/** Confirms the pending subscriber whose link this is: true when one was confirmed now. */
export async function confirmByTokenHash(anyDb: AnyDb, hash: string, now: Date): Promise<boolean> {
  const result = await newsletterDb(anyDb)
    .updateTable('newsletter_subscribers')
    .set({
      status: 'active',
      confirmed_at: now,
      cursor_at: now,
      last_digest_at: now,
      confirm_token_hash: null,
      confirm_expires_at: null,
      updated_at: now,
    })
    .where('confirm_token_hash', '=', hash)
    .where('status', '=', 'pending')
    .where('confirm_expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Unsubscribes; returns the account it belongs to (its preference goes off too), or null. */
export async function unsubscribe(
  anyDb: AnyDb,
  id: string,
  now: Date,
): Promise<{ found: boolean; userId: string | null }> {
  const row = await newsletterDb(anyDb)
    .updateTable('newsletter_subscribers')
    .set({ status: 'unsubscribed', updated_at: now })
    .where('id', '=', id)
    .where('status', '!=', 'bounced')
    .returning('user_id')
    .executeTakeFirst();
  if (row) return { found: true, userId: row.user_id };
  const exists = await newsletterDb(anyDb)
    .selectFrom('newsletter_subscribers')
    .select('user_id')
    .where('id', '=', id)
    .executeTakeFirst();
  return { found: Boolean(exists), userId: exists?.user_id ?? null };
}

export async function subscriberOfUser(anyDb: AnyDb, userId: string): Promise<Subscriber | null> {
  const row = await newsletterDb(anyDb)
    .selectFrom('newsletter_subscribers')
    .select(COLUMNS)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? subscriber(row) : null;
}

/**
 * Mirrors an account's preference: its row (created with the account's language, daily, every topic,
 * or attached to an earlier sign-up with the same address) is active when the preference is on.
 */
async function upsertMember(
  db: NewsletterDb,
  member: NewsletterMember,
  choice: SubscriptionChoice | null,
  now: Date,
): Promise<void> {
  const key = member.email.toLowerCase();
  const existing = await db
    .selectFrom('newsletter_subscribers')
    .select(['id', 'status', 'user_id'])
    .where((eb) => eb.or([eb('user_id', '=', member.id), eb('email_normalized', '=', key)]))
    .orderBy(sql`user_id is null`)
    .execute();
  const own = existing[0];
  const status: SubscriberStatus = member.newsletter ? 'active' : 'unsubscribed';
  if (!own) {
    await db
      .insertInto('newsletter_subscribers')
      .values({
        email: member.email,
        email_normalized: key,
        user_id: member.id,
        language: choice?.language ?? member.language,
        frequency: choice?.frequency ?? 'daily',
        topics: JSON.stringify(choice?.topics ?? []),
        status,
        consent_text: 'account preference',
        consent_requested_at: now,
        confirmed_at: now,
        cursor_at: now,
        last_digest_at: now,
      })
      .execute();
    return;
  }
  // Another row with this address (a sign-up before the account, or the account's old address) goes.
  for (const other of existing.slice(1)) {
    await db.deleteFrom('newsletter_subscribers').where('id', '=', other.id).execute();
  }
  const wasActive = own.status === 'active';
  await db
    .updateTable('newsletter_subscribers')
    .set({
      email: member.email,
      email_normalized: key,
      user_id: member.id,
      ...(choice
        ? { language: choice.language, frequency: choice.frequency, topics: JSON.stringify(choice.topics) }
        : {}),
      ...(own.status === 'bounced' && !choice ? {} : { status }),
      ...(status === 'active' && !wasActive
        ? { cursor_at: now, last_digest_at: now, confirmed_at: now }
        : {}),
      updated_at: now,
    })
    .where('id', '=', own.id)
    .execute();
}

/** The signed-in user's choices (or turning it off): their row follows, their preference is set by the caller. */
export async function saveMemberSubscription(
  anyDb: AnyDb,
  member: NewsletterMember,
  choice: SubscriptionChoice | null,
  now: Date,
): Promise<void> {
  await upsertMember(newsletterDb(anyDb), member, choice, now);
}

/** Account holders' rows follow their preference (every planning round). */
export async function syncMembers(
  anyDb: AnyDb,
  members: readonly NewsletterMember[],
  now: Date,
): Promise<void> {
  const db = newsletterDb(anyDb);
  const rows = await db
    .selectFrom('newsletter_subscribers')
    .select(['user_id', 'status', 'email'])
    .where('user_id', 'is not', null)
    .execute();
  const known = new Map(rows.map((r) => [r.user_id, r]));
  for (const member of members) {
    const row = known.get(member.id);
    if (row && (row.status === 'active' || row.status === 'bounced') && row.email === member.email) continue;
    await upsertMember(db, member, null, now);
  }
  const on = new Set(members.map((m) => m.id));
  const off = rows
    .filter((r) => r.user_id && r.status === 'active' && !on.has(r.user_id))
    .map((r) => r.user_id as string);
  for (let i = 0; i < off.length; i += 500) {
    await db
      .updateTable('newsletter_subscribers')
      .set({ status: 'unsubscribed', updated_at: now })
      .where('user_id', 'in', off.slice(i, i + 500))
      .execute();
  }
}

export async function activeSubscribers(anyDb: AnyDb): Promise<Subscriber[]> {
  const rows = await newsletterDb(anyDb)
    .selectFrom('newsletter_subscribers')
    .select(COLUMNS)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
  return rows.map(subscriber);
}

/** A permanent refusal: no more mail to this address (shown in the back office). */
export async function markBounced(anyDb: AnyDb, emailKey: string, reason: string, now: Date): Promise<void> {
  await newsletterDb(anyDb)
    .updateTable('newsletter_subscribers')
    .set({ status: 'bounced', bounced_at: now, bounce_reason: reason.slice(0, 500), updated_at: now })
    .where('email_normalized', '=', emailKey)
    .execute();
}

export async function subscriberCounts(anyDb: AnyDb): Promise<Record<SubscriberStatus, number>> {
  const rows = await newsletterDb(anyDb)
    .selectFrom('newsletter_subscribers')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('status')
    .execute();
  const counts = { pending: 0, active: 0, unsubscribed: 0, bounced: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

export async function bouncedAddresses(
  anyDb: AnyDb,
  limit = 100,
): Promise<{ email: string; reason: string; at: Date }[]> {
  const rows = await newsletterDb(anyDb)
    .selectFrom('newsletter_subscribers')
    .select(['email', 'bounce_reason', 'bounced_at'])
    .where('status', '=', 'bounced')
    .orderBy('bounced_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    email: r.email,
    reason: r.bounce_reason ?? '',
    at: new Date(r.bounced_at ?? 0),
  }));
}

/** Subscribers whose digest window may hold stories (cursor set) for the planner. */
export async function setCursors(anyDb: AnyDb, ids: readonly string[], to: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await newsletterDb(anyDb)
      .updateTable('newsletter_subscribers')
      .set({ cursor_at: to, last_digest_at: to })
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
  }
}
