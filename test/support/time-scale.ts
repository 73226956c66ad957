/**
 * One factor for every deadline and timing bound in the tests, so that the suite holds on a busy
 * machine: `TEST_TIME_SCALE` when set (a number >= 1), otherwise the run queue per core (the 1-minute
 * load average divided by the number of cores), never below 1. A quiet machine keeps the written
 * figures; at load 18 on 2 cores they grow ninefold. Deadlines are for tests that hang: a test that
 * passes never waits for one, so a generous deadline costs nothing.
 */
import { availableParallelism, loadavg } from 'node:os';

const MAX_SCALE = 30;

/** The factor now. Read at each call: the load changes during a run. */
export function timeScale(): number {
  const fromEnv = Number(process.env.TEST_TIME_SCALE);
  if (Number.isFinite(fromEnv) && fromEnv >= 1) return fromEnv;
  const perCore = (loadavg()[0] ?? 0) / availableParallelism();
  return Math.min(MAX_SCALE, Math.max(1, Math.round(perCore * 10) / 10));
}

/** `ms` scaled by the factor now. */
export function scaled(ms: number): number {
  return Math.ceil(ms * timeScale());
}

/**
 * Polls `probe` until it gives a truthy value, and returns it. Fails after `timeoutMs` scaled by the
 * largest factor seen while waiting (a load that rises mid-wait extends the deadline). A probe that
 * throws is retried, except when it throws a `StopWaiting` (a final state such as a failed job).
 */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs: number,
  what: string,
  intervalMs = 200,
): Promise<T> {
  const started = Date.now();
  let factor = timeScale();
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      if (error instanceof StopWaiting) throw error;
      lastError = error;
    }
    factor = Math.max(factor, timeScale());
    const elapsed = Date.now() - started;
    if (elapsed > timeoutMs * factor) {
      const cause = lastError ? ` (last error: ${(lastError as Error).message ?? lastError})` : '';
      throw new Error(`timed out after ${elapsed} ms waiting for ${what}${cause}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Thrown from a `waitFor` probe to stop waiting at once (the awaited state can no longer come). */
export class StopWaiting extends Error {}
