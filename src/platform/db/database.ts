/**
 * Opens the database: PGlite in `$DATA_DIR/db` (embedded default) or a PostgreSQL server
 * (`DATABASE_URL`), both behind Kysely. `executeSql` runs raw SQL on the same serialised connection
 * as Kysely, for pg-boss.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { KEPT_STATEMENTS_SETTING, keptStatementsClient, markKeepsStatements } from './kept-statements.ts';
import type { Database } from './schema.ts';

export interface SqlResult {
  rows: Record<string, unknown>[];
}

export interface DatabaseHandle {
  kind: 'pglite' | 'postgres';
  db: Kysely<Database>;
  /** Raw SQL for pg-boss and migrations; multi-statement text is allowed when `values` is empty. */
  executeSql(text: string, values?: unknown[]): Promise<SqlResult>;
  close(): Promise<void>;
}

export class DatabaseUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnreachableError';
  }
}

export async function openPglite(dir: string): Promise<DatabaseHandle> {
  await mkdir(dir, { recursive: true });
  // The search feature's extensions (accent folding, trigrams); a server has them from contrib.
  const pglite = await PGlite.create(dir, { extensions: { pg_trgm, unaccent } });
  // Statements marked KEEP_PARSED are prepared once (kept-statements.ts), always planned anew.
  await pglite.exec(KEPT_STATEMENTS_SETTING);
  const db = markKeepsStatements(
    new Kysely<Database>({ dialect: new PGliteDialect(keptStatementsClient(pglite) as PGlite) }),
  );
  let closed = false;
  return {
    kind: 'pglite',
    db,
    // Hold Kysely's single connection while running raw SQL, so it never lands inside another
    // caller's transaction.
    executeSql: (text, values = []) =>
      db.connection().execute(async () => {
        if (values.length > 0) return (await pglite.query(text, values)) as SqlResult;
        const results = await pglite.exec(text);
        return (results.at(-1) ?? { rows: [] }) as SqlResult;
      }),
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // closes PGlite too
    },
  };
}

export async function openPostgres(url: string, maxConnections = 10): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections, connectionTimeoutMillis: 5000 });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseUnreachableError((error as Error).message || String(error));
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    kind: 'postgres',
    db,
    executeSql: async (text, values = []) => {
      const result = await pool.query(text, values.length > 0 ? values : undefined);
      const last = Array.isArray(result) ? result.at(-1) : result;
      return { rows: (last?.rows ?? []) as Record<string, unknown>[] };
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // ends the pool
    },
  };
}
