/**
 * Vitest global setup of the tiers that start portals (integration, security, e2e): one throwaway
 * PostgreSQL server for the server-mode tests when Debian's binaries are present (or TEST_DATABASE_URL).
 * Vitest runs a project's global setup once per project; the three tiers share one server, started by
 * the first and stopped by the last (a count on globalThis, which all projects share in Vitest's process).
 * The unit tier has no global setup: it starts no server.
 */
import type { TestProject } from 'vitest/node';
import { type PgServer, startPgServer } from './pg-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string | null;
  }
}

interface Shared {
  users: number;
  server: Promise<PgServer | null>;
}

const KEY = Symbol.for('broadcast-portal.test.pg-server');
type Holder = { [KEY]?: Shared };

export default async function setup(project: TestProject) {
  const fromEnv = process.env.TEST_DATABASE_URL ?? null;
  if (fromEnv) {
    project.provide('pgAdminUrl', fromEnv);
    return;
  }
  const holder = globalThis as Holder;
  const shared = holder[KEY] ?? { users: 0, server: startPgServer() };
  holder[KEY] = shared;
  shared.users += 1;
  const server = await shared.server;
  project.provide('pgAdminUrl', server?.adminUrl ?? null);
  return () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete holder[KEY];
    server?.stop();
  };
}
