/**
 * What the newsletter's alert emails read of search: the saved searches whose owner chose an alert
 * (hourly or daily), and the new items of one saved search in a window (newest first, as an anonymous
 * visitor may see them: an alert email never shows more than the public feed of the same search).
 */
import type { AnyDb } from '../platform/db/schema.ts';
import type { Lang } from '../web/i18n/index.ts';
import { searchDb } from './db.ts';
import { runSearch, type SearchItem, type VideoAccessFn } from './service.ts';

export interface AlertingSearch {
  id: string;
  userId: string;
  name: string;
  query: string;
  alert: 'hourly' | 'daily';
  lang: Lang;
  createdAt: Date;
}

export async function alertingSearches(db: AnyDb, id?: string): Promise<AlertingSearch[]> {
  let query = searchDb(db)
    .selectFrom('saved_searches')
    .select(['id', 'user_id', 'name', 'query', 'alert', 'lang', 'created_at'])
    .where('alert', 'in', ['hourly', 'daily']);
  if (id !== undefined) query = query.where('id', '=', id);
  const rows = await query.orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    name: r.name,
    query: r.query,
    alert: r.alert as 'hourly' | 'daily',
    lang: r.lang,
    createdAt: new Date(r.created_at),
  }));
}

export async function alertingSearch(db: AnyDb, id: string): Promise<AlertingSearch | null> {
  return (await alertingSearches(db, id))[0] ?? null;
}

/** Turns a saved search's alert off (the alert email's one-click unsubscribe). */
export async function stopAlert(db: AnyDb, id: string): Promise<void> {
  await searchDb(db).updateTable('saved_searches').set({ alert: 'none' }).where('id', '=', id).execute();
}

/** Items of the search published after `from` up to `to` (at most one page, newest first). */
export async function newMatches(
  db: AnyDb,
  saved: Pick<AlertingSearch, 'query' | 'lang'>,
  from: Date,
  to: Date,
  access: VideoAccessFn,
): Promise<SearchItem[]> {
  const outcome = await runSearch(searchDb(db), { q: saved.query, sort: 'date' }, saved.lang, access, to);
  if (!outcome.ok) return [];
  return outcome.answer.items.filter((item) => {
    const at = new Date(item.publishedAt);
    return at > from && at <= to;
  });
}
