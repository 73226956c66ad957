/**
 * The delivery ledger's SQL: one row per message and recipient, unique per (address, issue key), so a
 * message planned twice is stored once. A row is claimed (`sending`, recorded before the SMTP
 * conversation) and then marked `sent` (after the relay's 250): a row a killed process left in
 * `sending` is never sent again (`uncertain`, counted in the back office), so no reader gets one issue
 * twice. Transient refusals go back to `queued` with a later attempt time; 5xx ones are `bounced`.
 */
import { sql } from 'kysely';
import type { AnyDb } from '../platform/db/schema.ts';
import { newsletterDb } from './db.ts';
import type { MessageKind, MessageState, NewsletterLanguage } from './tables.ts';

export interface PlannedMessage {
  issueKey: string;
  kind: MessageKind;
  recipient: string;
  language: NewsletterLanguage;
  subscriberId?: string | null;
  userId?: string | null;
  editionId?: string | null;
  savedSearchId?: string | null;
  windowFrom?: Date | null;
  windowTo?: Date | null;
  topics?: readonly string[];
}

export interface LedgerRow {
  id: string;
  issueKey: string;
  kind: MessageKind;
  recipient: string;
  recipientKey: string;
  language: NewsletterLanguage;
  subscriberId: string | null;
  userId: string | null;
  editionId: string | null;
  savedSearchId: string | null;
  windowFrom: Date | null;
  windowTo: Date | null;
  topics: string[];
  attempts: number;
}

