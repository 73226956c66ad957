/**
 * Typed configuration from the environment (docs/configuration.md), validated at start. A bad value stops the
 * process with one line naming the variable.
 */
import { isAbsolute, resolve } from 'node:path';
import { type Identity, IdentityError, parseIdentity } from './web/identity.ts';
import { parseTrustProxy, type TrustProxy, TrustProxyError } from './web/trust-proxy.ts';

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | null;
  storageUrl: string | null;
  smtpUrl: string | null;
  mailFrom: string;
  /** TZ_DEFAULT: the portal's IANA time zone, for schedules when the browser gives none. */
  defaultTimeZone: string;
  /** From SECRET; null means "generate once into $DATA_DIR" (done by the secret store). */
  secret: string | null;
  /** DEMO=1 forces demo seeding, DEMO=0 disables it, unset means "on first start of an empty portal". */
  demo: boolean | null;
  /** DEMO_SECONDS: length of each demo video in seconds (2..60); null keeps each story's own (20). */
  demoSeconds: number | null;
  /** NODE_ENV=development enables /dev pages such as the outbox. */
  development: boolean;
  logLevel: string;
  /** UPLOAD_MAX_BYTES: largest master the back office accepts by upload (default 200 GB). */
  uploadMaxBytes: number;
  /** Size cap of the clip cache in bytes (CLIP_CACHE_GB, default 20). */
  clipCacheBytes: number;
  /**
   * DOWNLOAD_ACCEL_REDIRECT: behind nginx, the internal location (e.g. `/_media/`) that maps to
   * $DATA_DIR/media; the portal authorises and records downloads, nginx sends the bytes (sendfile).
   */
  downloadAccelRedirect: string | null;
  /** Request and job limits against floods and one user hogging the workers (see parseLimits). */
  limits: Limits;
  /** TRUST_PROXY: the reverse proxies whose X-Forwarded-For is believed; null trusts none. */
  trustProxy: TrustProxy | null;
  /** REQUEST_TIMEOUT (seconds, default 60): the whole request (headers and body) must arrive within it. */
  requestTimeoutMs: number;
  /** IDLE_TIMEOUT (seconds, default 60): a connection silent that long is closed (uploads included). */
  idleTimeoutMs: number;
  /** RESIDENT_ENCODER (default on): 0/off re-encodes clip edges with ffmpeg processes only. */
  residentEncoder: boolean;
  /** NEWSLETTER_RATE: newsletter and alert messages sent per second at most (default 50; 0: no limit). */
  newsletterRate: number;
  /** NEWSLETTER_PARALLEL: newsletter messages in flight at once (default 8, at most 16). */
  newsletterParallel: number;
  /** SITE_NAME_FR/EN, INSTITUTION_NAME_FR/EN, INSTITUTION_SHORT_FR/EN: the institution's names. */
  identity: Identity;
}

export interface Limits {
  /** CLIP_QUEUE_PER_USER: clips one user may have queued or being made at once (default 4). */
  clipQueuePerUser: number;
  /** RATE_LIMIT_API: requests per minute to /api/v1 per signed-in user, else per address (0: off). */
  apiPerMinute: number;
  /** RATE_LIMIT_COSTLY: costly requests (clip requests) per minute per user or address (0: off). */
  costlyPerMinute: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function parsePort(env: Env): number {
  const raw = env.PORT?.trim();
  if (raw === undefined || raw === '') return 8080;
  if (!/^\d+$/.test(raw))
    throw new ConfigError('PORT', `must be a whole number from 0 to 65535, got "${raw}"`);
  const port = Number(raw);
  if (port > 65535) throw new ConfigError('PORT', `must be a whole number from 0 to 65535, got "${raw}"`);
  return port;
}

function parseUrl(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      name,
      `is not a valid URL (expected ${protocols.map((p) => `${p}//…`).join(' or ')})`,
    );
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(
      name,
      `must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got "${url.protocol}//"`,
    );
  }
  return raw;
}

