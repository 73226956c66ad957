/**
 * How `portal` commands reach a running portal: it writes its loopback URL and a random operator
 * token into $DATA_DIR/operator.json (mode 0600); commands send `Authorization: Bearer <token>`.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface OperatorEndpoint {
  url: string;
  token: string;
  pid: number;
}

const FILE = 'operator.json';

export function newOperatorToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function publishOperatorEndpoint(
  dataDir: string,
  endpoint: OperatorEndpoint,
): Promise<() => Promise<void>> {
  const file = join(dataDir, FILE);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(endpoint), { mode: 0o600 });
  await rename(temp, file);
  return async () => {
    const current = await readOperatorEndpoint(dataDir);
    if (current?.pid === endpoint.pid) await rm(file, { force: true });
  };
}

export async function readOperatorEndpoint(dataDir: string): Promise<OperatorEndpoint | null> {
  try {
    return JSON.parse(await readFile(join(dataDir, FILE), 'utf8')) as OperatorEndpoint;
  } catch {
    return null;
  }
}

export function tokenMatches(expected: string, header: string | undefined): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7));
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export class PortalNotRunningError extends Error {}

/** Calls a running portal's operator endpoint; throws PortalNotRunningError when none answers. */
export async function callOperator<T>(dataDir: string, command: string, payload: unknown): Promise<T> {
  const endpoint = await readOperatorEndpoint(dataDir);
  if (!endpoint) throw new PortalNotRunningError('no running portal');
  let response: Response;
  try {
    response = await fetch(`${endpoint.url}/_operator/${command}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(payload ?? {}),
    });
  } catch {
    throw new PortalNotRunningError('the portal recorded in operator.json does not answer');
  }
  const body = (await response.json().catch(() => ({}))) as T & { error?: { message: string } };
  if (!response.ok) throw new Error(body.error?.message ?? `portal answered ${response.status}`);
  return body;
}
