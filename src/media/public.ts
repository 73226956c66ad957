/**
 * The media feature's public module: what other features may use of it (the rule in
 * docs/architecture.md: a feature imports another only through this file): media facts' types, the
 * stored master's paths, the keyframe index, ingest requests.
 */
export { redactDetail } from './failure-detail.ts';
export { previewRelativeDir } from './ingest-jobs.ts';
export {
  type IngestRequest,
  IngestRequestError,
  requestIngest,
  type StoryLinks,
} from './ingest-service.ts';
export { readKeyframeIndex } from './keyframe-store.ts';
export {
  deleteVideoRow,
  masterStillUsed,
  readVideoMetadata,
  type VideoMetadata,
  type VideoTexts,
  writeVideoMetadata,
} from './metadata.ts';
export {
  addVideoIfMissing,
  clearUploadSource,
  isRefused,
  type RetryResult,
  retryIngest,
  setUploadSource,
  videoStates,
} from './operations.ts';
export {
  type PosterFrameResult,
  preparePosterFrame,
  readPosterFrame,
  writePosterFrame,
} from './poster-frame.ts';
export {
  existingVideoIds,
  type VideoRecord,
  videoLabel,
  videoMaster,
  videoProgress,
  videoRecord,
  videoRecords,
  videosNotReady,
} from './reads.ts';
export { type RecentVideo, recentVideos } from './recent.ts';
export type { VideoForSearch } from './search-source.ts';
export { videosForSearch } from './search-source.ts';
export { contentPaths, keyframeIndexKey, removeStored, sha256File } from './store.ts';
export type { Shot } from './tables.ts';
export type { AudioStreamInfo, Keyframe, KeyframeIndex, MediaInfo, VideoStreamInfo } from './types.ts';
export { throttle } from './videos.ts';
