import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CodePurpose } from './rules/codes.ts';
import type { ThrottleKind } from './rules/throttle.ts';

/**
 * The accounts tables as Kysely sees them (created by src/platform/db/migrations/0100_accounts.ts).
 * Secrets are never stored in clear: passwords as argon2id hashes, codes and recovery codes as keyed
 * HMACs, session ids as SHA-256 of the cookie token, TOTP seeds sealed with AES-256-GCM. API tokens
 * (0600_api_tokens.ts) as SHA-256 of the Bearer token.
 */

export type Role = 'journalist' | 'editor' | 'admin';
export type AccountLanguage = 'fr' | 'en';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface UsersTable {
  id: Generated<string>;
  /** As entered (trimmed, domain in lowercase ASCII); shown and used to send mail. */
  email: string;
  /** Lowercased email: the unique lookup key. */
  email_normalized: string;
  password_hash: string;
  first_name: string;
  last_name: string;
  organisation: string;
  job_title: Generated<string>;
  /** ISO 3166-1 alpha-2. */
  country: string;
  language: AccountLanguage;
  role: Generated<Role>;
  newsletter: Generated<boolean>;
  /** Null until the emailed code is confirmed: such accounts cannot sign in and are purged after 7 days. */
  email_verified_at: Timestamp | null;
  /** TOTP seed sealed with sealTotpSecret(); null when two-factor sign-in is off. */
  totp_secret_sealed: string | null;
  totp_enabled_at: Timestamp | null;
  /** Last accepted TOTP time step (replay protection). */
  totp_last_step: number | null;
  password_changed_at: Timestamp;
  /** Set by an admin (1550_people_audit): no sign-in, sessions and API tokens count for nothing. */
  disabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** IANA zone the account reads times in (1850_user_time_zone); null: the portal's (TZ_DEFAULT). */
  time_zone: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the random token in the cookie; the token itself is never stored. */
  id: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  /** Sliding: pushed forward on use (e.g. 2 h … 7 days). */
  idle_expires_at: Timestamp;
  /** Fixed at creation (e.g. 30 days): the session ends then whatever happens. */
  expires_at: Timestamp;
  /** True between a correct password and the TOTP step for accounts with two-factor sign-in. */
  pending_second_factor: Generated<boolean>;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  /** The owner's label (1–80 characters), e.g. "newsroom ingest script". */
  name: string;
  /** SHA-256 (hex) of the token; the token itself is shown once, at creation, and never stored. */
  token_hash: string;
  /** The token's first characters (e.g. `bp_Ab12Cd`), to tell tokens apart in lists. */
  prefix: string;
  created_at: CreatedAt;
  /** Written at most once a minute per token (see api-tokens.ts). */
  last_used_at: Timestamp | null;
  /** Set on revocation: the token no longer authenticates; the row stays for the record. */
  revoked_at: Timestamp | null;
}

export interface AccountCodesTable {
  user_id: string;
  purpose: CodePurpose;
  code_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  failed_attempts: Generated<number>;
  consumed_at: Timestamp | null;
}

export interface AccountCodeSendsTable {
  user_id: string;
  purpose: CodePurpose;
  sent_at: Timestamp;
}

export interface RecoveryCodesTable {
  user_id: string;
  code_hash: string;
  created_at: CreatedAt;
  used_at: Timestamp | null;
}

export type SecurityEvent =
  | 'registered'
  | 'registration-duplicate'
  | 'email-verified'
  | 'code-sent'
  | 'code-failed'
  | 'sign-in'
  | 'sign-in-failed'
  | 'sign-out'
  | 'sign-out-everywhere'
  | 'password-reset-requested'
  | 'password-reset'
  | 'password-changed'
  | 'totp-enabled'
  | 'totp-disabled'
  | 'totp-failed'
  | 'recovery-code-used'
  | 'recovery-codes-regenerated'
  | 'rate-limited'
  | 'lockout-notice'
  | 'account-deleted'
  | 'api-token-created'
  | 'api-token-revoked';

export interface SecurityLogTable {
  /** bigserial: node-postgres returns it as a string, PGlite as a number. */
  id: ColumnType<string | number, never, never>;
  /** Null for events about no known account, and after the account is deleted. */
  user_id: string | null;
  event: SecurityEvent;
  ip: string | null;
  user_agent: string | null;
  /** JSON object without personal data (e.g. {"purpose":"verify-email","reason":"expired"}); insert as JSON text. */
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
  created_at: CreatedAt;
}

/** Attempts counted for per-email limits (throttle.ts), keyed by throttleKey(): no address stored. */
export interface AuthAttemptsTable {
  key_hash: string;
  kind: ThrottleKind;
  attempted_at: Timestamp;
}

export interface AccountsTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  account_codes: AccountCodesTable;
  account_code_sends: AccountCodeSendsTable;
  recovery_codes: RecoveryCodesTable;
  security_log: SecurityLogTable;
  auth_attempts: AuthAttemptsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type AccountCodeRow = Selectable<AccountCodesTable>;
export type SecurityLogEntry = Selectable<SecurityLogTable>;

declare module '../platform/db/schema.ts' {
  interface Database extends AccountsTables {}
}
