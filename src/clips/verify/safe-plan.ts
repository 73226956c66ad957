/**
 * The safe path of a clip whose verification failed (pure): the same range, profile, audio and
 * container, its video re-encoded whole with the matched settings (one encode part decoded from the
 * keyframe the first part starts from), nothing copied and nothing joined at the bitstream level.
 * Null when the codec has no matched encoder (codec-support.ts): then there is no safer way.
 */
import { unsupportedCodec } from '../plan/codec-support.ts';
import type { ClipPlan, EncodePart } from '../plan/plan.ts';

export function safePlan(plan: ClipPlan): ClipPlan | null {
  const first = plan.parts[0];
  if (!first) return null;
  const part: EncodePart = {
    kind: 'encode',
    startFrame: plan.inFrame,
    endFrame: plan.outFrame,
    decodeFrom: first.kind === 'encode' ? first.decodeFrom : first.fromKeyframe,
  };
  const safe: ClipPlan = {
    ...plan,
    method: 'reencode',
    reason: `${plan.reason}; remade by a full re-encode of the range with matched settings`,
    parts: [part],
  };
  return unsupportedCodec(safe) === null ? safe : null;
}
