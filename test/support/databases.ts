/**
 * The database modes integration tests run in: PGlite (cloned from a migrated template, since a first
 * initdb takes seconds) and, when a server is available, a fresh database on PostgreSQL (copied from
 * a migrated template database: every migration run once per suite, not once per portal).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres } from '../../src/platform/db/database.ts';
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

/**
 * A key for the set of migrations, from their names and contents: an edited migration gets new
 * templates. Read once per worker (files share it: `isolate: false`), not once per portal.
 */
let migrationsKeyOnce: Promise<string> | undefined;
function migrationsKey(): Promise<string> {
  migrationsKeyOnce ??= readMigrationsKey();
  return migrationsKeyOnce;
}

async function readMigrationsKey(): Promise<string> {
  const { readdir, readFile } = await import('node:fs/promises');
  const { createHash } = await import('node:crypto');
  const migrationsDir = resolve(import.meta.dirname, '../../src/platform/db/migrations');
  const hash = createHash('sha256');
  for (const name of (await readdir(migrationsDir)).sort()) {
    hash
      .update(`${name}\0`)
      .update(await readFile(join(migrationsDir, name)))
      .update('\0');
  }
  return hash.digest('base64url').slice(0, 40);
}

/** A migrated PGlite data dir made once per set of migrations, cloned for each test. */
async function pgliteTemplate(): Promise<string> {
  const template = join(CACHE_DIR, 'pglite-template');
  const key = await migrationsKey();
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

async function adminQuery(adminUrl: string, sql: string): Promise<pg.QueryResult> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await admin.query(sql);
  } finally {
    await admin.end();
  }
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A migrated database on the suite's server, made once per set of migrations (the server lives as
 * long as the suite): each test's database is a copy of it, which takes a fraction of running every
 * migration. Workers racing to make it each migrate a database of their own and rename it; the
 * loser drops its copy.
 */
async function postgresTemplate(adminUrl: string): Promise<string> {
  const name = `portal_template_${(await migrationsKey())
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 24)
    .toLowerCase()}`;
  const found = await adminQuery(adminUrl, `SELECT 1 FROM pg_database WHERE datname = '${name}'`);
  if (found.rowCount) return name;
  const temp = `${name}_tmp_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${temp}`);
  const handle = await openPostgres(databaseUrl(adminUrl, temp), 1);
  await migrateToLatest(handle.db);
  await handle.close();
  try {
    await adminQuery(adminUrl, `ALTER DATABASE ${temp} RENAME TO ${name}`);
  } catch {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${temp} WITH (FORCE)`); // another worker won
  }
  return name;
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
  const template = await postgresTemplate(adminUrl);
  const name = `portal_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    dataDir,
    databaseUrl: databaseUrl(adminUrl, name),
    async cleanup() {
      await rm(dataDir, { recursive: true, force: true });
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
