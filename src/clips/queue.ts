/**
 * Queueing a clip's job under the per-user cap and with its fair share of the workers. Each user may
 * have `max` clips queued or being made; the job is queued in the same transaction as the clip row,
 * under a per-user lock, so concurrent requests cannot both take the last place and no row is left
 * waiting for a job. The job's priority is minus the user's clips already pending: the workers take
 * every user's first clip before anyone's second, so one user's burst does not delay another user's
 * single clip behind it (pg-boss fetches the highest priority, then the oldest).
 */
import { type Kysely, sql } from 'kysely';
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { Clip, ClipsTables } from './tables.ts';

/**
 * A clip queued this long ago no longer counts against its user: a job lost for good (a retry limit
 * reached while its process was killed) must not hold a place forever. Longer than any real job.
 */
export const PENDING_COUNTS_FOR_HOURS = 6;

/** The fair-share priority of a user's next job: every user's n-th pending clip before anyone's n+1-th. */
export function fairPriority(pendingOfUser: number): number {
  return -pendingOfUser;
}

export type ClipWriter = (
  trx: Kysely<ClipsTables>,
  requester: { requested_by: string; requested_at: ReturnType<typeof sql<Date>> },
) => Promise<Clip | undefined>;

export type QueueResult =
  | { kind: 'queued'; clip: Clip }
  /** An identical request wrote the row first: its job is queued. */
  | { kind: 'raced' }
  /** The user already has `pending` clips queued or being made. */
  | { kind: 'full'; pending: number };

/**
 * Runs `write` (inserts or re-queues one clip row with the requester's columns, and returns it, or
 * undefined when an identical request did it first) if the user has fewer than `max` clips pending,
 * and queues the row's job beside it.
 */
export async function queueWithinCap(
  deps: { db: Kysely<ClipsTables>; jobs: JobQueue },
  user: { id: string; max: number },
  write: ClipWriter,
): Promise<QueueResult> {
  return deps.db.transaction().execute(async (trx) => {
    // Serialises one user's requests (an advisory lock: the clips feature does not lock account rows).
    await sql`select pg_advisory_xact_lock(hashtext(${`clips.queue:${user.id}`}))`.execute(trx);
    const { pending } = await trx
      .selectFrom('clips')
      .select((eb) => eb.fn.countAll<string | number>().as('pending'))
      .where('requested_by', '=', user.id)
      .where('status', 'in', ['queued', 'running'])
      .where('requested_at', '>', sql<Date>`now() - make_interval(hours => ${PENDING_COUNTS_FOR_HOURS})`)
      .executeTakeFirstOrThrow();
    const count = Number(pending);
    if (count >= user.max) return { kind: 'full', pending: count };
    const clip = await write(trx, { requested_by: user.id, requested_at: sql<Date>`now()` });
    if (!clip) return { kind: 'raced' };
    await deps.jobs.send('clips.make', { clipId: clip.id }, { within: trx, priority: fairPriority(count) });
    return { kind: 'queued', clip };
  });
}
