/**
 * The count of a search (search.ts): its total and facets over the matches, read from at most the cap
 * of them, and (where statements are kept parsed) the page by relevance written by the same statement.
 */
import { type RawBuilder, sql } from 'kysely';
import type { SearchDb } from './db.ts';
import { headlineColumns } from './highlight.ts';
import {
  filtersWhere,
  kept,
  type Lang,
  PAGE_SIZE,
  queryOf,
  type Row,
  type SearchRequest,
} from './search-sql.ts';
import type { SearchKind } from './tables.ts';

/** Matches by type, language and topic, each counted with every filter but its own. */
export interface Facets {
  type: Record<string, number>;
  lang: Record<string, number>;
  topic: Record<string, number>;
}

/**
 * Total and facets over the matches (each facet with every filter but its own), read from at most
 * COUNT_CAP + 1 of them; past that, the filtered total is counted apart, up to the cap too. When more
 * than COUNT_CAP items match by their head (title and standfirst: `headWhere`, a small vector with its
 * own index), those COUNT_CAP + 1 are the ones read, and the whole text's index is not: for a frequent
 * word it lists up to seven times as many documents.
 */
export async function countAndFacets(
  db: SearchDb,
  request: SearchRequest,
  where: RawBuilder<unknown>,
  headWhere: RawBuilder<unknown>,
  cap: number,
  page: { skip: number } | null,
): Promise<{
  facets: Facets;
  total: number;
  capped: boolean;
  facetsCapped: boolean;
  pageRows: Row[] | null;
}> {
  // A materialized CTE is planned for all its rows (the GIN indexes' bitmap), then read only as far
  // as the LIMIT: planned under the LIMIT, a frequent word would get a scan of the table in order,
  // testing every row's whole vector. `m` is read only when `h` holds at most `cap` rows (a one-time
  // filter: its scan does not start otherwise).
  const groupsSql = sql`SELECT s.kind, s.lang, s.topics, count(*) AS n FROM s GROUP BY s.kind, s.lang, s.topics`;
  const { rows: found } = await sql<
    { kind: SearchKind; lang: Lang; topics: string[]; n: string } & Partial<Row> & {
        part?: string;
        rn?: string;
      }
  >`${kept}WITH ${page ? sql`qs AS MATERIALIZED (SELECT ${queryOf('fr', request.text)} AS fr, ${queryOf('en', request.text)} AS en),` : sql``}
      h AS MATERIALIZED (SELECT d.kind, d.lang, d.topics FROM search_documents d WHERE ${headWhere}),
      hn AS (SELECT count(*) AS n FROM (SELECT 1 FROM h LIMIT ${cap + 1}) x),
      m AS MATERIALIZED (SELECT d.kind, d.lang, d.topics${page ? sql`, d.id, d.published_at, d.head` : sql``}
        FROM search_documents d WHERE ${where}),
      s AS (SELECT * FROM (SELECT * FROM h LIMIT ${cap + 1}) x WHERE (SELECT n FROM hn) > ${cap}
        UNION ALL SELECT y.kind, y.lang, y.topics FROM (SELECT * FROM m LIMIT ${cap + 1}) y
          WHERE (SELECT n FROM hn) <= ${cap})
    ${
      page
        ? sql`SELECT 'g' AS part, g.*, NULL::bigint AS rn,
            ${sql.raw([...PAGE_COLUMNS, 'title_html', 'snippet_html'].map((c) => `NULL AS ${c}`).join(', '))}
          FROM (${groupsSql}) g UNION ALL ${pageOfMatches(request, cap, page.skip)}`
        : groupsSql
    }`.execute(db);
  const groups = page ? found.filter((r) => r.part === 'g') : found;
  const facets: Facets = { type: {}, lang: {}, topic: {} };
  let total = 0;
  let seen = 0;
  for (const g of groups) {
    const n = Number(g.n);
    seen += n;
    const typeOk = !request.types || request.types.includes(g.kind);
    const langOk = !request.language || request.language === g.lang;
    const topicOk = !request.topic || g.topics.includes(request.topic);
    if (langOk && topicOk) facets.type[g.kind] = (facets.type[g.kind] ?? 0) + n;
    if (typeOk && topicOk) facets.lang[g.lang] = (facets.lang[g.lang] ?? 0) + n;
    if (typeOk && langOk) for (const t of g.topics) facets.topic[t] = (facets.topic[t] ?? 0) + n;
    if (typeOk && langOk && topicOk) total += n;
  }
  if (seen <= cap) {
    const pageRows = page
      ? (found.filter((r) => r.part === 'p') as unknown as (Row & { rn: string })[]).sort(
          (a, b) => Number(a.rn) - Number(b.rn),
        )
      : null;
    return { facets, total, capped: false, facetsCapped: false, pageRows };
  }
  const filtered = !!(request.types || request.language || request.topic);
  if (filtered) {
    const { rows } = await sql<{ n: string }>`${kept}WITH m AS MATERIALIZED (SELECT 1 FROM search_documents d
      WHERE ${where} AND ${filtersWhere(request)}) SELECT count(*) AS n FROM (SELECT * FROM m LIMIT ${cap + 1}) s`.execute(
      db,
    );
    total = Number(rows[0]?.n ?? 0);
    if (total <= cap) return { facets, total, capped: false, facetsCapped: true, pageRows: null };
  }
  return { facets, total: cap, capped: true, facetsCapped: true, pageRows: null };
}

