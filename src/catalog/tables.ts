import type { ColumnType, Generated, Selectable } from 'kysely';

export type Language = 'fr' | 'en';

export type StoryStatus = 'draft' | 'scheduled' | 'published' | 'unpublished';

export interface StoriesTable {
  id: Generated<number>;
  slug: string;
  /** Publicly visible since (null: nobody but editors sees the story: draft, scheduled, unpublished). */
  published_at: Date | null;
  created_at: Generated<Date>;
  status: Generated<StoryStatus>;
  /** When a scheduled story is to be published. */
  publish_at: Date | null;
  /** The IANA time zone the editor scheduled it in (shown with the time). */
  publish_time_zone: string | null;
  /** First publication: from then on the slug stays unless an editor changes it (old one redirects). */
  first_published_at: Date | null;
  /** Bumped by every save; clients send it back as If-Match. */
  revision: Generated<number>;
  lead_video_id: string | null;
  /** The lead medium when it is a photo (migration 1350; at most one of the two leads is set). */
  lead_photo_id: Generated<string | null>;
  /** The lead medium when it is an audio item (migration 1650; at most one of the leads is set). */
  lead_audio_id: Generated<string | null>;
  updated_at: Generated<Date>;
}

export interface StoryTranslationsTable {
  story_id: number;
  language: Language;
  title: string;
  standfirst: string;
  /** Markdown (raw HTML disabled), sanitised when rendered (story-body.ts). */
  body: string;
}

export interface StoryVideosTable {
  story_id: number;
  video_id: string;
  position: number;
}

/** Photos a story shows; `position` shares one order with `story_videos` (the story's media order). */
export interface StoryPhotosTable {
  story_id: number;
  photo_id: string;
  position: number;
}

/** Audio items a story shows (src/audio, migration 1650); `position` shares the one media order. */
export interface StoryAudioTable {
  story_id: number;
  audio_id: string;
  position: number;
}

export interface StoryRevisionsTable {
  story_id: number;
  n: number;
  author_id: string | null;
  author_name: string;
  at: Generated<Date>;
  summary: string;
  snapshot: ColumnType<unknown, string, string>;
}

/** Slugs a story had before: their pages redirect (301) to its current slug. */
export interface StorySlugsTable {
  slug: string;
  story_id: number;
}

export interface TopicsTable {
  id: Generated<number>;
  slug: string;
  name_fr: string;
  name_en: string;
  created_at: Generated<Date>;
}

export interface StoryTopicsTable {
  story_id: number;
  topic_id: number;
  position: number;
}

export interface CatalogTables {
  stories: StoriesTable;
  story_translations: StoryTranslationsTable;
  story_videos: StoryVideosTable;
  story_photos: StoryPhotosTable;
  story_audio: StoryAudioTable;
  story_revisions: StoryRevisionsTable;
  story_slugs: StorySlugsTable;
  topics: TopicsTable;
  story_topics: StoryTopicsTable;
}

export type Story = Selectable<StoriesTable>;

declare module '../platform/db/schema.ts' {
  interface Database extends CatalogTables {}
}
