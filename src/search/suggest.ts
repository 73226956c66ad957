/**
 * "Did you mean …": each query word that is not in the indexed vocabulary is replaced by the most
 * similar word that is (pg_trgm trigram similarity over accent-folded words; ties go to the page's
 * language, then to the more frequent word). Null when no word needs or finds a replacement.
 */
import { sql } from 'kysely';
import { KEEP_PARSED } from '../platform/db/kept-statements.ts';
import type { SearchDb } from './db.ts';
import { replaceableWords, rewriteQuery } from './query-text.ts';

/** Kept parsed on PGlite (the statements' shapes are few): kept-statements.ts. */
const kept = sql.raw(KEEP_PARSED);

const MAX_WORDS = 6;
const MIN_SIMILARITY = 0.35;

export async function suggest(db: SearchDb, text: string, lang: 'fr' | 'en'): Promise<string | null> {
  const words = replaceableWords(text).slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  // Words the vocabulary knows (in either language) need nothing: one look-up by key for all.
  const { rows: known } = await sql<{
    word: string;
  }>`${kept}SELECT w.word FROM unnest(${words.map((w) => w.word)}::text[]) AS w(word)
    WHERE EXISTS (SELECT 1 FROM search_vocabulary v
      WHERE v.lang IN ('fr', 'en') AND v.folded = unaccent(lower(w.word)))`.execute(db);
  const knownWords = new Set(known.map((r) => r.word));
  const replacements = new Map<number, string>();
  for (const { start, word } of words) {
    if (knownWords.has(word)) continue;
    const { rows } = await sql<{
      word: string;
      s: number;
    }>`${kept}WITH target AS (SELECT unaccent(lower(${word})) AS folded)
      SELECT v.word, similarity(v.folded, t.folded) AS s
      FROM search_vocabulary v, target t
      WHERE v.folded % t.folded
      ORDER BY s DESC, (v.lang = ${lang}) DESC, v.ndoc DESC
      LIMIT 1`.execute(db);
    const best = rows[0];
    if (best && Number(best.s) >= MIN_SIMILARITY) replacements.set(start, best.word);
  }
  return rewriteQuery(text, replacements);
}
