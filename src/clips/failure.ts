/**
 * Why a clip failed, in the reader's language: the clip job stores message keys (`error_code`,
 * "<wrapper key>|<reason key>"), the API and the clip page translate them when they show the clip.
 * Unknown or absent codes give null (the caller falls back to the technical `error`).
 */
import type { MessageKey, Translator } from '../web/i18n/index.ts';
import { translator } from '../web/i18n/index.ts';
import type { VerifyFailureCode } from './verify/rules.ts';

const REASONS: Record<VerifyFailureCode, MessageKey> = {
  decode_errors: 'clips.verify.decode_errors',
  frame_count: 'clips.verify.frame_count',
  timestamps: 'clips.verify.timestamps',
  declared_duration: 'clips.verify.declared_duration',
  audio_streams: 'clips.verify.audio_streams',
  audio_samples: 'clips.verify.audio_samples',
  edge_frame: 'clips.verify.edge_frame',
  copied_packets: 'clips.verify.copied_packets',
};

/** The stored code of a verification failure (the first failure is the reason given). */
export function verificationFailureCode(code: VerifyFailureCode, remade: boolean): string {
  return `${remade ? 'clips.verify.failedRemade' : 'clips.verify.failed'}|${REASONS[code]}`;
}

/** The translated reason of a failed clip, or null when it has none. */
export function failureMessage(
  clip: { error_code: string | null },
  t: Translator = translator('en'),
): string | null {
  if (!clip.error_code) return null;
  const [wrapper, reason] = clip.error_code.split('|') as [MessageKey, MessageKey | undefined];
  const known = new Set<string>([
    ...Object.values(REASONS),
    'clips.verify.failed',
    'clips.verify.failedRemade',
  ]);
  if (!known.has(wrapper) || (reason !== undefined && !known.has(reason))) return null;
  return t(wrapper, { reason: reason ? t(reason) : '' }).trim();
}
