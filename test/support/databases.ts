/**
 * The database modes integration tests run in: PGlite (cloned from a migrated template, since a first
 * initdb takes seconds) and, when a server is available, a fresh database on PostgreSQL.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite } from '../../src/platform/db/database.ts';
import { migrateToLatest } from '../../src/platform/db/migrator.ts';

export const CACHE_DIR = resolve(import.meta.dirname, '../../.cache');

export type DbMode = 'pglite' | 'postgres';

export function databaseModes(): DbMode[] {
  return inject('pgAdminUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A migrated PGlite data dir made once per set of migrations, cloned for each test. */
async function pgliteTemplate(): Promise<string> {
  const template = join(CACHE_DIR, 'pglite-template');
  const { readdir, readFile } = await import('node:fs/promises');
  const { createHash } = await import('node:crypto');
  // Keyed on the migrations' names and contents: an edited migration gets a new template.
  const migrationsDir = resolve(import.meta.dirname, '../../src/platform/db/migrations');
  const hash = createHash('sha256');
  for (const name of (await readdir(migrationsDir)).sort()) {
    hash
      .update(`${name}\0`)
      .update(await readFile(join(migrationsDir, name)))
      .update('\0');
  }
  const key = hash.digest('base64url').slice(0, 40);
  const dir = join(template, key);
  if (await exists(join(dir, 'PG_VERSION'))) return dir;
  await mkdir(template, { recursive: true });
  const temp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await openPglite(temp);
  await migrateToLatest(handle.db);
  await handle.close();
  try {
    await rename(temp, dir);
  } catch {
    await rm(temp, { recursive: true, force: true }); // another worker won
  }
  return dir;
}

export interface TestDataDir {
  dataDir: string;
  databaseUrl: string | null;
  cleanup(): Promise<void>;
}

/** A fresh DATA_DIR and, for postgres mode, a fresh database. */
export async function freshDataDir(mode: DbMode): Promise<TestDataDir> {
  const dataDir = await mkdtemp(join(tmpdir(), 'portal-test-'));
  if (mode === 'pglite') {
    // coreutils' cp: a third of fs.cp's CPU for the template's 1,200 files, at every PGlite portal.
    await promisify(execFile)('cp', ['-a', await pgliteTemplate(), join(dataDir, 'db')]);
    return { dataDir, databaseUrl: null, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const adminUrl = inject('pgAdminUrl');
  if (!adminUrl) throw new Error('no PostgreSQL server for the server-mode tests');
  const name = `portal_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    async cleanup() {
      await rm(dataDir, { recursive: true, force: true });
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
