/**
 * Whether a master's PCM audio can be cut by copying whole packets. It can when every stream comes
 * one video frame per packet, starting with the video (frame-wrapped MXF: 1920 samples a packet at
 * 25 fps and 48 kHz): the packets of frames [in, out) then hold exactly the range's samples, and
 * the join copies them instead of decoding and trimming the audio. Read once per master, from its
 * first packets (ffmpeg numbers PCM packets by their samples, so one layout holds for the file).
 */
import { masterInputArgs } from '../../platform/ffmpeg/input.ts';
import { runFfprobeJson } from '../../platform/ffmpeg/run.ts';
import type { ClipPlan } from '../plan/plan.ts';
import { cachedRead, type MasterCache } from './master-cache.ts';

/** Packets read from the start of each audio stream. */
const PACKETS_PER_STREAM = 3;

export interface ProbedAudio {
  streams: { index: number; time_base: string; start_pts?: number }[];
  packets: { stream_index: number; pts?: number; duration?: number }[];
}

/** Whether the clip has audio and all of it is PCM to cut by samples. */
function allPcm(plan: Pick<ClipPlan, 'audio'>): boolean {
  return plan.audio.length > 0 && plan.audio.every((cut) => cut.method === 'pcm');
}

/** Whether the probed first packets show one video frame per packet for every PCM stream of `plan` (pure). */
export function pcmFramePackets(
  plan: Pick<ClipPlan, 'audio' | 'frameRate' | 'timeBase' | 'firstPts'>,
  probed: ProbedAudio,
): boolean {
  if (!allPcm(plan)) return false;
  const { num, den } = plan.frameRate;
  return plan.audio.every((cut) => {
    const samplesPerFrame = (cut.sampleRate * den) / num;
    if (!Number.isInteger(samplesPerFrame)) return false;
    const stream = probed.streams.find((s) => s.index === cut.streamIndex);
    if (!stream || stream.time_base !== `1/${cut.sampleRate}` || stream.start_pts === undefined) return false;
    // The first sample is at the first video frame's time: start_pts/rate = firstPts*num/den.
    if (stream.start_pts * plan.timeBase.den !== plan.firstPts * plan.timeBase.num * cut.sampleRate)
      return false;
    const packets = probed.packets.filter((p) => p.stream_index === cut.streamIndex);
    if (packets.length < 2) return false;
    return packets.every(
      (p, k) => p.duration === samplesPerFrame && p.pts === stream.start_pts! + k * samplesPerFrame,
    );
  });
}

/** Reads the first packets of the master's audio streams (cached with the master's other facts). */
export function readPcmFramePackets(
  masterPath: string,
  plan: ClipPlan,
  masterFormat?: string,
  cache?: MasterCache,
): Promise<boolean> {
  if (!allPcm(plan)) return Promise.resolve(false);
  return cachedRead(cache, 'pcm-frame-packets', masterPath, async () => {
    const probed = await runFfprobeJson<ProbedAudio>([
      ...['-select_streams', 'a', '-read_intervals', `%+#${PACKETS_PER_STREAM * plan.audio.length}`],
      ...['-show_entries', 'stream=index,time_base,start_pts:packet=stream_index,pts,duration'],
      ...(masterFormat ? masterInputArgs(masterFormat) : []),
      masterPath,
    ]);
    return pcmFramePackets(plan, probed);
  });
}
