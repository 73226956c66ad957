/**
 * `portal users create` without a running portal (it opens the database itself), then the account
 * signs in on a portal started on that data directory.
 */
import { resolve } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startPortal } from '../../src/portal.ts';
import { client, GOOD_PASSWORD } from '../support/accounts.ts';
import { freshDataDir, type TestDataDir } from '../support/databases.ts';
import { runCommand } from '../support/run-command.ts';
import { scaled } from '../support/time-scale.ts';

const BIN = resolve(import.meta.dirname, '../../bin/portal.js');

describe('portal users create', () => {
  const dirs: TestDataDir[] = [];
  afterAll(async () => {
    for (const dir of dirs) await dir.cleanup();
  });

  it('creates a verified admin in the database, refuses duplicates and weak passwords', async () => {
    // A migrated database (cloned from the template: a first initdb and the migrations take seconds);
    // the command still opens it itself, as on an installed portal.
    const data = await freshDataDir('pglite');
    dirs.push(data);
    const { dataDir } = data;
    const run = (...args: string[]) =>
      runCommand(process.execPath, [BIN, 'users', 'create', ...args], {
        env: { ...process.env, DATA_DIR: dataDir, DEMO: '0', DATABASE_URL: '' },
        timeoutMs: scaled(120_000),
      });
    const created = await run(
      '--email',
      'admin@example.org',
      '--password',
      GOOD_PASSWORD,
      '--role',
      'admin',
      '--verified',
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/^created admin admin@example.org \(verified\)/);
    const again = await run('--email', 'admin@example.org', '--password', GOOD_PASSWORD);
    expect(again.status).toBe(2);
    expect(again.stderr).toBe('portal: an account with the email admin@example.org already exists\n');
    const weak = await run('--email', 'weak@example.org', '--password', 'password');
    expect(weak.status).toBe(2);
    expect(weak.stderr).toContain('length');

    const portal = await startPortal({
      config: loadConfig({ DATA_DIR: dataDir, PORT: '0', DEMO: '0' }),
      web: true,
      worker: false,
      logger: pino({ level: 'silent' }),
    });
    try {
      const c = client(portal.url ?? '');
      const signedIn = await c.api('POST', '/session', {
        email: 'admin@example.org',
        password: GOOD_PASSWORD,
      });
      expect(signedIn.status).toBe(200);
      expect((await signedIn.json()).role).toBe('admin');
    } finally {
      await portal.stop();
    }
  });
});
