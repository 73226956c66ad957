/**
 * The delivery ledger's SQL: one row per message and recipient, unique per (address, issue key), so a
 * message planned twice is stored once. Rows are claimed in batches (`sending`: this worker's, at an
 * attempt number) and each is marked `sent` once the relay has answered; its hand-over itself is
 * recorded in the hand-over journal, in the instant before the relay may take it (delivery.ts,
 * hand-over-journal.ts). A row a killed process left in `sending` is `sent` if a journal records it
 * (`markHandedOver`), else it was never handed over and is queued again; a `sent` row is never sent
 * again. Transient refusals go back to `queued` with a later attempt time; 5xx ones are `bounced`; a
 * reply lost after the hand-over makes the row `uncertain` (perhaps delivered: not sent again).
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

/** Claims up to `limit` of the oldest due messages (`sending`: this worker's), in that order. */
export async function claimDue(anyDb: AnyDb, now: Date, limit: number): Promise<LedgerRow[]> {
  const { rows } = await sql<Row & { next_attempt_at: Date | string; created_at: Date | string }>`
    UPDATE newsletter_messages SET state = 'sending', claimed_at = ${now}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM newsletter_messages
      WHERE state = 'queued' AND next_attempt_at <= ${now}
      ORDER BY next_attempt_at, created_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, issue_key, kind, recipient, recipient_normalized, language, subscriber_id, user_id,
      edition_id, saved_search_id, window_from, window_to, topics, attempts, next_attempt_at,
      created_at`.execute(anyDb);
  const time = (d: Date | string) => new Date(d).getTime();
  return rows
    .sort(
      (a, b) =>
        time(a.next_attempt_at) - time(b.next_attempt_at) ||
        time(a.created_at) - time(b.created_at) ||
        (a.id < b.id ? -1 : 1),
    )
    .map(ledgerRow);
}

/** Claims this worker will not use (it is stopping): queued again as they were. */
export async function releaseClaims(anyDb: AnyDb, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await newsletterDb(anyDb)
    .updateTable('newsletter_messages')
    .set((eb) => ({ state: 'queued', attempts: eb('attempts', '-', 1) }))
    .where('id', 'in', [...ids])
    .where('state', '=', 'sending')
    .execute();
}

/** A row's new state, from `sending` (or also from `sent`: a refusal or a lost reply after the hand-over). */
async function setState(
  anyDb: AnyDb,
  id: string,
  state: MessageState,
  extra: { last_error?: string | null; sent_at?: Date; next_attempt_at?: Date } = {},
  from: readonly MessageState[] = ['sending', 'sent'],
): Promise<boolean> {
  const result = await newsletterDb(anyDb)
    .updateTable('newsletter_messages')
    .set({ state, ...extra })
    .where('id', '=', id)
    .where('state', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Several messages the relay has taken, at once (one statement for every lane the relay answered
 * meanwhile): the ids this worker still held the claim of.
 */
export async function markSent(anyDb: AnyDb, ids: readonly string[], now: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await newsletterDb(anyDb)
    .updateTable('newsletter_messages')
    .set({ state: 'sent', sent_at: now })
    .where('id', 'in', [...ids])
    .where('state', '=', 'sending')
    .returning('id')
    .execute();
  return new Set(rows.map((row) => row.id));
}
export const markSkipped = (db: AnyDb, id: string) => setState(db, id, 'skipped', {}, ['sending']);
export const markFailed = (db: AnyDb, id: string, error: string) =>
  setState(db, id, 'failed', { last_error: error.slice(0, 500) });
export const markRetry = (db: AnyDb, id: string, error: string, at: Date) =>
  setState(db, id, 'queued', { last_error: error.slice(0, 500), next_attempt_at: at });
export const markUncertain = (db: AnyDb, id: string, error: string) =>
  setState(db, id, 'uncertain', { last_error: error.slice(0, 500) });

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
 * Rows a hand-over journal records (hand-over-journal.ts): those still `sending` at the recorded
 * attempt went to the relay whole before their process stopped, so they are `sent`. Returns how many.
 */
export async function markHandedOver(
  anyDb: AnyDb,
  records: readonly { id: string; attempt: number }[],
  now: Date,
): Promise<number> {
  let settled = 0;
  for (let i = 0; i < records.length; i += 500) {
    const pairs = sql.join(records.slice(i, i + 500).map((r) => sql`(${r.id}::uuid, ${r.attempt}::int)`));
    const result = await sql`
      UPDATE newsletter_messages AS m SET state = 'sent', sent_at = ${now}
      FROM (VALUES ${pairs}) AS h(id, attempt)
      WHERE m.id = h.id AND m.attempts = h.attempt AND m.state = 'sending'`.execute(anyDb);
    settled += Number(result.numAffectedRows ?? 0);
  }
  return settled;
}

/**
 * Messages a stopped process left in `sending` (claimed before `claimedBefore`), once the hand-over
 * journals are applied (`markHandedOver`): never handed over, so queued again. Returns how many.
 */
export async function requeueInterrupted(anyDb: AnyDb, claimedBefore: Date): Promise<number> {
  const result = await newsletterDb(anyDb)
    .updateTable('newsletter_messages')
    .set({ state: 'queued', last_error: 'interrupted before its hand-over: sent again' })
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
