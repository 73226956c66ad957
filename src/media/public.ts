/**
 * The media feature's public module: what other features may use of it (the rule in
 * docs/architecture.md: a feature imports another only through this file): media facts' types, the
 * stored master's paths, the keyframe index, ingest requests.
 */
export { redactDetail } from './failure-detail.ts';
export {
  type IngestRequest,
  IngestRequestError,
  requestIngest,
  type StoryLinks,
} from './ingest-service.ts';
export { readKeyframeIndex } from './keyframe-store.ts';
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
  existingVideoIds,
  recentVideos,
  type VideoRecord,
  videoLabel,
  videoMaster,
  videoProgress,
  videoRecord,
  videoRecords,
  videosNotReady,
} from './reads.ts';
export type { VideoForSearch } from './search-source.ts';
export { videosForSearch } from './search-source.ts';
export { contentPaths, keyframeIndexKey, sha256File } from './store.ts';
export type { Shot } from './tables.ts';
export type { AudioStreamInfo, Keyframe, KeyframeIndex, MediaInfo, VideoStreamInfo } from './types.ts';
export { throttle } from './videos.ts';
