/**
 * Opening the portal's database: a PostgreSQL server when DATABASE_URL names one, else the embedded
 * PGlite under $DATA_DIR/db, held by one process at a time (the data directory's lock).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../../config.ts';
import { acquireLock } from '../lock.ts';
import { type DatabaseHandle, openPglite, openPostgres } from './database.ts';

/** The data directory and what is made in it: the group may read (nginx's), other users nothing. */
export const DATA_DIR_MODE = 0o750;

export async function openDatabase(
  config: Config,
): Promise<{ database: DatabaseHandle; release: () => Promise<void> }> {
  if (config.databaseUrl)
    return { database: await openPostgres(config.databaseUrl), release: async () => {} };
  await mkdir(config.dataDir, { recursive: true, mode: DATA_DIR_MODE });
  const release = await acquireLock(config.dataDir);
  try {
    return { database: await openPglite(join(config.dataDir, 'db')), release };
  } catch (error) {
    await release();
    throw error;
  }
}
