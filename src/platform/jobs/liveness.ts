/**
 * Server mode: a job whose process died is handed back to the queue within a minute, not after its
 * kind's expiry. Each process that runs jobs has a row in `job_workers` it touches every
 * HEARTBEAT_SECONDS and records each job it starts in `job_runs`; every process sweeps now and then:
 * active jobs whose process has not been seen for DEAD_AFTER_SECONDS go back to `retry`. (The
 * embedded mode needs none of this: one process opens the database, and it requeues every active job
 * when it starts.)
 */
import { randomUUID } from 'node:crypto';

export const HEARTBEAT_SECONDS = 5;
export const DEAD_AFTER_SECONDS = 20;

type ExecuteSql = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export interface Liveness {
  readonly workerId: string;
  started(jobId: string): Promise<void>;
  ended(jobId: string): Promise<void>;
  /** Requeues the jobs of dead processes; returns them. */
  sweep(): Promise<{ id: string; name: string }[]>;
  stop(): Promise<void>;
}

export async function startLiveness(
  executeSql: ExecuteSql,
  schema: string,
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void },
): Promise<Liveness> {
  const workerId = randomUUID();
  const touch = () =>
    executeSql(
      `INSERT INTO job_workers (id, seen_at) VALUES ($1, now())
       ON CONFLICT (id) DO UPDATE SET seen_at = now()`,
      [workerId],
    );
  await touch();
  const sweep = async () => {
    const { rows } = await executeSql(
      `WITH dead AS (
         DELETE FROM job_runs r USING job_workers w
         WHERE w.id = r.worker_id AND w.seen_at < now() - make_interval(secs => $1)
         RETURNING r.job_id
       )
       UPDATE ${schema}.job j SET state = 'retry', start_after = now()
       FROM dead WHERE j.id = dead.job_id AND j.state = 'active'
       RETURNING j.id, j.name`,
      [DEAD_AFTER_SECONDS],
    );
    await executeSql(
      'DELETE FROM job_workers w WHERE w.seen_at < now() - make_interval(secs => $1) AND NOT EXISTS (SELECT 1 FROM job_runs r WHERE r.worker_id = w.id)',
      [DEAD_AFTER_SECONDS * 10],
    );
    const requeued = rows.map((r) => ({ id: String(r.id), name: String(r.name) }));
    if (requeued.length > 0) log.warn({ jobs: requeued }, 'requeued jobs of a worker process that died');
    return requeued;
  };
  const timer = setInterval(() => {
    touch()
      .then(sweep)
      .catch((error) => log.error({ err: error }, 'job liveness heartbeat failed'));
  }, HEARTBEAT_SECONDS * 1000);
  timer.unref();
  return {
    workerId,
    started: async (jobId) => {
      await executeSql(
        'INSERT INTO job_runs (job_id, worker_id) VALUES ($1, $2) ON CONFLICT (job_id) DO UPDATE SET worker_id = $2',
        [jobId, workerId],
      );
    },
    ended: async (jobId) => {
      await executeSql('DELETE FROM job_runs WHERE job_id = $1 AND worker_id = $2', [jobId, workerId]);
    },
    sweep,
    async stop() {
      clearInterval(timer);
      await executeSql('DELETE FROM job_workers WHERE id = $1', [workerId]).catch(() => {});
    },
  };
}
