/**
 * The search query: PostgreSQL full text over the search documents, in both database modes. The query
 * is parsed with `websearch_to_tsquery` in each language's configuration and matched against that
 * language's documents (one GIN index each); items in the page's language come first, then items that
 * exist only in the other language. Only stories published at the snapshot time `at` and videos the
 * viewer may see (the one video rule, given as `visibleVideos`) are counted, faceted or shown.
 */
import { type RawBuilder, sql } from 'kysely';
import { KEEP_PARSED, keepsStatements } from '../platform/db/kept-statements.ts';
import type { SearchDb } from './db.ts';
import { headlineColumns, highlight } from './highlight.ts';
import { markedSnippet } from './query-text.ts';
import type { SearchKind } from './tables.ts';

/** Kept parsed on PGlite (the statements' shapes are few): kept-statements.ts. */
const kept = sql.raw(KEEP_PARSED);

export type Lang = 'fr' | 'en';
export const KINDS: readonly SearchKind[] = ['story', 'video', 'shot', 'photo', 'audio'];
/** Kinds that hang on a video (seen only when the viewer may see the video). */
const VIDEO_KINDS: readonly SearchKind[] = ['video', 'shot'];
export const PAGE_SIZE = 10;
/**
 * Counting stops here: beyond it the total is "more than COUNT_CAP" and the facets are counted over
 * the first COUNT_CAP + 1 matches (lower bounds), so that a frequent word does not read every match.
 */
export const COUNT_CAP = 1000;

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

/** Of these video ids, those the viewer may see at `at` (the one video rule). */
export type VisibleVideos = (videoIds: string[], at: Date) => Promise<Set<string>>;

export interface SearchHit {
  type: SearchKind;
  lang: Lang;
  storyId: number | null;
  /** Position of a shot in its video's shotlist. */
  shotIndex: number | null;
  /** A photo's or audio item's id. */
  mediaId: string | null;
  durationMs: number | null;
  slug: string | null;
  videoId: string | null;
  inFrame: number | null;
  outFrame: number | null;
  /** HTML: the title with `<mark>` around matches, everything else escaped. */
  titleHtml: string;
  title: string;
  /** HTML: `<mark>` only. */
  snippet: string;
  publishedAt: Date;
}

export interface SearchResult {
  items: SearchHit[];
  /** Exact, or COUNT_CAP when `capped`. */
  total: number;
  /** More than COUNT_CAP matches after the filters: `total` is a lower bound. */
  capped: boolean;
  /** More than COUNT_CAP matches before the filters: the facets are lower bounds. */
  facetsCapped: boolean;
  page: number;
  pageSize: number;
  facets: { type: Record<string, number>; lang: Record<string, number>; topic: Record<string, number> };
}

export class StopWordsOnly extends Error {}

type Db = SearchDb;

function queryOf(lang: Lang, text: string): RawBuilder<unknown> {
  return lang === 'fr'
    ? sql`websearch_to_tsquery('portal_fr'::regconfig, ${text})`
    : sql`websearch_to_tsquery('portal_en'::regconfig, ${text})`;
}

/** How many terms the query keeps in each language (zero: only stop words or punctuation). */
export async function queryTerms(db: Db, text: string): Promise<{ fr: number; en: number }> {
  const { rows } = await sql<{ fr: number; en: number }>`${kept}SELECT numnode(${queryOf('fr', text)}) AS fr,
    numnode(${queryOf('en', text)}) AS en`.execute(db);
  return { fr: Number(rows[0]?.fr ?? 0), en: Number(rows[0]?.en ?? 0) };
}

/** Matched in the document's language, by its whole text (`tsv`) or by its head only. */
function matchWhere(request: SearchRequest, vector: 'tsv' | 'head' = 'tsv'): RawBuilder<unknown> {
  const v = sql.raw(`d.${vector}`);
  return sql`((d.lang = 'fr' AND ${v} @@ ${queryOf('fr', request.text)})
      OR (d.lang = 'en' AND ${v} @@ ${queryOf('en', request.text)}))`;
}

/** A head match implies a whole-text match unless the query excludes a word (`-word`). */
function negates(text: string): boolean {
  return /(^|\s)-\S/u.test(text);
}

/** Visible at the snapshot, in the page's language or only in the other one, in range. */
function visibleWhere(request: SearchRequest): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [
    sql`(d.lang = ${request.lang} OR d.sole)`,
    sql`d.published_at <= ${request.at}`,
  ];
  if (request.from) parts.push(sql`d.published_at >= ${request.from}`);
  if (request.to) parts.push(sql`d.published_at <= ${request.to}`);
  return sql.join(parts, sql` AND `);
}

function filtersWhere(request: SearchRequest, alias: 'd' | 'p' = 'd'): RawBuilder<unknown> {
  const a = sql.raw(alias);
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (request.types) parts.push(sql`${a}.kind = ANY(${[...request.types]}::text[])`);
  if (request.language) parts.push(sql`${a}.lang = ${request.language}`);
  if (request.topic) parts.push(sql`${request.topic} = ANY(${a}.topics)`);
  return sql.join(parts, sql` AND `);
}

