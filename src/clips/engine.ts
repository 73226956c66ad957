/**
 * The clip engine's public face: plan a clip (pure, instant) from the stored keyframe index and
 * media facts, then execute the plan from the master (a job: progress, abort, temp file + rename).
 */
export { readMp4AvcFacts } from '../lib/isobmff/avc.ts';
export {
  formatTimecode,
  frameToTimecode,
  parseTimecode,
  TimecodeError,
  type TimecodeErrorCode,
  type TimecodeFormat,
  timecodeToFrame,
} from '../lib/timecode/timecode.ts';
export {
  ClipExecutionError,
  type ClipProgress,
  type ClipResult,
  type ExecuteClipOptions,
  executeClip,
  isClipLeftover,
  removeClipLeftovers,
} from './execute/smartcut.ts';
export {
  type AudioCut,
  type ClipMethod,
  type ClipPlan,
  ClipPlanError,
  type ClipPlanErrorCode,
  type ClipPlanInput,
  type ClipProfile,
  planClip,
} from './plan/plan.ts';

/**
 * Cache key of a clip: the same master bytes, range, profile and audio streams make the same file.
 * Every audio stream (null) keeps the key it had before a subset could be chosen.
 */
export function clipCacheKey(
  masterSha256: string,
  inFrame: number,
  outFrame: number,
  profile: string,
  audioStreams: readonly number[] | null = null,
): string {
  const audio = audioStreams === null ? '' : `-a${audioStreams.join('.') || 'none'}`;
  return `${masterSha256}-${inFrame}-${outFrame}-${profile}${audio}`;
}

/** File extension of a plan's output container. */
export function clipExtension(container: 'mxf' | 'mov' | 'mp4' | 'mpegts'): string {
  return container === 'mpegts' ? 'ts' : container;
}
