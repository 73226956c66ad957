/**
 * Whether a clip plan can be executed: the one rule, shared by the request (refused at once, before
 * any job is queued), the clip job and the safe path of verification. A broadcast clip keeps the
 * master's codec, so any frame it re-encodes needs an encoder matched to the master's settings; only
 * the smart-cut codecs (plan.ts SMART_CUT_CODECS: H.264 with x264, MPEG-2 video) have one. The web
 * profile always re-encodes to H.264, from any codec.
 */
import { type ClipPlan, INTRA_ONLY_CODECS, SMART_CUT_CODECS } from './plan.ts';

/** Whether frames of `codec` can be re-encoded with settings matched to the master. */
export function hasMatchedEncoder(codec: string): boolean {
  return SMART_CUT_CODECS.has(codec);
}

/** The codec a plan would have to re-encode without a matched encoder; null when it can be made. */
export function unsupportedCodec(plan: Pick<ClipPlan, 'profile' | 'outputCodec' | 'parts'>): string | null {
  if (plan.profile !== 'broadcast') return null;
  const reencodes = plan.parts.some((part) => part.kind === 'encode');
  return reencodes && !hasMatchedEncoder(plan.outputCodec) ? plan.outputCodec : null;
}

/**
 * Whether broadcast clips of a master in `codec` can be made at all (for the clip editor, before any
 * range is chosen): intra-only codecs are copied frame by frame, smart-cut codecs re-encode with a
 * matched encoder; any other codec is refused by unsupportedCodec() whatever the range.
 */
export function broadcastClipsPossible(codec: string): boolean {
  return hasMatchedEncoder(codec) || INTRA_ONLY_CODECS.has(codec);
}
