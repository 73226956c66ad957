/**
 * The decisions of a smart cut that depend on the master's H.264 parameter sets, for the executor in
 * `concat.ts`: which encoder settings the re-encoded parts get (the master's own x264 settings, or
 * parameter set ids of their own beside the master's), whether the clip is joined at the sample level
 * (MP4/MOV), and, once the parts are encoded, how the clip carries its parameter sets (matched in the
 * sample description, or in-band as avc3). The facts behind them: docs/smart-cut.md.
 */
import {
  type AvcConfig,
  extraParameterSets,
  parameterSetIds,
  readMp4AvcFacts,
  sameParameterSets,
} from '../../lib/isobmff/avc.ts';
import type { MediaInfo } from '../../media/public.ts';
import { mpeg2EncoderArgs } from '../plan/encoders/mpeg2.ts';
import { webEncoderArgs, x264EncoderArgs } from '../plan/encoders/x264.ts';
import type { ClipPlan } from '../plan/plan.ts';
import { cachedRead } from './master-cache.ts';
import { ClipExecutionError, type ClipResult, type ExecuteClipOptions } from './types.ts';

/** Whether the master is an ISO-BMFF file (MP4 or QuickTime MOV). */
export function isMp4Master(media: MediaInfo): boolean {
  return media.containerFamily === 'mp4' || media.containerFamily === 'mov';
}

/** The encoder of the re-encoded parts, and the master facts it was matched to. */
export interface EncoderChoice {
  /** Encoder arguments (`-threads` set to the clip's thread count); empty when nothing is encoded. */
  encoder: string[];
  /** Whether the parts get x264 settings matched to the master (smart cut or broadcast H.264). */
  matchX264: boolean;
  /** The master's avcC (MP4/MOV H.264 master with matched settings), else null. */
  masterAvc: AvcConfig | null;
  /** A smart cut of an H.264 master (some of the clip is copied). */
  h264Smart: boolean;
}

/** The smallest parameter set id the master's sample description uses for neither SPS nor PPS. */
function freeParameterSetId(config: AvcConfig): number {
  const ids = parameterSetIds(config);
  const used = new Set([...ids.sps, ...ids.pps]);
  let id = 0;
  while (used.has(id)) id++;
  return id;
}

/** Encoder arguments with their `-threads` value replaced. */
export function withThreads(encoder: readonly string[], threads: string): string[] {
  return encoder.map((value, i, all) => (all[i - 1] === '-threads' ? threads : value));
}

/**
 * Chooses the parts' encoder: the master's own x264 settings when it has them, stream facts and
 * parameter set ids the master does not use when it does not (notes say so), the web encoder for a
 * web clip, MPEG-2 for an MPEG-2 clip. Throws CLIP_CODEC_UNSUPPORTED for a whole re-encode with no
 * matched encoder.
 */
