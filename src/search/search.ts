/**
 * The search query: PostgreSQL full text over the search documents, in both database modes. The query
 * is parsed with `websearch_to_tsquery` in each language's configuration and matched against that
 * language's documents (one GIN index each); items in the page's language come first, then items that
 * exist only in the other language. Only stories published at the snapshot time `at` and videos the
 * viewer may see (the one video rule, given as `visibleVideos`) are counted, faceted or shown.
 */
import { type RawBuilder, sql } from 'kysely';
import type { SearchDb } from './db.ts';
import { MARK_END, MARK_START, markedSnippet } from './query-text.ts';
import type { SearchKind } from './tables.ts';

export type Lang = 'fr' | 'en';
export const KINDS: readonly SearchKind[] = ['story', 'video', 'shot', 'photo', 'audio'];
/** Kinds that hang on a video (seen only when the viewer may see the video). */
const VIDEO_KINDS: readonly SearchKind[] = ['video', 'shot'];
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
  total: number;
  page: number;
  pageSize: number;
  facets: { type: Record<string, number>; lang: Record<string, number>; topic: Record<string, number> };
}

export class StopWordsOnly extends Error {}

type Db = SearchDb;

const HEADLINE_TITLE = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;
const HEADLINE_BODY = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

function queryOf(lang: Lang, text: string): RawBuilder<unknown> {
  return lang === 'fr'
    ? sql`websearch_to_tsquery('portal_fr'::regconfig, ${text})`
    : sql`websearch_to_tsquery('portal_en'::regconfig, ${text})`;
}

/** How many terms the query keeps in each language (zero: only stop words or punctuation). */
export async function queryTerms(db: Db, text: string): Promise<{ fr: number; en: number }> {
  const { rows } = await sql<{ fr: number; en: number }>`SELECT numnode(${queryOf('fr', text)}) AS fr,
    numnode(${queryOf('en', text)}) AS en`.execute(db);
  return { fr: Number(rows[0]?.fr ?? 0), en: Number(rows[0]?.en ?? 0) };
}

/** Matched, visible at the snapshot, in the page's language or only in the other one, in range. */
function baseWhere(request: SearchRequest): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [
    sql`((d.lang = 'fr' AND d.tsv @@ ${queryOf('fr', request.text)})
      OR (d.lang = 'en' AND d.tsv @@ ${queryOf('en', request.text)}))`,
    sql`(d.lang = ${request.lang} OR d.sole)`,
    sql`d.published_at <= ${request.at}`,
  ];
  if (request.from) parts.push(sql`d.published_at >= ${request.from}`);
  if (request.to) parts.push(sql`d.published_at <= ${request.to}`);
  return sql.join(parts, sql` AND `);
}

function filtersWhere(request: SearchRequest): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (request.types) parts.push(sql`d.kind = ANY(${[...request.types]}::text[])`);
  if (request.language) parts.push(sql`d.lang = ${request.language}`);
  if (request.topic) parts.push(sql`${request.topic} = ANY(d.topics)`);
  return sql.join(parts, sql` AND `);
}

export async function search(
  db: Db,
  request: SearchRequest,
  visibleVideos: VisibleVideos,
): Promise<SearchResult> {
  const base = baseWhere(request);
  const wantsVideos = !request.types || request.types.some((t) => VIDEO_KINDS.includes(t));
  let visible: string[] = [];
  if (wantsVideos) {
    const { rows } = await sql<{ video_id: string }>`SELECT DISTINCT d.video_id FROM search_documents d
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
  const where = sql`${base} AND (d.kind NOT IN ('video', 'shot') OR d.video_id = ANY(${visible}::text[]))`;
  const { rows: groups } = await sql<{ kind: SearchKind; lang: Lang; topics: string[]; n: string }>`
    SELECT d.kind, d.lang, d.topics, count(*) AS n FROM search_documents d WHERE ${where}
    GROUP BY d.kind, d.lang, d.topics`.execute(db);
  const facets: SearchResult['facets'] = { type: {}, lang: {}, topic: {} };
  let total = 0;
  for (const g of groups) {
    const n = Number(g.n);
    const typeOk = !request.types || request.types.includes(g.kind);
    const langOk = !request.language || request.language === g.lang;
    const topicOk = !request.topic || g.topics.includes(request.topic);
    if (langOk && topicOk) facets.type[g.kind] = (facets.type[g.kind] ?? 0) + n;
    if (typeOk && topicOk) facets.lang[g.lang] = (facets.lang[g.lang] ?? 0) + n;
    if (typeOk && langOk) for (const t of g.topics) facets.topic[t] = (facets.topic[t] ?? 0) + n;
    if (typeOk && langOk && topicOk) total += n;
  }
  const page = Math.max(1, request.page);
  if (total === 0 || (page - 1) * PAGE_SIZE >= total)
    return { items: [], total, page, pageSize: PAGE_SIZE, facets };
  const order =
    request.sort === 'date'
      ? sql`d.published_at DESC, d.id DESC`
      : sql`(d.lang = ${request.lang}) DESC, rank DESC, d.published_at DESC, d.id DESC`;
  const rank =
    request.sort === 'date'
      ? sql`0`
      : sql`ts_rank(d.tsv, CASE d.lang WHEN 'fr' THEN ${queryOf('fr', request.text)} ELSE ${queryOf('en', request.text)} END, 1)`;
  const { rows } = await sql<{
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
  }>`SELECT d.id, d.item_key, d.kind, d.lang, d.story_id, d.slug, d.video_id, d.in_frame, d.out_frame,
      d.duration_ms, d.title, d.published_at, ${rank} AS rank
    FROM search_documents d WHERE ${where} AND ${filtersWhere(request)}
    ORDER BY ${order} LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`.execute(db);
  const headlines = await highlight(
    db,
    request.text,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => {
      const h = headlines.get(String(r.id));
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
    page,
    pageSize: PAGE_SIZE,
    facets,
  };
}

/** `ts_headline` of the page's hits only (it reads the whole text): title, and standfirst + body. */
async function highlight(
  db: Db,
  text: string,
  ids: string[],
): Promise<Map<string, { title: string; snippet: string }>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ id: string; title: string; snippet: string }>`
    SELECT d.id, ts_headline(c.cfg, d.title, c.q, ${HEADLINE_TITLE}) AS title,
      ts_headline(c.cfg, concat_ws(' ', nullif(d.standfirst, ''), nullif(d.body, '')), c.q, ${HEADLINE_BODY}) AS snippet
    FROM search_documents d
    CROSS JOIN LATERAL (SELECT
      CASE d.lang WHEN 'fr' THEN 'portal_fr'::regconfig ELSE 'portal_en'::regconfig END AS cfg,
      CASE d.lang WHEN 'fr' THEN ${queryOf('fr', text)} ELSE ${queryOf('en', text)} END AS q) c
    WHERE d.id = ANY(${ids}::bigint[])`.execute(db);
  return new Map(rows.map((r) => [String(r.id), { title: r.title, snippet: r.snippet }]));
}
