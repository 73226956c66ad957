import type { ColumnType, Generated } from 'kysely';

/**
 * The newsletter's tables as Kysely sees them (src/platform/db/migrations/1750_newsletter.ts). The
 * ledger (`newsletter_messages`) holds one row per message and recipient, unique per issue key.
 */

export type NewsletterLanguage = 'fr' | 'en';
export type Frequency = 'publication' | 'daily' | 'weekly';
export type SubscriberStatus = 'pending' | 'active' | 'unsubscribed' | 'bounced';
export type EditionStatus = 'draft' | 'scheduled' | 'sending' | 'sent';
export type MessageKind = 'digest' | 'edition' | 'alert';
export type MessageState = 'queued' | 'sending' | 'sent' | 'failed' | 'bounced' | 'uncertain' | 'skipped';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string | undefined, string>;

export interface NewsletterSubscribersTable {
  id: Generated<string>;
  email: string;
  email_normalized: string;
  /** Set for an account holder (their newsletter preference lives in accounts). */
  user_id: string | null;
  language: NewsletterLanguage;
  frequency: Frequency;
  /** Topic slugs; empty means every topic. */
  topics: Json<string[]>;
  status: SubscriberStatus;
  /** SHA-256 (hex) of the confirmation link's token; the token itself is only in the email. */
  confirm_token_hash: string | null;
  confirm_expires_at: Timestamp | null;
  /** The exact consent sentence shown when the address was given, and when. */
  consent_text: string | null;
  consent_requested_at: Timestamp | null;
  confirmed_at: Timestamp | null;
  /** Stories published up to this time are in a digest already planned. */
  cursor_at: Timestamp | null;
  last_digest_at: Timestamp | null;
  bounced_at: Timestamp | null;
  bounce_reason: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface NewsletterEditionsTable {
  id: Generated<string>;
  intro_fr: string;
  intro_en: string;
  story_slugs: Json<string[]>;
  status: EditionStatus;
  scheduled_at: Timestamp | null;
  sent_at: Timestamp | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface NewsletterMessagesTable {
  id: Generated<string>;
  /** `digest:<window end>`, `edition:<id>`, `alert:<saved search>:<window end>`. */
  issue_key: string;
  kind: MessageKind;
  recipient: string;
  recipient_normalized: string;
  language: NewsletterLanguage;
  subscriber_id: string | null;
  user_id: string | null;
  edition_id: string | null;
  saved_search_id: string | null;
  window_from: Timestamp | null;
  window_to: Timestamp | null;
  topics: Json<string[]>;
  state: MessageState;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  claimed_at: Timestamp | null;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: Timestamp | null;
}

export interface NewsletterAlertCursorsTable {
  saved_search_id: string;
  checked_until: Timestamp;
}

export interface NewsletterTables {
  newsletter_subscribers: NewsletterSubscribersTable;
  newsletter_editions: NewsletterEditionsTable;
  newsletter_messages: NewsletterMessagesTable;
  newsletter_alert_cursors: NewsletterAlertCursorsTable;
}

declare module '../platform/db/schema.ts' {
  interface Database extends NewsletterTables {}
}
