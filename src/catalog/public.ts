/**
 * The catalogue's public module: what other features may use of it. Stories are the catalogue's
 * tables; the newsroom writes them only through these functions (its workflow, revisions and
 * editorial rules stay in src/newsroom), and readers such as search read through them.
 */

export { demoVideoId } from './demo.ts';
export { DEMO_STORIES } from './demo-stories.ts';
export type { DemoStory } from './demo-types.ts';
export type { CatalogDeps } from './deps.ts';
export { parseEmbargoUntil } from './embargo-date.ts';
export { type Catalog, createCatalog, storyReads } from './module.ts';
export {
  latestPublishedStories,
  type NewsletterStory,
  publishedStoriesBySlug,
  storiesPublishedBetween,
} from './newsletter-source.ts';
export type { StoryForSearch } from './search-source.ts';
export {
  firstStoryOfMedia,
  firstStoryOfVideos,
  mediaOfStories,
  storiesForSearch,
} from './search-source.ts';
export { countPublishedStories, publishedStoryAddresses, type SitemapStory } from './sitemap-source.ts';
export type { StoryVideo } from './stories.ts';
export {
  getStory,
  getVideo,
  listStories,
  loadStoryDetail,
  type StoryDetail,
  type StorySummary,
} from './stories.ts';
export { embeddedVideoIds, renderStoryBody, sanitizedBodyHtml } from './story-body.ts';
export { storyRecordJson, storyRecordSchema } from './story-json.ts';
export { appendStoryVideo, publishedVideoIds, storyIdOfSlug } from './story-links.ts';
export { findPublishedStory, storiesShowingVideo } from './story-lookup.ts';
export { storyContent } from './story-page.ts';
export { publishedStoriesShowingAudio, publishedStoriesShowingPhoto } from './story-photos.ts';
export {
  deleteStoryRow,
  insertRevision,
  insertStory,
  listRevisions,
  listStoryRecords,
  readStoryRecord,
  type StoryContent,
  type StoryListItem,
  type StoryMediaRef,
  type StoryRecord,
  type StoryRevision,
  type StoryState,
  type StoryText,
  type StoryTranslations,
  setStoryState,
  slugOwner,
  updateStoryContent,
} from './story-store.ts';
export type { Language, StoryStatus } from './tables.ts';
export { existingTopicSlugs, getTopic, insertTopic, listTopics, type Topic, updateTopic } from './topics.ts';
export { playerScript, posterUrl, videoFigure } from './views.ts';
