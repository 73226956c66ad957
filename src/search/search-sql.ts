/**
 * What the search's statements are built from (search.ts, count-page.ts): the request, the query in
 * each language's configuration, the match, visibility and filter conditions, a page's columns and
 * the row they give.
 */
import { type RawBuilder, sql } from 'kysely';
import { KEEP_PARSED } from '../platform/db/kept-statements.ts';
import type { SearchDocumentsTable, SearchKind } from './tables.ts';

/** Kept parsed on PGlite (the statements' shapes are few): kept-statements.ts. */
export const kept = sql.raw(KEEP_PARSED);

export type Lang = 'fr' | 'en';
export const PAGE_SIZE = 10;

export interface SearchRequest {
  /** Checked query text (query-text.ts). */
  text: string;
  /** The page's language. */
  lang: Lang;
  types: readonly SearchKind[] | null;
  language: Lang | null;
  topic: string | null;
  /** Inclusive date range on the publication time. */
  from: Date | null;
  to: Date | null;
  sort: 'relevance' | 'date';
  page: number;
  /** Snapshot: nothing published after this time is seen, so pages hold while stories appear. */
  at: Date;
}

export function queryOf(lang: Lang, text: string): RawBuilder<unknown> {
  return lang === 'fr'
    ? sql`websearch_to_tsquery('portal_fr'::regconfig, ${text})`
    : sql`websearch_to_tsquery('portal_en'::regconfig, ${text})`;
}

/** Matched in the document's language, by its whole text (`tsv`) or by its head only. */
export function matchWhere(request: SearchRequest, vector: 'tsv' | 'head' = 'tsv'): RawBuilder<unknown> {
  const v = sql.raw(`d.${vector}`);
  return sql`((d.lang = 'fr' AND ${v} @@ ${queryOf('fr', request.text)})
      OR (d.lang = 'en' AND ${v} @@ ${queryOf('en', request.text)}))`;
}

/** A head match implies a whole-text match unless the query excludes a word (`-word`). */
export function negates(text: string): boolean {
  return /(^|\s)-\S/u.test(text);
}

/** Visible at the snapshot, in the page's language or only in the other one, in range. */
export function visibleWhere(request: SearchRequest): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [
    sql`(d.lang = ${request.lang} OR d.sole)`,
    sql`d.published_at <= ${request.at}`,
  ];
  if (request.from) parts.push(sql`d.published_at >= ${request.from}`);
  if (request.to) parts.push(sql`d.published_at <= ${request.to}`);
  return sql.join(parts, sql` AND `);
}

export function filtersWhere(request: SearchRequest, alias: 'd' | 'p' = 'd'): RawBuilder<unknown> {
  const a = sql.raw(alias);
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (request.types) parts.push(sql`${a}.kind = ANY(${[...request.types]}::text[])`);
  if (request.language) parts.push(sql`${a}.lang = ${request.language}`);
  if (request.topic) parts.push(sql`${request.topic} = ANY(${a}.topics)`);
  return sql.join(parts, sql` AND `);
}

/** The columns of a page's row, of `search_documents` or of a subquery over it, named `alias`. */
export function columns(alias: 'd' | 'p'): RawBuilder<unknown> {
  return sql.raw(
    ['id', 'item_key', 'kind', 'lang', 'story_id', 'slug', 'video_id', 'in_frame', 'out_frame', 'duration_ms']
      .concat(['title', 'published_at'])
      .map((c) => `${alias}.${c}`)
      .join(', '),
  );
}

/** A page's row: the columns `columns` names (the document's own types), and the highlights. */
export type Row = Pick<
  SearchDocumentsTable,
  | 'item_key'
  | 'kind'
  | 'lang'
  | 'story_id'
  | 'slug'
  | 'video_id'
  | 'in_frame'
  | 'out_frame'
  | 'duration_ms'
  | 'title'
> & {
  id: string;
  published_at: Date | string;
  /** Highlights written with the row (relevance tiers); else computed by `highlight`. */
  title_html?: string | null;
  snippet_html?: string | null;
};