/**
 * One page by relevance from the count's matches `m` (see `countAndFacets`), when they are all there
 * (at most `cap`: one-time filters, so nothing here runs otherwise), in the same order as
 * `relevancePage`'s tiers: the page's language first, then title hits, head hits (ranked by
 * `ts_rank` over the head, ties newest first), body hits (newest first). For a query without an
 * excluded word a title hit is a head hit, and each match of `m` is in exactly one tier. The rows
 * past `skip` come with their highlights, as the tiers write them; `part` is 'p', `rn` their order.
 */
function pageOfMatches(request: SearchRequest, cap: number, skip: number): RawBuilder<unknown> {
  // The query and configuration of each row's language, computed once (`qs`: a materialized CTE),
  // not folded into each expression that uses them when the statement is planned.
  const q = sql`c.q`;
  const cfg = sql`c.cfg`;
  const perRow = sql`CROSS JOIN qs CROSS JOIN LATERAL (SELECT CASE p.lang WHEN 'fr' THEN qs.fr ELSE qs.en END AS q,
      CASE p.lang WHEN 'fr' THEN 'portal_fr'::regconfig ELSE 'portal_en'::regconfig END AS cfg) c`;
  const head = headlineColumns(cfg, q, true, false);
  const body = headlineColumns(cfg, q, false, false);
  return sql`SELECT 'p' AS part, p.kind, p.lang, NULL::text[] AS topics, NULL::bigint AS n, t.rn,
      ${columnsExcept('p')},
      CASE WHEN t.tier < 3 THEN ${head.title} ELSE ${body.title} END AS title_html,
      CASE WHEN t.tier < 3 THEN ${head.snippet} ELSE ${body.snippet} END AS snippet_html
    FROM (SELECT r.id, r.tier, row_number() OVER (ORDER BY r.pref DESC, r.tier, r.rank DESC, r.published_at DESC, r.id DESC) AS rn
      FROM (SELECT p.id, p.published_at, p.lang = ${request.lang} AS pref, x.tier,
          CASE WHEN x.tier < 3 THEN ts_rank(p.head, ${q}, 1) ELSE 0 END AS rank
        FROM m p ${perRow}
        CROSS JOIN LATERAL (SELECT CASE WHEN NOT (p.head @@ ${q}) THEN 3
          WHEN ts_filter(p.head, '{a}') @@ ${q} THEN 1 ELSE 2 END AS tier) x
        WHERE (SELECT n FROM hn) <= ${cap} AND (SELECT count(*) FROM (SELECT 1 FROM m LIMIT ${cap + 1}) y) <= ${cap}
          AND ${filtersWhere(request, 'p')}
        ORDER BY pref DESC, x.tier, rank DESC, p.published_at DESC, p.id DESC LIMIT ${skip + PAGE_SIZE}) r) t
    JOIN search_documents p ON p.id = t.id ${perRow}
    WHERE t.rn > ${skip}`;
}

/** The columns of a page's row but `kind` and `lang`. */
const PAGE_COLUMNS = [
  'id',
  'item_key',
  'story_id',
  'slug',
  'video_id',
  'in_frame',
  'out_frame',
  'duration_ms',
].concat(['title', 'published_at']);

/** The columns of a page's row but `kind` and `lang`, of `search_documents` named `alias`. */
function columnsExcept(alias: 'p'): RawBuilder<unknown> {
  return sql.raw(PAGE_COLUMNS.map((c) => `${alias}.${c}`).join(', '));
}
