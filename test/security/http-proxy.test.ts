/**
 * Behind a reverse proxy (issue 12, finding 3), through a real nginx that appends the client to
 * X-Forwarded-For: without TRUST_PROXY a forged X-Forwarded-For changes nothing; with each accepted
 * form (a hop count, an address, a CIDR range, a name) the portal sees the client nginx saw (the
 * security log records it and the sign-in throttle counts it apart from other clients), never the
 * address a client wrote itself; IPv6 clients are counted by their /64. The operator channel is not
 * reachable through the public port at all (404, even with its token), so being proxied over loopback
 * gives nothing. Clients reach nginx from other loopback addresses (127.0.0.5, 127.0.0.6) so that
 * "the client" and "nginx" differ. Both database modes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { GOOD_PASSWORD } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { NGINX, startNginxFront } from '../support/nginx.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { rawRequest } from '../support/raw-http.ts';

const FORGED = '203.0.113.7';

interface Front {
  t: TestPortal;
  nginx: Awaited<ReturnType<typeof startNginxFront>>;
}

async function front(mode: Parameters<typeof startTestPortal>[0], trustProxy: string | null): Promise<Front> {
  const t = await startTestPortal(mode, {
    demo: false,
    env: trustProxy === null ? {} : { TRUST_PROXY: trustProxy },
  });
  const nginx = await startNginxFront(Number(new URL(t.baseUrl).port), t.portal.mediaDir, {
    forwardClient: true,
    bind: '127.0.0.9',
  });
  return { t, nginx };
}

/** Signs a fresh user in from `from` (through `url`) and answers the IP the security log recorded. */
async function loggedIp(
  f: Front,
  url: string,
  email: string,
  options: { from?: string; forwardedFor?: string } = {},
): Promise<string | null> {
  await callOperator(f.t.dataDir, 'users/create', { email, password: GOOD_PASSWORD, verified: true });
  const response = await rawRequest(`${url}/api/v1/session`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {}),
    },
    body: JSON.stringify({ email, password: GOOD_PASSWORD }),
    localAddress: options.from,
  });
  expect(response.status, response.body).toBe(200);
  const row = await f.t.portal.database.db
    .selectFrom('security_log')
    .innerJoin('users', 'users.id', 'security_log.user_id')
    .select('security_log.ip')
    .where('users.email', '=', email)
    .where('security_log.event', '=', 'sign-in')
    .executeTakeFirstOrThrow();
  return row.ip;
}

async function failedSignIn(url: string, n: number, from: string, forwardedFor?: string) {
  return rawRequest(`${url}/api/v1/session`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: JSON.stringify({ email: `nobody-${n}-${Math.random()}@example.org`, password: 'wrong-Password-1' }),
    localAddress: from,
  });
}

