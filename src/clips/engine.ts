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

/** Cache key of a clip: the same master bytes, range and profile make the same file. */
export function clipCacheKey(
  masterSha256: string,
  inFrame: number,
  outFrame: number,
  profile: string,
): string {
  return `${masterSha256}-${inFrame}-${outFrame}-${profile}`;
}

/** File extension of a plan's output container. */
export function clipExtension(container: 'mxf' | 'mov' | 'mp4' | 'mpegts'): string {
  return container === 'mpegts' ? 'ts' : container;
}
