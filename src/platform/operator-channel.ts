/**
 * How `portal` commands reach a running portal: over a Unix socket, `$DATA_DIR/operator.sock` (mode
 * 0600; in a private directory under the system's temp dir when that path is too long for a socket),
 * never over the public HTTP port, so a reverse proxy in front cannot make anyone an operator. The
 * portal records the socket's path and a random operator token in `$DATA_DIR/operator.json` (mode
 * 0600); commands send `Authorization: Bearer <token>` as well.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OperatorEndpoint {
  /** Path of the Unix socket the operator routes listen on. */
  socket: string;
  token: string;
  pid: number;
}

const FILE = 'operator.json';
/** sun_path holds 108 bytes on Linux, 104 on macOS: keep a margin. */
const MAX_SOCKET_PATH = 100;

export function newOperatorToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Where this portal's operator socket goes; `cleanup` removes what was made for it. */
export async function operatorSocketPath(
  dataDir: string,
): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const inDataDir = join(dataDir, 'operator.sock');
  if (Buffer.byteLength(inDataDir) <= MAX_SOCKET_PATH) {
    await rm(inDataDir, { force: true }); // left by a portal that was killed
    return { path: inDataDir, cleanup: () => rm(inDataDir, { force: true }) };
  }
  const dir = await mkdtemp(join(tmpdir(), 'portal-operator-')); // mode 0700
  return { path: join(dir, 'operator.sock'), cleanup: () => rm(dir, { recursive: true, force: true }) };
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
    const endpoint = JSON.parse(await readFile(join(dataDir, FILE), 'utf8')) as Partial<OperatorEndpoint>;
    if (typeof endpoint.socket !== 'string' || typeof endpoint.token !== 'string') return null;
    return endpoint as OperatorEndpoint;
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

function post(socketPath: string, path: string, token: string, body: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpRequest({
      socketPath,
      path,
      method: 'POST',
      headers: {
        host: 'localhost',
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    });
    req.on('error', reject);
    req.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    req.end(body);
  });
}

/** Calls a running portal's operator endpoint; throws PortalNotRunningError when none answers. */
export async function callOperator<T>(dataDir: string, command: string, payload: unknown): Promise<T> {
  const endpoint = await readOperatorEndpoint(dataDir);
  if (!endpoint) throw new PortalNotRunningError('no running portal');
  let answer: { status: number; text: string };
  try {
    answer = await post(
      endpoint.socket,
      `/_operator/${command}`,
      endpoint.token,
      JSON.stringify(payload ?? {}),
    );
  } catch {
    throw new PortalNotRunningError('the portal recorded in operator.json does not answer');
  }
  let body: T & { error?: { message: string } };
  try {
    body = JSON.parse(answer.text) as T & { error?: { message: string } };
  } catch {
    body = {} as T & { error?: { message: string } };
  }
  if (answer.status < 200 || answer.status >= 300)
    throw new Error(body.error?.message ?? `portal answered ${answer.status}`);
  return body;
}
