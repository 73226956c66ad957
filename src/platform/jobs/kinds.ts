/**
 * The job kinds' contract. `JobPayloads` is empty here: each feature adds its own kinds to it by
 * declaration merging (see `src/<feature>/job-kinds.ts`) and exports their settings, which the
 * composition root hands to `startJobQueue`. The queue thus types every payload without importing
 * any feature.
 */

/**
 * Job name -> payload. Features merge their kinds into this interface:
 * `declare module '../platform/jobs/kinds.ts' { interface JobPayloads { 'clips.make': ClipJob } }`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each feature.
export interface JobPayloads {}

export type JobName = keyof JobPayloads;

export interface JobSettings {
  retryLimit: number;
  retryDelaySeconds: number;
  /** A job running longer than this is considered lost and retried (server mode). */
  expireInSeconds: number;
  /** Jobs of this kind run at once in one process. */
  concurrency: number;
}

/** The settings of some job kinds (a feature's), or of all of them (the composition root's). */
export type JobKinds<K extends JobName = JobName> = { readonly [P in K]: JobSettings };