export async function search(
  db: Db,
  request: SearchRequest,
  visibleVideos: VisibleVideos,
  countCap = COUNT_CAP,
): Promise<SearchResult> {
  const visibleBase = visibleWhere(request);
  const base = sql`${matchWhere(request)} AND ${visibleBase}`;
  const wantsVideos = !request.types || request.types.some((t) => VIDEO_KINDS.includes(t));
  let visible: string[] = [];
  if (wantsVideos) {
    const { rows } = await sql<{ video_id: string }>`${kept}SELECT DISTINCT d.video_id FROM search_documents d
      WHERE d.kind IN ('video', 'shot') AND ${base}`.execute(db);
    visible = [
      ...(await visibleVideos(
        rows.map((r) => r.video_id),
        request.at,
      )),
    ];
  }
  // Stories, photos and audio items are indexed only while published (a photo or audio item: while a
  // published story shows it); videos and shots follow the one video rule.
  const seen = sql`${visibleBase} AND (d.kind NOT IN ('video', 'shot') OR d.video_id = ANY(${visible}::text[]))`;
  const where = sql`${matchWhere(request)} AND ${seen}`;
  const headWhere = negates(request.text) ? sql`false` : sql`${matchWhere(request, 'head')} AND ${seen}`;
  const page = Math.max(1, request.page);
  // A page by relevance of a query without an excluded word is written by the count's own statement
  // when every match was read there (at most `countCap`): see `countAndFacets`. Only where statements
  // are kept parsed (PGlite): there each statement saved is worth more than planning the page for
  // nothing past the cap; on a server it is not (measured: bench/CHANGELOG.md, session 15).
  const pageWithCount =
    keepsStatements(db) && request.sort === 'relevance' && !negates(request.text)
      ? { skip: (page - 1) * PAGE_SIZE }
      : null;
  const {
    facets,
    total,
    capped,
    facetsCapped,
    pageRows: counted,
  } = await countAndFacets(db, request, where, headWhere, countCap, pageWithCount);
  if (total === 0 || (!capped && (page - 1) * PAGE_SIZE >= total))
    return { items: [], total, capped, facetsCapped, page, pageSize: PAGE_SIZE, facets };
  const rows = counted
    ? counted
    : request.sort === 'date'
      ? await pageRows(
          db,
          sql`${where} AND ${filtersWhere(request)}`,
          sql`d.published_at DESC, d.id DESC`,
          (page - 1) * PAGE_SIZE,
          PAGE_SIZE,
        )
      : await relevancePage(
          db,
          request,
          sql`${seen} AND ${filtersWhere(request)}`,
          (page - 1) * PAGE_SIZE,
          // Exact counts of the matches in each language (the facets, when not capped): a language's
          // tiers stop once they have given that many rows.
          facetsCapped
            ? null
            : (lang: Lang) => (request.language && request.language !== lang ? 0 : (facets.lang[lang] ?? 0)),
        );
  const headlines = await highlight(
    db,
    request.text,
    rows.filter((r) => r.title_html == null).map((r) => r.id),
  );
  return {
    items: rows.map((r) => {
      const h =
        r.title_html != null
          ? { title: r.title_html, snippet: r.snippet_html ?? '' }
          : headlines.get(String(r.id));
      return {
        type: r.kind,
        lang: r.lang,
        storyId: r.story_id,
        shotIndex: r.kind === 'shot' ? Number(r.item_key.split(':').at(-1)) : null,
        mediaId: r.kind === 'photo' || r.kind === 'audio' ? r.item_key.slice(r.kind.length + 1) : null,
        durationMs: r.duration_ms,
        slug: r.slug,
        videoId: r.video_id,
        inFrame: r.in_frame,
        outFrame: r.out_frame,
        title: r.title,
        titleHtml: h ? markedSnippet(h.title) : markedSnippet(r.title),
        snippet: h ? markedSnippet(h.snippet) : '',
        publishedAt: new Date(r.published_at),
      };
    }),
    total,
    capped,
    facetsCapped,
    page,
    pageSize: PAGE_SIZE,
    facets,
  };
}

/**
 * Total and facets over the matches (each facet with every filter but its own), read from at most
 * COUNT_CAP + 1 of them; past that, the filtered total is counted apart, up to the cap too. When more
 * than COUNT_CAP items match by their head (title and standfirst: `headWhere`, a small vector with its
 * own index), those COUNT_CAP + 1 are the ones read, and the whole text's index is not: for a frequent
 * word it lists up to seven times as many documents.
 */
