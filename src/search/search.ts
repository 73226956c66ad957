/**
 * The search query: PostgreSQL full text over the search documents, in both database modes. The query
 * is parsed with `websearch_to_tsquery` in each language's configuration and matched against that
 * language's documents (one GIN index each); items in the page's language come first, then items that
 * exist only in the other language. Only stories published at the snapshot time `at` and videos the
 * viewer may see (the one video rule, given as `visibleVideos`) are counted, faceted or shown.
 */
import { type RawBuilder, sql } from 'kysely';
import { keepsStatements } from '../platform/db/kept-statements.ts';
import { countAndFacets, type Facets } from './count-page.ts';
import type { SearchDb } from './db.ts';
import { headlineColumns, highlight } from './highlight.ts';
import { markedSnippet } from './query-text.ts';
import {
  columns,
  filtersWhere,
  kept,
  type Lang,
  matchWhere,
  negates,
  PAGE_SIZE,
  queryOf,
  type Row,
  type SearchRequest,
  visibleWhere,
} from './search-sql.ts';
import type { SearchKind } from './tables.ts';

export { type Lang, PAGE_SIZE, type SearchRequest } from './search-sql.ts';

export const KINDS: readonly SearchKind[] = ['story', 'video', 'shot', 'photo', 'audio'];
/** Kinds that hang on a video (seen only when the viewer may see the video). */
const VIDEO_KINDS: readonly SearchKind[] = ['video', 'shot'];
/**
 * Counting stops here: beyond it the total is "more than COUNT_CAP" and the facets are counted over
 * the first COUNT_CAP + 1 matches (lower bounds), so that a frequent word does not read every match.
 */
export const COUNT_CAP = 1000;

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
  facets: Facets;
}

export class StopWordsOnly extends Error {}

type Db = SearchDb;

/** How many terms the query keeps in each language (zero: only stop words or punctuation). */
export async function queryTerms(db: Db, text: string): Promise<{ fr: number; en: number }> {
  const { rows } = await sql<{ fr: number; en: number }>`${kept}SELECT numnode(${queryOf('fr', text)}) AS fr,
    numnode(${queryOf('en', text)}) AS en`.execute(db);
  return { fr: Number(rows[0]?.fr ?? 0), en: Number(rows[0]?.en ?? 0) };
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
