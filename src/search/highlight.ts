/**
 * Highlights of the page's hits only (`ts_headline` parses all it is given, so it never runs over the
 * matches at large): the title, and a snippet of the standfirst and body. When the head (title and
 * standfirst) matches, the snippet is drawn from the standfirst and the start of the body only, so a
 * page of head hits costs the same whatever the length of their bodies. A body hit's snippet is drawn
 * from a window around the first place the body says it (`headlineColumns`, the relevance tiers'
 * highlights) or from its whole text (`highlight`, a page sorted by date).
 */
import { type RawBuilder, sql } from 'kysely';
import { KEEP_PARSED } from '../platform/db/kept-statements.ts';
import type { SearchDb } from './db.ts';
import { MARK_END, MARK_START } from './query-text.ts';

/** Kept parsed on PGlite (the statements' shapes are few): kept-statements.ts. */
const kept = sql.raw(KEEP_PARSED);

const HEADLINE_TITLE = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;
const HEADLINE_BODY = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
/** Characters of "standfirst body" a head hit's snippet is drawn from. */
const HEAD_HIT_TEXT = 1200;
/**
 * A body hit's snippet is drawn from this many characters of "standfirst body", starting
 * BODY_HIT_BEFORE characters before the first place where a query lexeme occurs (found in the text
 * folded by `unaccent` and `lower`, where a stem is most often a prefix of the word): `ts_headline`
 * parses all it is given, and a whole text is about four times this. When no lexeme is found so (a
 * stem that is not a prefix of the word), the whole text.
 */
const BODY_HIT_TEXT = 1000;
const BODY_HIT_BEFORE = 200;
/** A lexeme in a `tsquery`'s text: quoted, a quote inside doubled. */
const LEXEME = "'((?:[^']|'')+)'";

/**
 * The title and snippet of the row `p` (its `title`, `standfirst`, `body`), for a query `q` in the
 * configuration `cfg`, known to be a head hit or not: the columns a relevance tier adds to its page
 * (search.ts), so that a page's highlights cost no statement of their own.
 */
export function headlineColumns(
  cfg: RawBuilder<unknown>,
  q: RawBuilder<unknown>,
  headHit: boolean,
  negated: boolean,
): { title: RawBuilder<unknown>; snippet: RawBuilder<unknown> } {
  // A snippet marks each query word it holds, even when not all of them are in it (`ts_headline`
  // marks only where the whole query matches): the query with OR for AND, unless a word is excluded.
  const anyWord = negated ? q : sql`replace(${q}::text, ' & ', ' | ')::tsquery`;
  const text = sql`concat_ws(' ', nullif(p.standfirst, ''), nullif(p.body, ''))`;
  const title = sql`ts_headline(${cfg}, p.title, ${q}, ${HEADLINE_TITLE})`;
  if (headHit)
    return {
      title,
      snippet: sql`ts_headline(${cfg}, left(${text}, ${HEAD_HIT_TEXT}), ${anyWord}, ${HEADLINE_BODY})`,
    };
  const window = sql`CASE WHEN w.at IS NULL THEN t.text
      WHEN w.at <= ${BODY_HIT_BEFORE} THEN left(t.text, ${BODY_HIT_TEXT})
      ELSE regexp_replace(substr(t.text, w.at - ${BODY_HIT_BEFORE}, ${BODY_HIT_TEXT}), '^\\S*\\s+', '') END`;
  return {
    title,
    snippet: sql`(SELECT ts_headline(${cfg}, ${window}, ${anyWord}, ${HEADLINE_BODY})
      FROM (SELECT x.text, lower(unaccent(x.text)) AS folded FROM (SELECT ${text} AS text) x) t
      CROSS JOIN LATERAL (SELECT min(nullif(strpos(t.folded, replace(l.m[1], '''''', '''')), 0)) AS at
        FROM regexp_matches(${q}::text, ${LEXEME}, 'g') AS l(m)) w)`,
  };
}

export async function highlight(
  db: SearchDb,
  text: string,
  ids: string[],
): Promise<Map<string, { title: string; snippet: string }>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{
    id: string;
    title: string;
    snippet: string;
  }>`${kept}SELECT d.id, ts_headline(c.cfg, d.title, c.q, ${HEADLINE_TITLE}) AS title,
      ts_headline(c.cfg, CASE WHEN d.head @@ c.q THEN left(t.text, ${HEAD_HIT_TEXT}) ELSE t.text END, c.q,
        ${HEADLINE_BODY}) AS snippet
    FROM search_documents d
    CROSS JOIN LATERAL (SELECT x.cfg, websearch_to_tsquery(x.cfg, ${text}) AS q
      FROM (SELECT CASE d.lang WHEN 'fr' THEN 'portal_fr'::regconfig ELSE 'portal_en'::regconfig END AS cfg) x) c
    CROSS JOIN LATERAL (SELECT concat_ws(' ', nullif(d.standfirst, ''), nullif(d.body, '')) AS text) t
    WHERE d.id = ANY(${ids}::bigint[])`.execute(db);
  return new Map(rows.map((r) => [String(r.id), { title: r.title, snippet: r.snippet }]));
}