async function countAndFacets(
  db: Db,
  request: SearchRequest,
  where: RawBuilder<unknown>,
  headWhere: RawBuilder<unknown>,
  cap: number,
  page: { skip: number } | null,
): Promise<Pick<SearchResult, 'facets' | 'total' | 'capped' | 'facetsCapped'> & { pageRows: Row[] | null }> {
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
  const facets: SearchResult['facets'] = { type: {}, lang: {}, topic: {} };
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

/** The columns of a page's row, of `search_documents` or of a subquery over it, named `alias`. */
function columns(alias: 'd' | 'p'): RawBuilder<unknown> {
  return sql.raw(
    ['id', 'item_key', 'kind', 'lang', 'story_id', 'slug', 'video_id', 'in_frame', 'out_frame', 'duration_ms']
      .concat(['title', 'published_at'])
      .map((c) => `${alias}.${c}`)
      .join(', '),
  );
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

interface Row {
  id: string;
  item_key: string;
  kind: SearchKind;
  lang: Lang;
  story_id: number | null;
  slug: string | null;
  video_id: string | null;
  in_frame: number | null;
  out_frame: number | null;
  duration_ms: number | null;
  title: string;
  published_at: Date | string;
  /** Highlights written with the row (relevance tiers); else computed by `highlight`. */
  title_html?: string | null;
  snippet_html?: string | null;
}

async function pageRows(
  db: Db,
  where: RawBuilder<unknown>,
  order: RawBuilder<unknown>,
  offset: number,
  limit: number,
  rank: RawBuilder<unknown> = sql`0`,
): Promise<Row[]> {
  const { rows } = await sql<Row>`${kept}SELECT ${columns('d')}, ${rank} AS rank
    FROM search_documents d WHERE ${where}
    ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return rows;
}

/**
 * One page by relevance, tier after tier until it is full: items in the page's language whose title
 * (weight A, `ts_filter(head, '{a}')`, its own GIN index per language: migration 2200) matches,
 * ranked by `ts_rank` over the head (title and standfirst: weights A and B); then those whose title
 * and standfirst together match (but not the title alone), ranked the same way; then those that match
 * in the body only (weight C), newest first; then the same three tiers for items that exist only in
 * the other language. So a title hit always comes before a standfirst hit, and a standfirst hit
 * before a body hit, and the rank reads the small head vector of one tier's hits only, never the whole
 * text of every match: for a frequent word, the title tier holds about a quarter of the head hits.
 * Each tier's statement also writes the highlights of the rows it gives the page (highlight.ts).
 */
async function relevancePage(
  db: Db,
  request: SearchRequest,
  seen: RawBuilder<unknown>,
  offset: number,
  matchesIn: ((lang: Lang) => number) | null,
): Promise<Row[]> {
  const other: Lang = request.lang === 'fr' ? 'en' : 'fr';
  const negated = negates(request.text);
  const rows: Row[] = [];
  let skip = offset;
  for (const lang of [request.lang, other]) {
    let left = matchesIn?.(lang) ?? Number.POSITIVE_INFINITY;
    const q = queryOf(lang, request.text);
    const cfg = lang === 'fr' ? sql`'portal_fr'::regconfig` : sql`'portal_en'::regconfig`;
    const whole = negated ? sql` AND d.tsv @@ ${q}` : sql``;
    const title = sql`ts_filter(d.head, '{a}') @@ ${q}`;
    const ranked = {
      order: sql`rank DESC, d.published_at DESC, d.id DESC`,
      rank: sql`ts_rank(d.head, ${q}, 1)`,
    };
    const tiers = [
      { where: sql`${title}${whole}`, ...ranked, headHit: true },
      { where: sql`d.head @@ ${q} AND NOT (${title})${whole}`, ...ranked, headHit: true },
      {
        where: sql`d.tsv @@ ${q} AND NOT (d.head @@ ${q})`,
        order: sql`d.published_at DESC, d.id DESC`,
        rank: sql`0`,
        headHit: false,
      },
    ];
    for (const tier of tiers) {
      if (left <= 0) break;
      const need = PAGE_SIZE - rows.length;
      const headline = headlineColumns(cfg, q, tier.headHit, negated);
      // The tier's first `skip + need` hits, ranked; highlights only for those past `skip`.
      const { rows: found } = await sql<Row & { n: string }>`${kept}SELECT ${columns('p')}, p.n,
          CASE WHEN p.n > ${skip} THEN ${headline.title} END AS title_html,
          CASE WHEN p.n > ${skip} THEN ${headline.snippet} END AS snippet_html
        FROM (SELECT d.*, row_number() OVER (ORDER BY ${tier.order}) AS n FROM (
          SELECT ${columns('d')}, d.standfirst, d.body, ${tier.rank} AS rank FROM search_documents d
          WHERE ${seen} AND d.lang = ${lang} AND ${tier.where}
          ORDER BY ${tier.order} LIMIT ${skip + need}) d) p
        ORDER BY p.n`.execute(db);
      rows.push(...found.slice(skip));
      skip = Math.max(0, skip - found.length);
      left -= found.length;
      if (rows.length >= PAGE_SIZE) return rows;
    }
  }
  return rows;
}
