/**
 * Generated text for the search benchmark: per language, a word list (the language's real stop words
 * from PostgreSQL's lists at the head, then pronounceable pseudo-words built from the language's
 * syllables, each with its inflected forms) drawn with a Zipf distribution (frequency ∝ 1/rank), so
 * the text has a natural word-frequency curve without copying any text. Deterministic (seeded).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Lang = 'fr' | 'en';

/** mulberry32: small, fast, seeded. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FALLBACK_STOP: Record<Lang, string[]> = {
  fr: ['de', 'la', 'le', 'et', 'les', 'des', 'en', 'un', 'du', 'une', 'que', 'est', 'pour', 'qui', 'dans'],
  en: ['the', 'of', 'and', 'to', 'a', 'in', 'is', 'that', 'for', 'it', 'as', 'was', 'with', 'on', 'by'],
};

function stopWords(lang: Lang): string[] {
  const root = '/usr/share/postgresql';
  const name = lang === 'fr' ? 'french.stop' : 'english.stop';
  if (existsSync(root)) {
    for (const version of readdirSync(root).sort().reverse()) {
      const file = join(root, version, 'tsearch_data', name);
      if (existsSync(file))
        return readFileSync(file, 'utf8')
          .split('\n')
          .map((w) => w.trim())
          .filter(Boolean);
    }
  }
  return FALLBACK_STOP[lang];
}

const SYLLABLES: Record<Lang, { start: string[]; middle: string[]; end: string[]; forms: string[] }> = {
  fr: {
    start: [
      'pa',
      'mar',
      'ché',
      'vol',
      'tra',
      'bé',
      'cou',
      'dé',
      'gré',
      'lu',
      'mon',
      'por',
      'ré',
      'sa',
      'ton',
      'vi',
      'fleu',
      'gar',
      'cha',
      'pro',
    ],
    middle: ['ri', 'tè', 'lo', 'mi', 'na', 'vé', 'cor', 'du', 'an', 'ra', 'si', 'quo', 'men', 'gu'],
    end: ['ion', 'age', 'eur', 'ette', 'ment', 'ure', 'al', 'ier', 'ique', 'oire', 'é', 'on', 'ance', 'eau'],
    forms: ['', 's', 'e', 'es'],
  },
  en: {
    start: [
      'bar',
      'cal',
      'dor',
      'fen',
      'gram',
      'har',
      'kel',
      'lin',
      'mor',
      'nor',
      'pel',
      'quin',
      'ros',
      'stan',
      'tor',
      'wel',
      'brim',
      'clo',
      'dras',
      'fal',
    ],
    middle: ['a', 'e', 'i', 'o', 'er', 'an', 'en', 'ol', 'ar', 'in', 'u', 'ic'],
    end: [
      'ton',
      'ness',
      'er',
      'ing',
      'ment',
      'ity',
      'ard',
      'ley',
      'ford',
      'ism',
      'age',
      'ure',
      'ist',
      'ance',
    ],
    forms: ['', 's', 'ed', 'ing'],
  },
};

export interface Vocabulary {
  lang: Lang;
  /** Words by rank (most frequent first); stop words first. */
  words: string[];
  stop: Set<string>;
  cumulative: Float64Array;
}

export function vocabulary(lang: Lang, size: number, seed: number): Vocabulary {
  const next = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)] as T;
  const stop = stopWords(lang);
  const words = [...stop];
  const seen = new Set(words);
  const s = SYLLABLES[lang];
  while (words.length < size) {
    const parts = [pick(s.start)];
    const middles = Math.floor(next() * 3);
    for (let i = 0; i < middles; i += 1) parts.push(pick(s.middle));
    parts.push(pick(s.end));
    const base = parts.join('');
    if (seen.has(base)) continue;
    seen.add(base);
    // The base form, then its inflections a little further down the ranks.
    for (const form of s.forms) if (words.length < size) words.push(base + form);
  }
  const cumulative = new Float64Array(words.length);
  let total = 0;
  for (let rank = 0; rank < words.length; rank += 1) {
    total += 1 / (rank + 1);
    cumulative[rank] = total;
  }
  for (let i = 0; i < cumulative.length; i += 1) cumulative[i] = (cumulative[i] ?? 0) / total;
  return { lang, words, stop: new Set(stop), cumulative };
}

/** One word drawn with the Zipf distribution. */
export function draw(vocab: Vocabulary, next: () => number): string {
  const u = next();
  let lo = 0;
  let hi = vocab.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((vocab.cumulative[mid] ?? 1) < u) lo = mid + 1;
    else hi = mid;
  }
  return vocab.words[lo] ?? '';
}

function sentence(vocab: Vocabulary, next: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i += 1) out.push(draw(vocab, next));
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function paragraph(vocab: Vocabulary, next: () => number, words: number): string {
  const sentences: string[] = [];
  let left = words;
  while (left > 0) {
    const n = Math.min(left, 12 + Math.floor(next() * 14));
    sentences.push(sentence(vocab, next, n));
    left -= n;
  }
  return sentences.join(' ');
}

/** A story translation of realistic length: title 6–12 words, standfirst 20–40, body 250–600. */
export function storyText(
  vocab: Vocabulary,
  next: () => number,
): { title: string; standfirst: string; body: string } {
  const title = sentence(vocab, next, 6 + Math.floor(next() * 7)).slice(0, -1);
  const standfirst = paragraph(vocab, next, 20 + Math.floor(next() * 21));
  const bodyWords = 250 + Math.floor(next() * 351);
  const paragraphs: string[] = [];
  let left = bodyWords;
  while (left > 0) {
    const n = Math.min(left, 50 + Math.floor(next() * 60));
    paragraphs.push(paragraph(vocab, next, n));
    left -= n;
  }
  return { title, standfirst, body: paragraphs.join('\n\n') };
}

/** A query of 1–4 words drawn the same way (stop words skipped: people type content words). */
export function queryText(vocab: Vocabulary, next: () => number): string {
  const count = 1 + Math.floor(next() * 4);
  const words: string[] = [];
  while (words.length < count) {
    const word = draw(vocab, next);
    if (!vocab.stop.has(word)) words.push(word);
  }
  return words.join(' ');
}
