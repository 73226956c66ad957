/**
 * "Did you mean …": each query word that is not in the indexed vocabulary is replaced by the most
 * similar word that is (pg_trgm trigram similarity over accent-folded words; ties go to the page's
 * language, then to the more frequent word). Null when no word needs or finds a replacement.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { replaceableWords, rewriteQuery } from './query-text.ts';

const MAX_WORDS = 8;
const MIN_SIMILARITY = 0.35;

export async function suggest(db: Kysely<Database>, text: string, lang: 'fr' | 'en'): Promise<string | null> {
  const replacements = new Map<number, string>();
  for (const { start, word } of replaceableWords(text).slice(0, MAX_WORDS)) {
    const { rows } = await sql<{ word: string; known: boolean; s: number }>`
      SELECT v.word, v.folded = unaccent(lower(${word})) AS known,
        similarity(v.folded, unaccent(lower(${word}))) AS s
      FROM search_vocabulary v
      WHERE v.folded % unaccent(lower(${word}))
      ORDER BY v.folded = unaccent(lower(${word})) DESC,
        similarity(v.folded, unaccent(lower(${word}))) DESC, (v.lang = ${lang}) DESC, v.ndoc DESC
      LIMIT 1`.execute(db);
    const best = rows[0];
    if (!best || best.known) continue;
    if (Number(best.s) >= MIN_SIMILARITY) replacements.set(start, best.word);
  }
  return rewriteQuery(text, replacements);
}
