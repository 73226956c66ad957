/**
 * Saved searches: a signed-in user's named queries, each with the alert they chose (stored; the alert
 * emails are not sent yet) and a private feed URL carrying a random token (`/{lang}/rss.xml?saved=`).
 * Input is checked as the search checks its own (each problem a message key), at most MAX_SAVED per
 * user; a user reads and deletes only their own, and another user's id answers as an unknown one.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Lang } from '../web/i18n/index.ts';
import type { SearchDb } from './db.ts';
import { checkQuery } from './query-text.ts';
import { queryTerms } from './search.ts';
import type { SearchProblem } from './service.ts';

export const MAX_SAVED = 50;
export const MAX_NAME = 120;
export const ALERTS = ['none', 'hourly', 'daily'] as const;
export type Alert = (typeof ALERTS)[number];

export interface SavedSearch {
  id: string;
  name: string;
  query: string;
  alert: Alert;
  lang: Lang;
  feedToken: string;
  createdAt: Date;
}

export type SaveProblem = SearchProblem | 'name' | 'alert' | 'limit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN = /^[A-Za-z0-9_-]{32}$/;

type Db = SearchDb;

function row(r: {
  id: string;
  name: string;
  query: string;
  alert: Alert;
  lang: Lang;
  feed_token: string;
  created_at: Date | string;
}): SavedSearch {
  return {
    id: r.id,
    name: r.name,
    query: r.query,
    alert: r.alert,
    lang: r.lang,
    feedToken: r.feed_token,
    createdAt: new Date(r.created_at),
  };
}

const COLUMNS = ['id', 'name', 'query', 'alert', 'lang', 'feed_token', 'created_at'] as const;

export async function listSaved(db: Db, userId: string): Promise<SavedSearch[]> {
  const rows = await db
    .selectFrom('saved_searches')
    .select(COLUMNS)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(row);
}

export async function saveSearch(
  db: Db,
  userId: string,
  input: { name?: unknown; query?: unknown; alert?: unknown },
  lang: Lang,
): Promise<{ ok: true; saved: SavedSearch } | { ok: false; problem: SaveProblem }> {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name || [...name].length > MAX_NAME) return { ok: false, problem: 'name' };
  const alert = input.alert ?? 'none';
  if (typeof alert !== 'string' || !(ALERTS as readonly string[]).includes(alert))
    return { ok: false, problem: 'alert' };
  const checked = checkQuery(typeof input.query === 'string' ? input.query : '');
  if (!checked.ok) return { ok: false, problem: checked.problem };
  if ((await queryTerms(db, checked.text))[lang] === 0) return { ok: false, problem: 'stop_words' };
  return db.transaction().execute(async (trx) => {
    // One user's saves in turn: the limit holds under concurrent requests.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`saved_searches:${userId}`}))`.execute(trx);
    const count = await trx
      .selectFrom('saved_searches')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(count?.n ?? 0) >= MAX_SAVED) return { ok: false as const, problem: 'limit' as const };
    const saved = await trx
      .insertInto('saved_searches')
      .values({
        user_id: userId,
        name,
        query: checked.text,
        alert: alert as Alert,
        lang,
        feed_token: randomBytes(24).toString('base64url'),
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return { ok: true as const, saved: row(saved) };
  });
}

/** False when the user has no saved search with this id. */
export async function deleteSaved(db: Db, userId: string, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const result = await db
    .deleteFrom('saved_searches')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The saved search a private feed token opens, or null. */
export async function savedByToken(db: Db, token: string): Promise<SavedSearch | null> {
  if (!TOKEN.test(token)) return null;
  const found = await db
    .selectFrom('saved_searches')
    .select(COLUMNS)
    .where('feed_token', '=', token)
    .executeTakeFirst();
  return found ? row(found) : null;
}
