/**
 * Requesting a part of an audio item through the clip API: the range resolved in the audio
 * timecode (plan.ts: 25 frames a second from 00:00:00:00), planned (instant, pure), and found in or
 * queued into the one clip cache, with the same per-user cap, fair share, job and history as a
 * video's clip (service.ts `findOrQueueClip`). The cache key is the master's sha256 and the range.
 */
import type { Kysely } from 'kysely';
import type { AudioClipMaster } from '../../audio/public.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { MediaStorage } from '../../platform/storage/index.ts';
import { clipCacheKey } from '../engine.ts';
import { rangeReason, timecodeReason } from '../request-reason.ts';
import { type ClipRange, ClipRequestError, findOrQueueClip } from '../service.ts';
import type { Clip, ClipsTables } from '../tables.ts';
import {
  AUDIO_START_TIMECODE,
  AUDIO_TIMECODE,
  type AudioClipPlan,
  AudioPlanError,
  audioFrameOfTimecode,
  audioFrames,
  audioTimecodeOfFrame,
  planAudioClip,
} from './plan.ts';

/** The profile column of an audio part: always the master's own format. */
export const AUDIO_PROFILE = 'broadcast';

export function resolveAudioRange(range: ClipRange): { inFrame: number; outFrame: number } {
  if ('inFrame' in range) return range;
  const frameOf = (text: string) => {
    try {
      return audioFrameOfTimecode(text);
    } catch (error) {
      const reason = timecodeReason((error as { code?: string }).code, text, AUDIO_TIMECODE);
      throw new ClipRequestError(422, 'invalid_timecode', (error as Error).message, { reason });
    }
  };
  return { inFrame: frameOf(range.in), outFrame: frameOf(range.out) };
}

/** Plans a part, refusals as the clip API's errors (422 invalid_range / unsupported_codec). */
export function planAudioPart(master: AudioClipMaster, inFrame: number, outFrame: number): AudioClipPlan {
  try {
    return planAudioClip(master, inFrame, outFrame);
  } catch (error) {
    if (!(error instanceof AudioPlanError)) throw error;
    if (error.code === 'CLIP_UNSUPPORTED') {
      throw new ClipRequestError(422, 'unsupported_codec', error.message, {
        codec: `${master.codec} (${master.format})`,
      });
    }
    // The last frame in the message is the partial one holding the last samples.
    const total = audioFrames(master) + 1;
    const reason = rangeReason(error.code, total, AUDIO_START_TIMECODE, AUDIO_TIMECODE);
    throw new ClipRequestError(422, 'invalid_range', error.message, { reason });
  }
}

export async function requestAudioClip(
  deps: { db: Kysely<ClipsTables>; jobs: JobQueue; storage: MediaStorage; queuePerUser: number },
  request: { master: AudioClipMaster; range: ClipRange; userId: string },
): Promise<{ clip: Clip; made: boolean }> {
  const { master } = request;
  const { inFrame, outFrame } = resolveAudioRange(request.range);
  const plan = planAudioPart(master, inFrame, outFrame);
  const key = clipCacheKey(master.sha256, inFrame, outFrame, 'audio');
  return findOrQueueClip(deps, request.userId, key, {
    video_id: null,
    audio_id: master.id,
    master_sha256: master.sha256,
    in_frame: inFrame,
    out_frame: outFrame,
    profile: AUDIO_PROFILE,
    method: plan.method,
    reason: plan.reason,
    start_timecode: audioTimecodeOfFrame(inFrame),
    container: plan.output.container,
    audio_streams: null,
  });
}
