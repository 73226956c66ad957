/**
 * The master's frames around a re-encoded edge of an H.264 MP4/MOV clip, decoded the way the
 * executor decoded them for that edge (I/O: the master's samples, one ffmpeg): from the edge part's
 * own keyframe, fed only the pictures those frames need (`../execute/h264-feed.ts`: unreferenced
 * pictures left out, references nothing needed predicts from replaced by skipped pictures), rather
 * than every picture from the closed keyframe before the edge through the demuxer. The kept frames
 * are bit-identical either way (the feed's own tests); what is saved is decoding.
 * The feed is decoded by the clip worker's resident encoder when there is one (resident-reference.ts),
 * by an ffmpeg process otherwise.
 * Null when the frames cannot be fed so (not an MP4/MOV H.264 master, the edge copied, an open GOP,
 * the frames or their neighbours outside the part's GOP): the caller decodes them as before.
 */

import { readMp4VideoSamples } from '../../lib/isobmff/samples.ts';
import type { MediaInfo } from '../../media/public.ts';
import type { ResidentEncoder } from '../../platform/ffmpeg/resident-encoder.ts';
import { runFfmpeg } from '../../platform/ffmpeg/run.ts';
import { readFeed } from '../execute/h264-feed.ts';
import { cachedRead, type MasterCache } from '../execute/master-cache.ts';
import { frameRateArg } from '../plan/commands.ts';
import type { ClipPlan } from '../plan/plan.ts';
import { ONE_THREAD, pictureOutputs } from './probe.ts';
import { residentPictures } from './resident-reference.ts';
import type { Picture } from './rules.ts';

export interface FedReferenceOptions {
  masterPath: string;
  media: Pick<MediaInfo, 'containerFamily' | 'video'>;
  plan: ClipPlan;
  workDir: string;
  masterCache?: MasterCache;
  /** Decodes the feed instead of an ffmpeg process when it can (resident-reference.ts). */
  residentEncoder?: ResidentEncoder | null;
}

/** The encoded part whose decode shows `edge`'s frame, when it is one the executor fed. */
function edgePart(plan: ClipPlan, edge: 'first' | 'last') {
  const part = edge === 'first' ? plan.parts[0] : plan.parts[plan.parts.length - 1];
  return part?.kind === 'encode' ? part : null;
}

/**
 * The master's display frames [from, to) around `edge`, from the edge part's feed; null when they
 * cannot be fed (see the file's header).
 */
export async function fedMasterPictures(
  options: FedReferenceOptions,
  edge: 'first' | 'last',
  range: [number, number],
  name: string,
  signal?: AbortSignal,
): Promise<Map<number, Picture> | null> {
  const { plan, media } = options;
  const family = media.containerFamily;
  if (plan.sourceCodec !== 'h264' || (family !== 'mp4' && family !== 'mov')) return null;
  const part = edgePart(plan, edge);
  if (!part || part.decodeFrom.pos === null) return null;
  const samples = await cachedRead(options.masterCache, 'samples', options.masterPath, () =>
    readMp4VideoSamples(options.masterPath),
  ).catch(() => null);
  if (!samples) return null;
  const first = samples.offsets.indexOf(part.decodeFrom.pos);
  if (first < 0 || !samples.sync[first]) return null;
  const [from, to] = range;
  const keyframe = part.decodeFrom.frame;
  // Every frame asked for, neighbours included, or none: fewer would check less.
  const feed = await readFeed(options.masterPath, samples, first, from - keyframe, to - keyframe);
  if (!feed) return null;
  const resident = options.residentEncoder
    ? await residentPictures(
        options.residentEncoder,
        { plan, pixFmt: media.video.pixFmt, size: media.video, workDir: options.workDir },
        { feed: feed.chunks },
        feed.leading,
        from,
        to - from,
        name,
        signal,
      )
    : null;
  if (resident) return resident;
  const pictures = pictureOutputs('m', options.workDir, name, { width: 0, height: 0 });
  await runFfmpeg(
    [
      ...['-v', 'error', ...ONE_THREAD, '-f', 'h264', '-framerate', frameRateArg(plan), '-i', 'pipe:0'],
      ...[
        '-filter_complex',
        `[0:v:0]trim=start_frame=${feed.leading}:end_frame=${feed.leading + to - from}[m];${pictures.filter}`,
      ],
      ...pictures.outputs,
    ],
    { signal, input: feed.chunks },
  );
  const found = await pictures.read();
  return new Map(found.map((picture, i) => [from + i, picture]));
}
