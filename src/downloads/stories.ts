/**
 * What the downloads feature needs of stories, which are the catalogue's: the catalogue imports
 * downloads (its pages show download panels), so the composition root hands these in, bound to the
 * catalogue's read functions.
 */
export interface DownloadStories {
  /** Of `videoIds`, those a story published by `now` shows (a published video is public). */
  publishedVideoIds(videoIds: readonly string[], now: Date): Promise<Set<string>>;
  /** The latest published story showing the video (names its download files). */
  latestPublishedStory(videoId: string, now: Date): Promise<{ slug: string; publishedAt: Date } | null>;
}
