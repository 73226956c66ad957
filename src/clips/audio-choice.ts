/**
 * Which of the master's audio streams a clip keeps (pure). By default every stream, every channel.
 * A request may name a subset by the master's stream indexes (ffprobe's, as `MediaInfo.audio[].index`
 * and the clip editor's checkboxes give them): normalised (sorted, without repeats) and checked
 * against the master; naming all of them is the default, so it shares the default's cache entry.
 */
import type { AudioStreamInfo } from '../media/public.ts';
import type { ClipPlan } from './plan/plan.ts';

export class AudioChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AudioChoiceError';
  }
}

/** The normalised subset, or null for every stream. Throws AudioChoiceError on an unknown stream. */
export function chooseAudio(
  streams: readonly Pick<AudioStreamInfo, 'index'>[],
  requested: readonly number[] | undefined | null,
): number[] | null {
  if (requested === undefined || requested === null) return null;
  const known = new Set(streams.map((s) => s.index));
  const unknown = requested.filter((index) => !known.has(index));
  if (unknown.length > 0) {
    const available = [...known].join(', ') || 'none';
    throw new AudioChoiceError(
      `no audio stream ${unknown.join(', ')} in the master (audio streams: ${available})`,
    );
  }
  const chosen = [...new Set(requested)].sort((a, b) => a - b);
  return chosen.length === known.size ? null : chosen;
}

/** The plan keeping only the chosen streams' audio cuts (every one when `chosen` is null). */
export function withAudio(plan: ClipPlan, chosen: readonly number[] | null): ClipPlan {
  if (chosen === null) return plan;
  return { ...plan, audio: plan.audio.filter((cut) => chosen.includes(cut.streamIndex)) };
}

/** As stored with the clip (`audio_streams`) and in its cache key: null, or "1,3". */
export function audioColumn(chosen: readonly number[] | null): string | null {
  return chosen === null ? null : chosen.join(',');
}

export function parseAudioColumn(value: string | null): number[] | null {
  if (value === null) return null;
  return value === '' ? [] : value.split(',').map(Number);
}
