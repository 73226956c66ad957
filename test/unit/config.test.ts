import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('has embedded defaults', () => {
    const config = loadConfig({}, '/srv/portal');
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:8080',
      dataDir: '/srv/portal/data',
      databaseUrl: null,
      smtpUrl: null,
      secret: null,
      demo: null,
      demoSeconds: null,
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ SECRET: 'short' }, 'SECRET'],
    [{ DEMO: 'maybe' }, 'DEMO'],
    [{ DEMO_SECONDS: '1' }, 'DEMO_SECONDS'],
    [{ DEMO_SECONDS: '4.5' }, 'DEMO_SECONDS'],
    [{ DEMO_SECONDS: '61' }, 'DEMO_SECONDS'],
    [{ MAIL_FROM: 'nobody' }, 'MAIL_FROM'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '-1' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '11' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/8,' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/8;192.168.0.0/16' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'proxy.example' }, 'TRUST_PROXY'],
    [{ REQUEST_TIMEOUT: '0' }, 'REQUEST_TIMEOUT'],
    [{ REQUEST_TIMEOUT: '1m' }, 'REQUEST_TIMEOUT'],
    [{ IDLE_TIMEOUT: '-5' }, 'IDLE_TIMEOUT'],
  ])('refuses %o naming %s', (env, variable) => {
    try {
      loadConfig(env);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as Error).message.startsWith(`${variable}:`)).toBe(true);
    }
  });

  it('reads a server database and PUBLIC_URL without trailing slash', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@h:5432/db',
      PUBLIC_URL: 'https://media.example/',
      PORT: '0',
    });
    expect(config.databaseUrl).toBe('postgres://u@h:5432/db');
    expect(config.publicUrl).toBe('https://media.example');
    expect(config.port).toBe(0);
  });

  it('trusts no proxy unless TRUST_PROXY says so: a hop count or a list of addresses', () => {
    expect(loadConfig({}).trustProxy).toBeNull();
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBeNull();
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBeNull();
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toEqual({ kind: 'hops', hops: 2 });
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.0/8, 192.0.2.7 ,::1,loopback' }).trustProxy).toEqual({
      kind: 'addresses',
      addresses: ['10.0.0.0/8', '192.0.2.7', '::1', 'loopback'],
    });
  });

  it('reads the request and idle timeouts in seconds', () => {
    expect(loadConfig({})).toMatchObject({ requestTimeoutMs: 60_000, idleTimeoutMs: 60_000 });
    expect(loadConfig({ REQUEST_TIMEOUT: '2.5', IDLE_TIMEOUT: '300' })).toMatchObject({
      requestTimeoutMs: 2500,
      idleTimeoutMs: 300_000,
    });
  });
});
