import { type Kysely, sql } from 'kysely';

/**
 * The newsletter (src/newsletter/README.md): subscribers (account holders and confirmed addresses,
 * with the consent they gave), special editions, the delivery ledger (one row per message and
 * recipient, unique per issue: a message is never planned twice) and the saved-search alert cursors.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('newsletter_subscribers')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_normalized', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'uuid', (c) => c.unique().references('users.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('fr', 'en')`))
    .addColumn('frequency', 'text', (c) =>
      c.notNull().check(sql`frequency in ('publication', 'daily', 'weekly')`),
    )
    .addColumn('topics', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'active', 'unsubscribed', 'bounced')`),
    )
    .addColumn('confirm_token_hash', 'text', (c) => c.unique())
    .addColumn('confirm_expires_at', 'timestamptz')
    .addColumn('consent_text', 'text')
    .addColumn('consent_requested_at', 'timestamptz')
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('cursor_at', 'timestamptz')
    .addColumn('last_digest_at', 'timestamptz')
    .addColumn('bounced_at', 'timestamptz')
    .addColumn('bounce_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('newsletter_editions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('intro_fr', 'text', (c) => c.notNull())
    .addColumn('intro_en', 'text', (c) => c.notNull())
    .addColumn('story_slugs', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('draft', 'scheduled', 'sending', 'sent')`),
    )
    .addColumn('scheduled_at', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('newsletter_messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('issue_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('digest', 'edition', 'alert')`))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('recipient_normalized', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('fr', 'en')`))
    .addColumn('subscriber_id', 'uuid', (c) => c.references('newsletter_subscribers.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('edition_id', 'uuid', (c) => c.references('newsletter_editions.id').onDelete('cascade'))
    .addColumn('saved_search_id', 'uuid')
    .addColumn('window_from', 'timestamptz')
    .addColumn('window_to', 'timestamptz')
    .addColumn('topics', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .check(sql`state in ('queued', 'sending', 'sent', 'failed', 'bounced', 'uncertain', 'skipped')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('claimed_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addUniqueConstraint('newsletter_messages_once', ['recipient_normalized', 'issue_key'])
    .execute();
  await db.schema
    .createIndex('newsletter_messages_due')
    .on('newsletter_messages')
    .columns(['state', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('newsletter_messages_edition')
    .on('newsletter_messages')
    .columns(['edition_id', 'state'])
    .execute();

  await db.schema
    .createTable('newsletter_alert_cursors')
    .addColumn('saved_search_id', 'uuid', (c) =>
      c.primaryKey().references('saved_searches.id').onDelete('cascade'),
    )
    .addColumn('checked_until', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('newsletter_alert_cursors').execute();
  await db.schema.dropTable('newsletter_messages').execute();
  await db.schema.dropTable('newsletter_editions').execute();
  await db.schema.dropTable('newsletter_subscribers').execute();
}
