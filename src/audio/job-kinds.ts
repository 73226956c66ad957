/** The audio feature's durable job kind and its queue settings (merged into the platform's registry). */
import type { JobKinds } from '../platform/jobs/kinds.ts';

export interface DerivativesJob {
  audioId: string;
}

declare module '../platform/jobs/kinds.ts' {
  interface JobPayloads {
    /** Make an audio item's web preview (AAC 128k) and waveform image from its stored original. */
    'audio.derivatives': DerivativesJob;
  }
}

export const audioJobKinds: JobKinds<'audio.derivatives'> = {
  'audio.derivatives': { retryLimit: 3, retryDelaySeconds: 2, expireInSeconds: 1800, concurrency: 1 },
};