/** Inserts the messages not planned before (by address and issue); returns how many are new. */
export async function planMessages(
  anyDb: AnyDb,
  messages: readonly PlannedMessage[],
  now: Date,
): Promise<number> {
  let added = 0;
  for (let i = 0; i < messages.length; i += 500) {
    const chunk = messages.slice(i, i + 500);
    const result = await newsletterDb(anyDb)
      .insertInto('newsletter_messages')
      .values(
        chunk.map((m) => ({
          issue_key: m.issueKey,
          kind: m.kind,
          recipient: m.recipient,
          recipient_normalized: m.recipient.toLowerCase(),
          language: m.language,
          subscriber_id: m.subscriberId ?? null,
          user_id: m.userId ?? null,
          edition_id: m.editionId ?? null,
          saved_search_id: m.savedSearchId ?? null,
          window_from: m.windowFrom ?? null,
          window_to: m.windowTo ?? null,
          topics: JSON.stringify(m.topics ?? []),
          state: 'queued' as const,
          next_attempt_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['recipient_normalized', 'issue_key']).doNothing())
      .returning('id')
      .execute();
    added += result.length;
  }
  return added;
}

type Row = {
  id: string;
  issue_key: string;
  kind: MessageKind;
  recipient: string;
  recipient_normalized: string;
  language: NewsletterLanguage;
  subscriber_id: string | null;
  user_id: string | null;
  edition_id: string | null;
  saved_search_id: string | null;
  window_from: Date | string | null;
  window_to: Date | string | null;
  topics: string[] | string;
  attempts: number;
};

function ledgerRow(r: Row): LedgerRow {
  return {
    id: r.id,
    issueKey: r.issue_key,
    kind: r.kind,
    recipient: r.recipient,
    recipientKey: r.recipient_normalized,
    language: r.language,
    subscriberId: r.subscriber_id,
    userId: r.user_id,
    editionId: r.edition_id,
    savedSearchId: r.saved_search_id,
    windowFrom: r.window_from === null ? null : new Date(r.window_from),
    windowTo: r.window_to === null ? null : new Date(r.window_to),
    topics: typeof r.topics === 'string' ? (JSON.parse(r.topics) as string[]) : r.topics,
    attempts: Number(r.attempts),
  };
}

/** Claims the oldest due message (recorded as `sending` before anything is sent), or null. */
export async function claimNext(anyDb: AnyDb, now: Date): Promise<LedgerRow | null> {
  const { rows } = await sql<Row>`
    UPDATE newsletter_messages SET state = 'sending', claimed_at = ${now}, attempts = attempts + 1
    WHERE id = (
      SELECT id FROM newsletter_messages
      WHERE state = 'queued' AND next_attempt_at <= ${now}
      ORDER BY next_attempt_at, created_at, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, issue_key, kind, recipient, recipient_normalized, language, subscriber_id, user_id,
      edition_id, saved_search_id, window_from, window_to, topics, attempts`.execute(anyDb);
  return rows[0] ? ledgerRow(rows[0]) : null;
}

async function setState(
  anyDb: AnyDb,
  id: string,
  state: MessageState,
  extra: { last_error?: string | null; sent_at?: Date; next_attempt_at?: Date } = {},
): Promise<void> {
  await newsletterDb(anyDb)
    .updateTable('newsletter_messages')
    .set({ state, ...extra })
    .where('id', '=', id)
    .where('state', '=', 'sending')
    .execute();
}

export const markSent = (db: AnyDb, id: string, now: Date) => setState(db, id, 'sent', { sent_at: now });
export const markSkipped = (db: AnyDb, id: string) => setState(db, id, 'skipped');
export const markFailed = (db: AnyDb, id: string, error: string) =>
  setState(db, id, 'failed', { last_error: error.slice(0, 500) });
export const markRetry = (db: AnyDb, id: string, error: string, at: Date) =>
  setState(db, id, 'queued', { last_error: error.slice(0, 500), next_attempt_at: at });

/** A 5xx refusal: this row and every other queued one to the address are `bounced`. */
export async function markBouncedRows(anyDb: AnyDb, id: string, recipientKey: string, error: string) {
  await setState(anyDb, id, 'bounced', { last_error: error.slice(0, 500) });
  await newsletterDb(anyDb)
    .updateTable('newsletter_messages')
    .set({ state: 'bounced', last_error: 'address refused earlier' })
    .where('recipient_normalized', '=', recipientKey)
    .where('state', '=', 'queued')
    .execute();
}

/**
 * Messages a stopped process left in `sending` (claimed before `claimedBefore`): perhaps sent, perhaps
 * not. They become `uncertain` and are never sent again. Returns how many.
 */
export async function settleInterrupted(anyDb: AnyDb, claimedBefore: Date): Promise<number> {
  const result = await newsletterDb(anyDb)
    .updateTable('newsletter_messages')
    .set({ state: 'uncertain', last_error: 'interrupted while sending' })
    .where('state', '=', 'sending')
    .where('claimed_at', '<=', claimedBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Messages waiting (now or later): the send job runs while there are any due. */
export async function nextDueAt(anyDb: AnyDb): Promise<Date | null> {
  const row = await newsletterDb(anyDb)
    .selectFrom('newsletter_messages')
    .select((eb) => eb.fn.min('next_attempt_at').as('at'))
    .where('state', '=', 'queued')
    .executeTakeFirst();
  return row?.at ? new Date(row.at as Date | string) : null;
}

export interface EditionStats {
  recipients: number;
  sent: number;
  failed: number;
}

export async function editionStats(anyDb: AnyDb, ids: readonly string[]): Promise<Map<string, EditionStats>> {
  const out = new Map<string, EditionStats>();
  if (ids.length === 0) return out;
  const rows = await newsletterDb(anyDb)
    .selectFrom('newsletter_messages')
    .select(['edition_id', 'state', (eb) => eb.fn.countAll<string>().as('n')])
    .where('edition_id', 'in', [...ids])
    .groupBy(['edition_id', 'state'])
    .execute();
  for (const id of ids) out.set(id, { recipients: 0, sent: 0, failed: 0 });
  for (const r of rows) {
    const stats = out.get(r.edition_id ?? '');
    if (!stats) continue;
    const n = Number(r.n);
    stats.recipients += n;
    if (r.state === 'sent') stats.sent += n;
    if (r.state === 'failed' || r.state === 'bounced' || r.state === 'uncertain') stats.failed += n;
  }
  return out;
}
