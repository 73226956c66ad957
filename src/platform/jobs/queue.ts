/**
 * Durable jobs on pg-boss, in both database modes: natively on a PostgreSQL server, and on PGlite
 * through pg-boss's `db.executeSql` option (sharing the portal's serialised connection). A job may be
 * queued inside a caller's transaction, and with a priority (the clip jobs' fair share between users).
 */
import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../db/database.ts';
import type { AnyDb } from '../db/schema.ts';
import type { JobKinds, JobName, JobPayloads } from './kinds.ts';
import { type Liveness, startLiveness } from './liveness.ts';

export interface JobContext {
  id: string;
  signal: AbortSignal;
  /** True when a failure now will not be retried: the handler may record the failure for users. */
  isLastAttempt: boolean;
}

export interface SendOptions {
  singletonKey?: string;
  /** Higher first; equal priorities run oldest first. Default 0. */
  priority?: number;
  /**
   * A transaction of the portal's database: the job is queued in it, so it exists exactly when the
   * rows written beside it do (no job without its row, no row waiting for a job that never comes).
   */
  within?: Pick<AnyDb, 'executeQuery'>;
  /** Not before this time (a scheduled job: it waits in the database, so it survives a restart). */
  startAfter?: Date;
}

export type JobHandler<K extends JobName> = (data: JobPayloads[K], context: JobContext) => Promise<void>;

export interface JobQueue {
  send<K extends JobName>(name: K, data: JobPayloads[K], options?: SendOptions): Promise<string | null>;
  work<K extends JobName>(name: K, handler: JobHandler<K>): Promise<void>;
  /** Asks this process's workers of a kind to poll now rather than at their next interval. */
  wake(name: JobName): void;
  /** Counts jobs of a kind that are waiting or running. */
  pending(name: JobName): Promise<number>;
  /** Stops fetching, waits for running jobs up to `timeoutMs`, then aborts them (they are retried later). */
  stop(timeoutMs?: number): Promise<void>;
}

const SCHEMA = 'pgboss';

/** pg-boss's connection interface over a Kysely transaction (its SQL runs on that connection). */
function executorOf(db: Pick<AnyDb, 'executeQuery'>) {
  return {
    executeSql: async (text: string, values: unknown[] = []) => {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as Record<string, unknown>[] };
    },
  };
}

export async function startJobQueue(
  database: DatabaseHandle,
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void },
  /** Every job kind the portal runs, gathered from the features by the composition root. */
  kinds: JobKinds,
): Promise<JobQueue> {
  const boss = new PgBoss({
    db: { executeSql: (text, values) => database.executeSql(text, values) },
    schema: SCHEMA,
    // PGlite has one connection shared with the web: poll gently.
    ...(database.kind === 'pglite'
      ? { maintenanceIntervalSeconds: 300, monitorStateIntervalSeconds: 600 }
      : {}),
  });
  boss.on('error', (error) => log.error({ err: error }, 'job queue error'));
  await boss.start();
  for (const name of Object.keys(kinds) as JobName[]) {
    const settings = kinds[name];
    await boss.createQueue(name, {
      name,
      retryLimit: settings.retryLimit,
      retryDelay: settings.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: settings.expireInSeconds,
    });
  }
  if (database.kind === 'pglite') {
    // Only one process opens an embedded database, so a job still marked active was running in a
    // process that died (kill -9, power loss): hand it back to the queue now rather than after expiry.
    const { rows } = await database.executeSql(
      `UPDATE ${SCHEMA}.job SET state = 'retry', start_after = now() WHERE state = 'active' RETURNING id, name`,
    );
    if (rows.length > 0) log.warn({ jobs: rows }, 'requeued jobs interrupted by a previous stop');
  }
  // Server mode: other processes may be running jobs; only those of dead processes are requeued.
  let liveness: Liveness | null = null;
  const alive = async () => {
    liveness ??= await startLiveness((text, values) => database.executeSql(text, values), SCHEMA, log);
    return liveness;
  };

  const running = new Set<AbortController>();
  const workers: string[] = [];
  const workersByName = new Map<JobName, string[]>();
  let stopping = false;

  return {
    send: (name, data, options = {}) =>
      boss.send(name, data as object, {
        ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
        ...(options.priority ? { priority: options.priority } : {}),
        ...(options.within ? { db: executorOf(options.within) } : {}),
        ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      }),
    async work(name, handler) {
      const { concurrency } = kinds[name];
      if (database.kind === 'postgres') await (await alive()).sweep();
      for (let i = 0; i < concurrency; i += 1) {
        const id = await boss.work<JobPayloads[typeof name]>(
          name,
          { batchSize: 1, pollingIntervalSeconds: database.kind === 'pglite' ? 1 : 2, includeMetadata: true },
          async ([job]) => {
            if (!job || stopping) throw new Error('worker stopping');
            const controller = new AbortController();
            running.add(controller);
            const tracker = database.kind === 'postgres' ? await alive() : null;
            await tracker?.started(job.id);
            try {
              const isLastAttempt = job.retryCount >= job.retryLimit;
              await handler(job.data, { id: job.id, signal: controller.signal, isLastAttempt });
            } finally {
              running.delete(controller);
              await tracker?.ended(job.id).catch(() => {});
            }
          },
        );
        workers.push(id);
        workersByName.set(name, [...(workersByName.get(name) ?? []), id]);
      }
    },
    wake(name) {
      for (const id of workersByName.get(name) ?? []) boss.notifyWorker(id);
    },
    async pending(name) {
      const { rows } = await database.executeSql(
        `SELECT count(*)::int AS n FROM ${SCHEMA}.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`,
        [name],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async stop(timeoutMs = 10_000) {
      stopping = true;
      await Promise.all(workers.map((id) => boss.offWork({ id }).catch(() => {})));
      const deadline = Date.now() + timeoutMs;
      while (running.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      for (const controller of running) controller.abort();
      await boss.stop({ graceful: true, wait: true, timeout: 5000, close: false });
      await liveness?.stop();
    },
  };
}