export async function chooseEncoder(
  options: ExecuteClipOptions,
  masterPath: string,
  notes: string[],
): Promise<EncoderChoice> {
  const { plan, media } = options;
  const wholeReencode = !plan.parts.some((p) => p.kind === 'copy');
  const h264Smart = plan.sourceCodec === 'h264' && !wholeReencode;
  // Matched x264 settings for a smart cut, and for a broadcast re-encode of an H.264 master.
  const matchX264 =
    plan.sourceCodec === 'h264' && plan.outputCodec === 'h264' && (h264Smart || plan.profile === 'broadcast');
  let x264Options: string | null = null;
  let masterAvc: AvcConfig | null = null;
  if (matchX264 && isMp4Master(media) && plan.container !== 'mpegts') {
    const facts = await cachedRead(options.masterCache, 'avc', masterPath, () => readMp4AvcFacts(masterPath));
    x264Options = facts.x264Options;
    masterAvc = facts.avcC;
    if (!x264Options) notes.push('master not made by x264: head and tail settings derived from stream facts');
  }
  let encoder: string[];
  if (plan.outputCodec === 'h264' && !matchX264) encoder = webEncoderArgs(media.video);
  else if (plan.outputCodec === 'h264') {
    // A master not made by x264: the parts get parameter set ids of their own, so that the clip's
    // avc1 sample description can carry theirs beside the master's.
    const spsId = !x264Options && masterAvc ? freeParameterSetId(masterAvc) : undefined;
    encoder = x264EncoderArgs(media.video, x264Options, 0, options.x264Effort ?? 'fast', spsId);
  } else if (plan.outputCodec === 'mpeg2video') {
    encoder = mpeg2EncoderArgs(media.video, { timecode: plan.startTimecode });
  } else if (wholeReencode) {
    throw new ClipExecutionError(
      'CLIP_CODEC_UNSUPPORTED',
      `no matched encoder for ${plan.outputCodec}: choose the web profile`,
    );
  } else {
    encoder = [];
  }
  // The longest part uses every core (x264's and the decoder's own threading); the others run on
  // one thread each, in its gaps: frame threading would only add work and memory for a few frames.
  encoder = withThreads(encoder, String(options.threads ?? 0));
  return { encoder, matchX264, masterAvc, h264Smart };
}

/**
 * Whether the clip is joined at the sample level (`sample-join.ts`): an MP4/MOV clip of an MP4/MOV
 * master, in either profile, whose parts share the master's sample description (the master's own
 * x264 settings, fed from its samples), or whose every picture is the master's (an intra-only copy,
 * or a whole H.264 GOP run), whatever the codec: the master's sample description, edit lists and
 * timecode kept, new timing tables.
 */
export function sampleJoinable(
  plan: ClipPlan,
  media: MediaInfo,
  choice: EncoderChoice,
  encodedParts: number,
  samplesRead: boolean,
): boolean {
  return (
    isMp4Master(media) &&
    (plan.container === 'mov' || plan.container === 'mp4') &&
    (encodedParts === 0 || (samplesRead && choice.matchX264 && choice.masterAvc !== null))
  );
}

/**
 * How the clip carries its H.264 parameter sets, read from the encoded parts (`encoded`, MP4/MOV
 * files): matched when they equal the master's, or (sample join only) when theirs can sit beside the
 * master's in avc1; in-band (avc3) otherwise, and always in MPEG-TS. Adds a note for each choice
 * that is not plain.
 */
export async function parameterSetCarriage(
  plan: ClipPlan,
  choice: EncoderChoice,
  encoded: readonly string[],
  sampleJoin: boolean,
  notes: string[],
): Promise<ClipResult['parameterSets']> {
  const { masterAvc } = choice;
  if (plan.container === 'mpegts' && plan.outputCodec === 'h264') {
    // MPEG-TS always carries parameter sets in-band; there is no sample description to match.
    return 'in-band';
  }
  if ((choice.h264Smart || sampleJoin) && plan.outputCodec === 'h264' && encoded.length > 0) {
    const heads = await Promise.all(encoded.map((file) => readMp4AvcFacts(file)));
    const matched = heads.every((facts) => sameParameterSets(facts.avcC, masterAvc));
    // Sets of their own, under ids the master does not use: carried beside the master's in avc1.
    const beside =
      !matched &&
      sampleJoin &&
      masterAvc !== null &&
      heads.every((facts) => facts.avcC !== null) &&
      extraParameterSets(
        masterAvc,
        heads.map((facts) => facts.avcC!),
      ) !== null;
    if (beside) notes.push("re-encoded parts' parameter sets added to the master's avc1 sample description");
    if (!matched && !beside) {
      notes.push(
        're-encoded SPS/PPS differ from the master: parameter sets carried in-band, declared as avc3',
      );
    }
    return matched || beside ? 'matched' : 'in-band';
  }
  return plan.outputCodec === 'h264' ? 'matched' : 'not-applicable';
}
