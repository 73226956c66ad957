/**
 * Highlights of the page's hits only: the title through `ts_headline`, and a snippet through
 * `ts_headline` over a window of the standfirst and body (about 60 words) around the first place the
 * query's words occur there, found from the positions the document's `tsvector` already holds. So the
 * cost of a page does not grow with the length of its texts (`ts_headline` parses all it is given).
 */
import { sql } from 'kysely';
import type { SearchDb } from './db.ts';
import { MARK_END, MARK_START } from './query-text.ts';

const HEADLINE_TITLE = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;
const HEADLINE_BODY = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
/** Words of the window before and after the first match (generous: positions count tokens, not spaces). */
const BEFORE = 25;
const AFTER = 40;

export async function highlight(
  db: SearchDb,
  text: string,
  ids: string[],
): Promise<Map<string, { title: string; snippet: string }>> {
  if (ids.length === 0) return new Map();
  // `tsv` is the title's vector (weight A) followed by the standfirst's and the body's, so a B or C
  // position minus the title's last position is a word's place in "standfirst body".
  const { rows } = await sql<{ id: string; title: string; snippet: string }>`
    SELECT d.id, ts_headline(c.cfg, d.title, c.q, ${HEADLINE_TITLE}) AS title,
      ts_headline(c.cfg, array_to_string(w.words[greatest(1, f.first - ${BEFORE}) : greatest(1, f.first) + ${AFTER}], ' '),
        c.q, ${HEADLINE_BODY}) AS snippet
    FROM search_documents d
    CROSS JOIN LATERAL (SELECT x.cfg, websearch_to_tsquery(x.cfg, ${text}) AS q,
      ARRAY(SELECT u.lexeme FROM unnest(to_tsvector(x.cfg, ${text})) u) AS lexemes
      FROM (SELECT CASE d.lang WHEN 'fr' THEN 'portal_fr'::regconfig ELSE 'portal_en'::regconfig END AS cfg) x) c
    CROSS JOIN LATERAL (SELECT string_to_array(
      concat_ws(' ', nullif(d.standfirst, ''), nullif(d.body, '')), ' ') AS words) w
    CROSS JOIN LATERAL (SELECT
      (SELECT min(p.pos) FROM unnest(d.tsv) u, unnest(u.positions, u.weights) AS p(pos, weight)
        WHERE u.lexeme = ANY(c.lexemes) AND p.weight <> 'A')
      - coalesce((SELECT max(p.pos) FROM unnest(d.head) u, unnest(u.positions, u.weights) AS p(pos, weight)
        WHERE p.weight = 'A'), 0) AS first) f
    WHERE d.id = ANY(${ids}::bigint[])`.execute(db);
  return new Map(rows.map((r) => [String(r.id), { title: r.title, snippet: r.snippet }]));
}
