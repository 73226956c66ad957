import type { Generated, Selectable } from 'kysely';

export type Language = 'fr' | 'en';

export interface StoriesTable {
  id: Generated<number>;
  slug: string;
  published_at: Date;
  created_at: Generated<Date>;
}

export interface StoryTranslationsTable {
  story_id: number;
  language: Language;
  title: string;
  standfirst: string;
  /** Paragraphs separated by blank lines; plain text, escaped at render time. */
  body: string;
}

export interface StoryVideosTable {
  story_id: number;
  video_id: string;
  position: number;
}

export interface CatalogTables {
  stories: StoriesTable;
  story_translations: StoryTranslationsTable;
  story_videos: StoryVideosTable;
}

export type Story = Selectable<StoriesTable>;

declare module '../platform/db/schema.ts' {
  interface Database extends CatalogTables {}
}