describe.skipIf(!NGINX).each(databaseModes())('behind a reverse proxy (%s)', (mode) => {
  describe('without TRUST_PROXY', () => {
    let f: Front;
    beforeAll(async () => {
      f = await front(mode, null);
    });
    afterAll(async () => {
      await f?.nginx.stop();
      await f?.t.stop();
    });

    it('ignores X-Forwarded-For, through the proxy or straight from a client', async () => {
      const proxied = await loggedIp(f, f.nginx.url, `none-proxied-${mode}@example.org`, {
        from: '127.0.0.5',
        forwardedFor: FORGED,
      });
      expect(proxied).toBe('127.0.0.9');
      const direct = await loggedIp(f, f.t.baseUrl, `none-direct-${mode}@example.org`, {
        forwardedFor: FORGED,
      });
      expect(direct).toBe('127.0.0.1');
    });

    it('answers 404 for the operator routes on the public port, with the token, direct or proxied', async () => {
      const { token } = JSON.parse(await readFile(join(f.t.dataDir, 'operator.json'), 'utf8')) as {
        token: string;
      };
      for (const base of [f.t.baseUrl, f.nginx.url]) {
        for (const command of ['users/create', 'demo', 'ingest']) {
          const response = await rawRequest(`${base}/_operator/${command}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              email: `op-${mode}@example.org`,
              password: GOOD_PASSWORD,
              path: '/etc/passwd',
            }),
          });
          expect(response.status, `${base} ${command}`).toBe(404);
        }
      }
      // The commands still reach the running portal through its own channel.
      await callOperator(f.t.dataDir, 'users/create', {
        email: `op-ok-${mode}@example.org`,
        password: GOOD_PASSWORD,
      });
      const users = await f.t.portal.database.db
        .selectFrom('users')
        .select('email')
        .where('email', 'like', 'op-%')
        .execute();
      expect(users.map((u) => u.email)).toEqual([`op-ok-${mode}@example.org`]);
    });
  });

  describe('TRUST_PROXY=1 (a hop count)', () => {
    let f: Front;
    beforeAll(async () => {
      f = await front(mode, '1');
    });
    afterAll(async () => {
      await f?.nginx.stop();
      await f?.t.stop();
    });

    it('sees the client nginx saw, not the address the client wrote', async () => {
      expect(
        await loggedIp(f, f.nginx.url, `hops-${mode}@example.org`, {
          from: '127.0.0.5',
          forwardedFor: FORGED,
        }),
      ).toBe('127.0.0.5');
    });

    it('throttles failed sign-ins per client, not for everyone behind the proxy', async () => {
      for (let i = 0; i < 30; i += 1) {
        const response = await failedSignIn(f.nginx.url, i, '127.0.0.5');
        expect(response.status, `attempt ${i}`).toBe(401);
      }
      expect((await failedSignIn(f.nginx.url, 30, '127.0.0.5')).status).toBe(429);
      // Another visitor behind the same proxy is not locked out; a forged header does not help either.
      expect((await failedSignIn(f.nginx.url, 31, '127.0.0.6')).status).toBe(401);
      expect((await failedSignIn(f.nginx.url, 32, '127.0.0.5', '198.51.100.20')).status).toBe(429);
    });
  });

  describe('TRUST_PROXY=127.0.0.9 (the proxy’s address)', () => {
    let f: Front;
    beforeAll(async () => {
      f = await front(mode, '127.0.0.9');
    });
    afterAll(async () => {
      await f?.nginx.stop();
      await f?.t.stop();
    });

    it('believes nginx, and no client that reaches the port directly', async () => {
      expect(
        await loggedIp(f, f.nginx.url, `ip-${mode}@example.org`, { from: '127.0.0.5', forwardedFor: FORGED }),
      ).toBe('127.0.0.5');
      expect(await loggedIp(f, f.t.baseUrl, `ip-direct-${mode}@example.org`, { forwardedFor: FORGED })).toBe(
        '127.0.0.1',
      );
    });
  });

  describe('TRUST_PROXY=127.0.0.8/30 (a CIDR range)', () => {
    let f: Front;
    beforeAll(async () => {
      f = await front(mode, '127.0.0.8/30');
    });
    afterAll(async () => {
      await f?.nginx.stop();
      await f?.t.stop();
    });

    it('believes proxies in the range only', async () => {
      expect(
        await loggedIp(f, f.nginx.url, `cidr-${mode}@example.org`, {
          from: '127.0.0.5',
          forwardedFor: FORGED,
        }),
      ).toBe('127.0.0.5');
      expect(
        await loggedIp(f, f.t.baseUrl, `cidr-direct-${mode}@example.org`, { forwardedFor: FORGED }),
      ).toBe('127.0.0.1');
    });
  });

  describe('TRUST_PROXY=loopback (a named range: a chain of trusted proxies)', () => {
    let f: Front;
    beforeAll(async () => {
      f = await front(mode, 'loopback');
    });
    afterAll(async () => {
      await f?.nginx.stop();
      await f?.t.stop();
    });

    it('walks the chain back to the first address outside it', async () => {
      expect(
        await loggedIp(f, f.nginx.url, `named-${mode}@example.org`, {
          from: '127.0.0.5',
          forwardedFor: FORGED,
        }),
      ).toBe(FORGED);
    });

    it('counts IPv6 clients by their /64', async () => {
      for (let i = 0; i < 30; i += 1) {
        const response = await failedSignIn(
          f.nginx.url,
          i,
          '127.0.0.5',
          `2001:db8:1:2::${(i + 1).toString(16)}`,
        );
        expect(response.status, `attempt ${i}`).toBe(401);
      }
      // Another address of the same /64 is the same client; another /64 is another client.
      expect((await failedSignIn(f.nginx.url, 30, '127.0.0.5', '2001:db8:1:2:ffff::1')).status).toBe(429);
      expect((await failedSignIn(f.nginx.url, 31, '127.0.0.5', '2001:db8:1:3::1')).status).toBe(401);
    });
  });
});
