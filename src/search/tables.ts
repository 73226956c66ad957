/**
 * The search feature's tables: indexed documents and their vocabulary (migration 1000_search; photos and
 * audio 1900; heads 2150), saved searches (1450).
 */
import type { ColumnType, Generated } from 'kysely';

export type SearchKind = 'story' | 'video' | 'shot' | 'photo' | 'audio';

export interface SearchDocumentsTable {
  id: Generated<string>;
  kind: SearchKind;
  /**
   * One item: `story:{id}`, `video:{id}`, `shot:{videoId}:{index}`, `photo:{id}`, `audio:{id}`; one
   * row per language.
   */
  item_key: string;
  lang: 'fr' | 'en';
  /** The item exists only in this language (shown on the other language's search after its own). */
  sole: boolean;
  story_id: number | null;
  /** The story's slug (stories), or the slug of the first story showing the video. */
  slug: string | null;
  video_id: string | null;
  in_frame: number | null;
  out_frame: number | null;
  /** An audio item's duration (migration 1900). */
  duration_ms: number | null;
  title: string;
  standfirst: string;
  body: string;
  topics: ColumnType<string[], string[] | undefined, string[]>;
  published_at: ColumnType<Date, Date | string, Date | string>;
  /** Weighted tsvector in the language's configuration; written with SQL, never read raw. */
  tsv: ColumnType<string, never, never>;
  /** The A and B weights of `tsv` only (migration 2150): what relevance ranks. */
  head: ColumnType<string, never, never>;
}

export interface SearchVocabularyTable {
  lang: 'fr' | 'en';
  /** Lower case, accents removed: what trigram similarity compares. */
  folded: string;
  /** The word as it is written (lower case, accents kept): what a suggestion shows. */
  word: string;
  ndoc: number;
}

/** A signed-in user's saved search (migration 1450). */
export interface SavedSearchesTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  /** The search words, checked as the search checks them. */
  query: string;
  alert: 'none' | 'hourly' | 'daily';
  /** The language its feed reads in (the request's when it was saved). */
  lang: 'fr' | 'en';
  /** Random, URL-safe: the private feed's capability. */
  feed_token: string;
  created_at: Generated<Date>;
}

export interface SearchTables {
  search_documents: SearchDocumentsTable;
  search_vocabulary: SearchVocabularyTable;
  saved_searches: SavedSearchesTable;
}

declare module '../platform/db/schema.ts' {
  interface Database extends SearchTables {}
}
