/**
 * What a master's container declares of its sound (I/O: ffprobe): for the executor, which must not
 * put in a clip sound the master does not have, and for the verification, which checks it did not.
 */
import type { MediaInfo } from '../../media/public.ts';
import { runFfprobeJson } from '../../platform/ffmpeg/run.ts';
import type { ClipPlan } from '../plan/plan.ts';
import { cachedRead, type MasterCache } from './master-cache.ts';

/** A time ffprobe printed, in seconds; null when it printed none ('N/A'). */
export const seconds = (value: string | undefined): number | null => {
  const n = Number(value);
  return value === undefined || value === 'N/A' || !Number.isFinite(n) ? null : n;
};

/**
 * Samples each planned audio stream of the master holds from its first picture's time, as the
 * container declares them (a header read), when the clip runs to the master's last frame; [] else.
 * The executor trims decoded sound there (ffmpeg 5.1 decodes coded audio to its last whole frame,
 * past the end an edit list declares); the verification expects no more. The header is read once
 * a master through the clip worker's cache: the executor and the verification both ask.
 */
export async function masterAudioSamples(options: {
  masterPath: string;
  media: Pick<MediaInfo, 'containerFamily'>;
  plan: ClipPlan;
  /** The master's frame count. */
  totalFrames: number;
  masterCache?: MasterCache;
}): Promise<(number | null)[]> {
  const { plan } = options;
  // An MPEG-TS master declares no durations (ffprobe estimates them, short of the last frame's):
  // nothing to cap by, whatever the clip's container (a web clip of it is MP4).
  const estimated = options.media.containerFamily === 'mpegts';
  if (plan.outFrame < options.totalFrames || plan.audio.length === 0 || estimated) return [];
  const { streams } = await cachedRead(options.masterCache, 'declared-streams', options.masterPath, () =>
    runFfprobeJson<{ streams: { index: number; duration?: string; start_time?: string }[] }>([
      '-show_entries',
      'stream=index,duration,start_time',
      options.masterPath,
    ]),
  );
  const videoStart = seconds(streams.find((s) => s.index === plan.videoStreamIndex)?.start_time) ?? 0;
  return plan.audio.map((cut) => {
    const stream = streams.find((s) => s.index === cut.streamIndex);
    const duration = seconds(stream?.duration);
    if (duration === null) return null;
    const end = (seconds(stream?.start_time) ?? 0) + duration - videoStart;
    return Math.round(end * cut.sampleRate);
  });
}
