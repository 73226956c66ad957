/**
 * The pure side of search: checking what a visitor typed (empty, too long, control characters, no
 * word at all), the words a document adds to the vocabulary, the plain words of a query that a
 * suggestion may replace, and turning a `ts_headline` result into HTML where only `<mark>` is markup.
 */

/** Longest query accepted, in characters (a query is a few words; the field allows this much). */
export const MAX_QUERY_LENGTH = 200;

export type QueryProblem = 'empty' | 'too_long' | 'invalid_characters' | 'no_words';

export type CheckedQuery = { ok: true; text: string } | { ok: false; problem: QueryProblem };

/** Control characters except tab, CR and LF (whitespace, collapsed like spaces). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** Private-use sentinels that mark a highlight in `ts_headline` output; removed from indexed text. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
const SENTINELS = /[\uE000\uE001]/g;

/** Checks and normalises a query (whitespace collapsed); the database decides about stop words. */
export function checkQuery(raw: unknown): CheckedQuery {
  if (typeof raw !== 'string') return { ok: false, problem: 'empty' };
  if (CONTROL.test(raw)) return { ok: false, problem: 'invalid_characters' };
  const text = raw.replace(SENTINELS, ' ').replace(/\s+/gu, ' ').trim();
  if (text === '') return { ok: false, problem: 'empty' };
  if ([...text].length > MAX_QUERY_LENGTH) return { ok: false, problem: 'too_long' };
  if (!/[\p{L}\p{N}]/u.test(text)) return { ok: false, problem: 'no_words' };
  return { ok: true, text };
}

/** Text as it is indexed: the highlight sentinels cannot occur in it. */
export function indexableText(text: string): string {
  return text.replace(SENTINELS, ' ');
}

/** The distinct words of a text that "did you mean" may offer (lower case, 3 to 30 letters). */
export function vocabularyWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const word of text.toLocaleLowerCase('fr').split(/[^\p{L}\p{N}]+/u)) {
    if (word.length >= 3 && word.length <= 30 && /\p{L}/u.test(word)) words.add(word);
  }
  return words;
}

export interface QueryWord {
  /** Index of the word's first character in the query. */
  start: number;
  word: string;
}

/**
 * The words of a query that a suggestion may replace: not inside quotes' operators (`-word` is left
 * alone), not the `or` operator, at least 3 letters.
 */
export function replaceableWords(query: string): QueryWord[] {
  const found: QueryWord[] = [];
  for (const match of query.matchAll(/[\p{L}\p{N}]+/gu)) {
    const start = match.index ?? 0;
    const word = match[0];
    if (word.length < 3 || word.toLowerCase() === 'or') continue;
    if (query[start - 1] === '-' && (start === 1 || /\s/u.test(query[start - 2] ?? ' '))) continue;
    found.push({ start, word });
  }
  return found;
}

/** The query with some words replaced (by their start index), or null when nothing changed. */
export function rewriteQuery(query: string, replacements: ReadonlyMap<number, string>): string | null {
  if (replacements.size === 0) return null;
  let out = '';
  let at = 0;
  for (const { start, word } of replaceableWords(query)) {
    const replacement = replacements.get(start);
    if (replacement === undefined) continue;
    out += query.slice(at, start) + replacement;
    at = start + word.length;
  }
  out += query.slice(at);
  return out === query ? null : out;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** HTML from a headline: everything escaped, the sentinels turned into balanced `<mark>` elements. */
export function markedSnippet(headline: string): string {
  let open = false;
  let out = '';
  for (const char of headline) {
    if (char === MARK_START) {
      if (!open) out += '<mark>';
      open = true;
    } else if (char === MARK_END) {
      if (open) out += '</mark>';
      open = false;
    } else {
      out += ESCAPES[char] ?? char;
    }
  }
  return open ? `${out}</mark>` : out;
}
