/**
 * `portal users create --email E --password P [--role R] [--verified]`: through the running portal's
 * operator channel, or, when none runs, directly in the database.
 */
import type { Config } from '../../config.ts';
import type { DatabaseHandle } from '../../platform/db/database.ts';
import { migrateToLatest } from '../../platform/db/migrator.ts';
import { createMailTransport } from '../../platform/mail/index.ts';
import { callOperator, PortalNotRunningError } from '../../platform/operator-channel.ts';
import { loadOrCreateSecret } from '../../platform/secret.ts';
import { createAccounts } from '../module.ts';
import { OperatorError } from './profile.ts';

interface Deps {
  openDatabase(config: Config): Promise<{ database: DatabaseHandle; release: () => Promise<void> }>;
  fail(message: string): number;
}

interface Created {
  id: string;
  email: string;
  role: string;
  verified: boolean;
}

export function createUsersCommand(deps: Deps) {
  return async (config: Config, args: string[], values: Record<string, unknown>): Promise<number> => {
    if (args[0] !== 'create')
      return deps.fail('usage: portal users create --email E --password P [--role R] [--verified]');
    const email = typeof values.email === 'string' ? values.email : '';
    const password = typeof values.password === 'string' ? values.password : '';
    if (!email || !password) return deps.fail('users create needs --email and --password');
    const input = {
      email,
      password,
      role: typeof values.role === 'string' ? values.role : undefined,
      verified: values.verified === true,
    };
    let created: Created;
    try {
      created = await callOperator<Created>(config.dataDir, 'users/create', input);
    } catch (error) {
      if (!(error instanceof PortalNotRunningError)) return deps.fail((error as Error).message);
      try {
        created = await createDirectly(deps, config, input);
      } catch (inner) {
        if (inner instanceof OperatorError) return deps.fail(inner.message);
        throw inner;
      }
    }
    process.stdout.write(
      `created ${created.role} ${created.email} (${created.verified ? 'verified' : 'must confirm the email'}) id ${created.id}\n`,
    );
    return 0;
  };
}

async function createDirectly(
  deps: Deps,
  config: Config,
  input: { email: string; password: string; role?: string; verified: boolean },
): Promise<Created> {
  const { database, release } = await deps.openDatabase(config);
  const silent = { info() {}, error() {} };
  const mail = createMailTransport({
    smtpUrl: null,
    from: config.mailFrom,
    dataDir: config.dataDir,
    logger: silent,
  });
  try {
    await migrateToLatest(database.db);
    const secret = await loadOrCreateSecret(config.dataDir, config.secret);
    const accounts = await createAccounts({
      db: database.db,
      secret,
      publicUrl: config.publicUrl,
      mail,
      logger: silent,
    });
    return await accounts.createUser(input);
  } finally {
    await mail.close();
    await database.close();
    await release();
  }
}
