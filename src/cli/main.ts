/** `portal` command line: start, serve, worker, migrate, demo (more commands plug in here). */
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from '../config.ts';
import { DatabaseUnreachableError } from '../platform/db/database.ts';
import { migrateToLatest } from '../platform/db/migrator.ts';
import { openDatabase } from '../platform/db/open.ts';
import { DatabaseBusyError } from '../platform/lock.ts';
import { callOperator, PortalNotRunningError } from '../platform/operator-channel.ts';
import { runIngest } from './ingest.ts';
import { loadStartPortal } from './load-portal.ts';

const USAGE = `Usage: portal <command> [options]

Commands:
  start      HTTP server and job workers in one process (what npm start runs)
  serve      HTTP server only
  worker     job workers only
  migrate    apply database migrations
  demo       (re)create the demo content
  ingest FILE [--story SLUG] [--title TEXT] [--wait] [--json]
             ingest a master (through the running portal when there is one)
  search reindex
             rebuild the search index (through the running portal when there is one)
  users create --email E --password P [--role journalist|editor|admin] [--verified]
             create an account (through the running portal, or directly in the database)

Configuration comes from environment variables: PORT, HOST, PUBLIC_URL, DATA_DIR, DATABASE_URL,
SMTP_URL, MAIL_FROM, SECRET, DEMO (see docs/configuration.md).`;

function fail(message: string): number {
  process.stderr.write(`portal: ${message}\n`);
  return 2;
}

async function runServer(config: Config, web: boolean, worker: boolean): Promise<number> {
  const startPortal = await loadStartPortal();
  const portal = await startPortal({ config, web, worker });
  if (portal.url) {
    const shown = config.publicUrl;
    process.stdout.write(
      `\nBroadcast Portal is running: ${shown}/  (fr: ${shown}/fr/, en: ${shown}/en/)\n\n`,
    );
  }
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      portal.logger.info({ signal }, 'shutting down');
      portal
        .stop()
        .catch((error) => portal.logger.error({ err: error }, 'shutdown failed'))
        .finally(resolve);
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  return 0;
}

async function runMigrate(config: Config): Promise<number> {
  const { database, release } = await openDatabase(config);
  try {
    const applied = await migrateToLatest(database.db);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    return 0;
  } finally {
    await database.close();
    await release();
  }
}

async function runDemo(config: Config): Promise<number> {
  try {
    const result = await callOperator<{ videos: string[] }>(config.dataDir, 'demo', {});
    process.stdout.write(
      `demo content ready in the running portal (${result.videos.length} videos queued or ready)\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof PortalNotRunningError)) throw error;
  }
  // No portal runs: open the database ourselves, seed, and render the videos before returning.
  const startPortal = await loadStartPortal();
  const portal = await startPortal({ config: { ...config, demo: false }, web: false, worker: true });
  try {
    const ids = await portal.seedDemo();
    process.stdout.write(`demo content seeded; rendering ${ids.length} demo videos…\n`);
    while ((await portal.jobs.pending('media.demo-master')) > 0)
      await new Promise((r) => setTimeout(r, 1000));
    process.stdout.write('demo videos ready\n');
    return 0;
  } finally {
    await portal.stop();
  }
}

async function runSearch(config: Config, args: string[]): Promise<number> {
  if (args[0] !== 'reindex') return fail('usage: portal search reindex');
  const started = Date.now();
  let documents: number;
  try {
    ({ documents } = await callOperator<{ documents: number }>(config.dataDir, 'search/reindex', {}));
  } catch (error) {
    if (!(error instanceof PortalNotRunningError)) throw error;
    const startPortal = await loadStartPortal();
    const portal = await startPortal({ config: { ...config, demo: false }, web: false, worker: false });
    try {
      ({ documents } = await portal.reindexSearch());
    } finally {
      await portal.stop();
    }
  }
  process.stdout.write(`search index rebuilt: ${documents} documents in ${Date.now() - started} ms\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      story: { type: 'string' },
      title: { type: 'string' },
      wait: { type: 'boolean' },
      json: { type: 'boolean' },
      verified: { type: 'boolean' },
    },
  });
  const [command] = positionals;
  if (!command || values.help) {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 1;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) return fail(`configuration error: ${error.message}`);
    throw error;
  }
  try {
    switch (command) {
      case 'start':
        return await runServer(config, true, true);
      case 'serve':
        return await runServer(config, true, false);
      case 'worker':
        return await runServer(config, false, true);
      case 'migrate':
        return await runMigrate(config);
      case 'demo':
        return await runDemo(config);
      case 'ingest':
        return await runIngest(
          config,
          positionals[1],
          {
            story: typeof values.story === 'string' ? values.story : undefined,
            title: typeof values.title === 'string' ? values.title : undefined,
            wait: values.wait === true,
            json: values.json === true,
          },
          fail,
        );
      case 'search':
        return await runSearch(config, positionals.slice(1));
      case 'users': {
        // Imported here: the accounts feature is not needed by the other commands.
        const { createUsersCommand } = await import('../accounts/service/cli-users.ts');
        return await createUsersCommand({ openDatabase, fail })(config, positionals.slice(1), values);
      }
      default:
        return fail(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof DatabaseUnreachableError)
      return fail(`DATABASE_URL: cannot connect to the PostgreSQL server (${error.message})`);
    if (error instanceof DatabaseBusyError)
      return fail(`DATA_DIR: ${error.message}; stop it or run this command through it`);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      return fail(`PORT: port ${config.port} is already in use on ${config.host}`);
    if (
      (error as NodeJS.ErrnoException).code === 'EACCES' &&
      (error as { syscall?: string }).syscall === 'listen'
    ) {
      return fail(`PORT: no permission to listen on port ${config.port}`);
    }
    throw error;
  }
}
