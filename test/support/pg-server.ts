/**
 * A throwaway PostgreSQL server for the server-mode integration tests: Debian's binaries, initdb into
 * a temp dir as a non-root user, pg_ctl on a free loopback port. Used by vitest's global setup.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './nginx.ts';

function pgBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

export interface PgServer {
  adminUrl: string;
  stop(): void;
}

/**
 * `keepDir`: a data directory kept between runs (initdb only when it is new, left in place on stop),
 * for benchmarks that cache a large database; by default a temp dir removed on stop.
 */
export async function startPgServer(keepDir?: string): Promise<PgServer | null> {
  const bin = pgBinDir();
  if (!bin) return null;
  const isRoot = process.getuid?.() === 0;
  const user = isRoot ? 'postgres' : null;
  const asUser = (cmd: string, args: string[]) =>
    user
      ? execFileSync('runuser', ['-u', user, '--', cmd, ...args], { stdio: 'pipe' })
      : execFileSync(cmd, args, { stdio: 'pipe' });
  const dir = mkdtempSync(join(tmpdir(), 'portal-pg-'));
  chmodSync(dir, 0o777);
  if (keepDir) {
    mkdirSync(keepDir, { recursive: true });
    chmodSync(keepDir, 0o777);
  }
  const dataDir = keepDir ? join(keepDir, 'data') : join(dir, 'data');
  const port = await freePort();
  if (!existsSync(join(dataDir, 'PG_VERSION')))
    asUser(join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      'portal',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
  asUser(join(bin, 'pg_ctl'), [
    '-D',
    dataDir,
    '-l',
    join(dir, 'server.log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    '-w',
    'start',
  ]);
  return {
    adminUrl: `postgres://portal@127.0.0.1:${port}/postgres`,
    stop() {
      const args = ['-D', dataDir, '-m', keepDir ? 'fast' : 'immediate', 'stop'];
      if (user) spawnSync('runuser', ['-u', user, '--', join(bin, 'pg_ctl'), ...args]);
      else spawnSync(join(bin, 'pg_ctl'), args);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
