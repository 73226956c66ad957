/** Vitest global setup: a PostgreSQL server for server-mode tests when Debian's binaries are present. */
import type { TestProject } from 'vitest/node';
import { startPgServer } from './pg-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string | null;
  }
}

export default async function setup(project: TestProject) {
  const fromEnv = process.env.TEST_DATABASE_URL ?? null;
  const server = fromEnv ? null : await startPgServer();
  project.provide('pgAdminUrl', fromEnv ?? server?.adminUrl ?? null);
  return () => server?.stop();
}
