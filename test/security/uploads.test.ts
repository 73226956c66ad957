/**
 * Security of the tus upload endpoint against a running portal, both database modes: the id tus acts
 * on is the id the route authorised. Another editor's upload cannot be read, appended to or deleted
 * by hiding its id in the query string (`/uploads/<mine>?x=/<victim>`); query strings and malformed
 * ids on an upload's URL are refused with 400 before tus sees the request.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { type Client, client, GOOD_PASSWORD } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { scaled } from '../support/time-scale.ts';
import { createUpload, headUpload, patchFromFile, TUS } from '../support/tus.ts';

describe.each(databaseModes())('upload ids (%s)', (mode) => {
  let t: TestPortal;
  let victim: Client;
  let attacker: Client;
  let victimId = '';
  let attackerId = '';
  const payload = join(tmpdir(), `uploads-security-${mode}-${process.pid}.bin`);
  const SIZE = 1000;

  async function signedIn(email: string): Promise<Client> {
    await callOperator(t.dataDir, 'users/create', {
      email,
      password: GOOD_PASSWORD,
      role: 'editor',
      verified: true,
    });
    const c = client(t.baseUrl);
    expect((await c.api('POST', '/session', { email, password: GOOD_PASSWORD })).status).toBe(200);
    return c;
  }

  async function started(c: Client, name: string): Promise<string> {
    const created = await createUpload(t.baseUrl, c.jar.header(), SIZE, { filename: name });
    expect(created.status).toBe(201);
    return (created.headers.get('location') ?? '').split('/').pop() ?? '';
  }

  const uploadUrl = (path: string) => `${t.baseUrl}/api/v1/uploads/${path}`;
  const victimFile = () => join(t.dataDir, 'uploads', victimId);

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false });
    victim = await signedIn(`victim-${mode}@example.org`);
    attacker = await signedIn(`attacker-${mode}@example.org`);
    victimId = await started(victim, 'victim.mxf');
    attackerId = await started(attacker, 'mine.mxf');
    await writeFile(payload, Buffer.alloc(SIZE, 0x41));
    // The victim has sent 100 bytes of their master.
    const first = await patchFromFile(uploadUrl(victimId), victim.jar.header(), payload, 0, {
      cutAfter: 100,
    });
    expect(first.sent).toBe(100);
    for (const until = Date.now() + scaled(5_000); Date.now() < until; ) {
      const head = await headUpload(uploadUrl(victimId), victim.jar.header());
      if (head.status === 200 && head.headers.get('upload-offset') === '100') break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    await t?.stop();
    await import('node:fs/promises').then((fs) => fs.rm(payload, { force: true }));
  });

  it('refuses HEAD of another editor’s upload hidden in the query string', async () => {
    const direct = await headUpload(uploadUrl(victimId), attacker.jar.header());
    expect(direct.status).toBe(403);
    const tricked = await headUpload(uploadUrl(`${attackerId}?x=/${victimId}`), attacker.jar.header());
    expect(tricked.status).toBe(400);
    expect(tricked.headers.get('upload-offset')).toBeNull();
    expect(tricked.headers.get('upload-length')).toBeNull();
  });

  it('refuses PATCH of another editor’s upload hidden in the query string; the victim’s bytes stay', async () => {
    const before = await readFile(victimFile());
    const tricked = await fetch(uploadUrl(`${attackerId}?x=/${victimId}`), {
      method: 'PATCH',
      headers: {
        ...TUS,
        cookie: attacker.jar.header(),
        'upload-offset': '100',
        'content-type': 'application/offset+octet-stream',
      },
      body: Buffer.alloc(50, 0x58),
    });
    expect(tricked.status).toBe(400);
    expect(Buffer.compare(await readFile(victimFile()), before)).toBe(0);
    const head = await headUpload(uploadUrl(victimId), victim.jar.header());
    expect(head.headers.get('upload-offset')).toBe('100');
    // The attacker's own upload was not touched either.
    const mine = await headUpload(uploadUrl(attackerId), attacker.jar.header());
    expect(mine.headers.get('upload-offset')).toBe('0');
  });

  it('refuses DELETE of another editor’s upload hidden in the query string; the upload stays', async () => {
    for (const path of [`${attackerId}?x=/${victimId}`, `${attackerId}?/${victimId}`]) {
      const tricked = await fetch(uploadUrl(path), {
        method: 'DELETE',
        headers: { ...TUS, cookie: attacker.jar.header() },
      });
      expect(tricked.status).toBe(400);
    }
    expect((await stat(victimFile())).size).toBe(100);
    expect((await headUpload(uploadUrl(victimId), victim.jar.header())).status).toBe(200);
    expect((await headUpload(uploadUrl(attackerId), attacker.jar.header())).status).toBe(200);
  });

  it('refuses malformed ids and any query string on an upload’s URL with 400', async () => {
    const cookie = victim.jar.header();
    for (const path of [
      `${victimId}?a=b`,
      `${victimId}?${victimId}`,
      `${victimId}%2F..%2F${attackerId}`,
      `${victimId}.json`,
      '%00',
    ]) {
      const head = await headUpload(uploadUrl(path), cookie);
      expect(head.status, path).toBe(400);
    }
    // Longer than any id: Fastify refuses the parameter itself (414) before the route runs.
    expect([400, 414]).toContain((await headUpload(uploadUrl('a'.repeat(200)), cookie)).status);
    // The owner's plain requests still work.
    const head = await headUpload(uploadUrl(victimId), cookie);
    expect(head.status).toBe(200);
  });
});