function parseBool(env: Env, name: string): boolean | null {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return null;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be 1 or 0, got "${env[name]}"`);
}

function parseDemoSeconds(env: Env): number | null {
  const raw = env.DEMO_SECONDS?.trim();
  if (raw === undefined || raw === '') return null;
  const seconds = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(seconds >= 2 && seconds <= 60))
    throw new ConfigError('DEMO_SECONDS', `must be a whole number of seconds from 2 to 60, got "${raw}"`);
  return seconds;
}

function parseSize(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const match = /^(\d+(?:\.\d+)?)\s*([kMGT]?)B?$/i.exec(raw);
  const factor: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12 };
  const value = match ? Number(match[1]) * (factor[(match[2] ?? '').toLowerCase()] ?? 1) : Number.NaN;
  if (!Number.isSafeInteger(Math.round(value)) || value <= 0)
    throw new ConfigError(name, `must be a size in bytes such as 200000000000 or 200GB, got "${raw}"`);
  return Math.round(value);
}

function parseCount(env: Env, name: string, fallback: number, min: number, max = 1_000_000): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max))
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}

/**
 * Limits: generous enough that real use never meets them (a page polls a clip twice a second), low
 * enough that a flood or a script queueing every range of a video does.
 */
function parseLimits(env: Env): Limits {
  return {
    clipQueuePerUser: parseCount(env, 'CLIP_QUEUE_PER_USER', 4, 1),
    apiPerMinute: parseCount(env, 'RATE_LIMIT_API', 1200, 0),
    costlyPerMinute: parseCount(env, 'RATE_LIMIT_COSTLY', 30, 0),
  };
}

function parseSeconds(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback * 1000;
  const seconds = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(seconds >= 0.1 && seconds <= 86_400))
    throw new ConfigError(name, `must be a number of seconds from 0.1 to 86400, got "${raw}"`);
  return Math.round(seconds * 1000);
}

function parseTrust(env: Env): TrustProxy | null {
  try {
    return parseTrustProxy(env.TRUST_PROXY);
  } catch (error) {
    if (error instanceof TrustProxyError) throw new ConfigError('TRUST_PROXY', error.message);
    throw error;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const port = parsePort(env);
  const host = env.HOST?.trim() || '127.0.0.1';
  const publicUrl = parseUrl(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const dataDirRaw = env.DATA_DIR?.trim() || './data';
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);
  const databaseUrl = parseUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const storageUrl = parseUrl(env, 'STORAGE_URL', ['s3:', 'file:']);
  if (storageUrl?.startsWith('s3:')) {
    throw new ConfigError(
      'STORAGE_URL',
      's3:// object storage is not available in this version; unset it to keep media in $DATA_DIR/media',
    );
  }
  const smtpUrl = parseUrl(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  const mailFrom = env.MAIL_FROM?.trim() || 'Broadcast Portal <no-reply@localhost>';
  const defaultTimeZone = env.TZ_DEFAULT?.trim() || 'Europe/Brussels';
  try {
    new Intl.DateTimeFormat('en', { timeZone: defaultTimeZone });
  } catch {
    throw new ConfigError(
      'TZ_DEFAULT',
      `must be an IANA time zone such as Europe/Brussels, got "${defaultTimeZone}"`,
    );
  }
  if (!/@/.test(mailFrom))
    throw new ConfigError('MAIL_FROM', `must contain an email address, got "${mailFrom}"`);
  const secret = env.SECRET?.trim() || null;
  if (secret !== null && secret.length < 32)
    throw new ConfigError('SECRET', 'must be at least 32 characters long');
  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const cacheRaw = env.CLIP_CACHE_GB?.trim() || '20';
  if (!/^\d+(\.\d+)?$/.test(cacheRaw) || Number(cacheRaw) <= 0) {
    throw new ConfigError('CLIP_CACHE_GB', `must be a positive number of gigabytes, got "${cacheRaw}"`);
  }
  const accel = env.DOWNLOAD_ACCEL_REDIRECT?.trim() || null;
  if (accel !== null && !/^\/[A-Za-z0-9_./-]*\/$/.test(accel)) {
    throw new ConfigError('DOWNLOAD_ACCEL_REDIRECT', `must be a location path like /_media/, got "${accel}"`);
  }
  const identity = parseIdentityOrFail(env);
  return {
    identity,
    clipCacheBytes: Math.round(Number(cacheRaw) * 1e9),
    downloadAccelRedirect: accel,
    port,
    host,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    dataDir,
    databaseUrl,
    storageUrl,
    smtpUrl,
    mailFrom,
    defaultTimeZone,
    secret,
    demo: parseBool(env, 'DEMO'),
    demoSeconds: parseDemoSeconds(env),
    development: env.NODE_ENV === 'development',
    logLevel,
    uploadMaxBytes: parseSize(env, 'UPLOAD_MAX_BYTES', 200e9),
    limits: parseLimits(env),
    trustProxy: parseTrust(env),
    requestTimeoutMs: parseSeconds(env, 'REQUEST_TIMEOUT', 60),
    idleTimeoutMs: parseSeconds(env, 'IDLE_TIMEOUT', 60),
    residentEncoder: parseBool(env, 'RESIDENT_ENCODER') ?? true,
    newsletterRate: parseCount(env, 'NEWSLETTER_RATE', 50, 0),
    newsletterParallel: parseCount(env, 'NEWSLETTER_PARALLEL', 8, 1, 16),
  };
}

function parseIdentityOrFail(env: Env): Identity {
  try {
    return parseIdentity(env);
  } catch (error) {
    if (error instanceof IdentityError)
      throw new ConfigError(error.variable, error.message.slice(error.variable.length + 1));
    throw error;
  }
}
