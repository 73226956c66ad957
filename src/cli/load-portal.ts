/**
 * The whole portal (every feature, Fastify, the job workers), imported only by the commands that run
 * it: a command that talks to a running portal, or fails on its configuration, answers in a fraction
 * of the time (the import alone costs seconds of CPU through tsx).
 */
import type { startPortal } from '../portal.ts';

export async function loadStartPortal(): Promise<typeof startPortal> {
  return (await import('../portal.ts')).startPortal;
}
