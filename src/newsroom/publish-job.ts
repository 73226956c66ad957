/**
 * The durable job that publishes a scheduled story at its time (queued with `startAfter`, in the same
 * transaction as the schedule). A portal that was down at that time runs it when it starts again. A
 * job whose story was rescheduled, unscheduled or deleted does nothing. One that runs early (the
 * database's clock ahead of the portal's, which is the authority) puts itself back and looks again at
 * the right time by the portal's clock, or within RECHECK_MS if that is sooner: the two clocks may
 * drift apart meanwhile, and the story must still appear within seconds of its time.
 */
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { StoryService } from './service.ts';

export interface PublishJob {
  storyId: number;
  /** The scheduled instant (ISO 8601, UTC) the job was queued for. */
  at: string;
}

const RECHECK_MS = 5000;

export function publishJobHandler(deps: { stories: StoryService; jobs: JobQueue; clock?: () => Date }) {
  return async (job: PublishJob): Promise<void> => {
    const result = await deps.stories.publishScheduled(job.storyId, job.at);
    if (result === 'not_yet') {
      const wait = new Date(job.at).getTime() - (deps.clock?.() ?? new Date()).getTime();
      await deps.jobs.send('newsroom.publish', job, {
        startAfter: new Date(Date.now() + Math.min(RECHECK_MS, Math.max(1000, wait))),
        singletonKey: `story-${job.storyId}-${job.at}-retry-${Date.now()}`,
      });
    }
  };
}
