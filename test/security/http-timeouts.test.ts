/**
 * Slow requests (issue 12, finding 11), with real sockets against a portal whose REQUEST_TIMEOUT is
 * 2 s and IDLE_TIMEOUT 3 s: headers dribbled, a body trickled byte by byte, or a body that stops are
 * cut off; the tus PATCH of an upload may take longer than the request timeout while bytes keep
 * coming, and is cut off once it goes silent for the idle timeout. Both database modes.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { type Client, client, GOOD_PASSWORD } from '../support/accounts.ts';
import { databaseModes } from '../support/databases.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { scaled } from '../support/time-scale.ts';
import { createUpload, TUS } from '../support/tus.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Every connection a test opened, destroyed after it whatever its outcome. */
const opened = new Set<Socket>();

/** A raw connection: what the server answered, and when it closed (ms after opening), if it did. */
function open(baseUrl: string) {
  const url = new URL(baseUrl);
  const socket: Socket = connect(Number(url.port), url.hostname);
  opened.add(socket);
  const started = Date.now();
  let answer = '';
  let closedAfter: number | null = null;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    answer += chunk;
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    closedAfter = Date.now() - started;
  });
  return {
    write: (text: string | Buffer) =>
      new Promise<boolean>((resolve) => {
        if (socket.destroyed) return resolve(false);
        socket.write(text, (error) => resolve(!error));
      }),
    get closedAfter() {
      return closedAfter;
    },
    get answer() {
      return answer;
    },
    destroy: () => socket.destroy(),
  };
}

/** Writes `body` one byte every `everyMs` until done or the server closes; answers the bytes sent. */
async function trickle(c: ReturnType<typeof open>, body: string, everyMs: number): Promise<number> {
  let sent = 0;
  for (const char of body) {
    if (c.closedAfter !== null) break;
    if (!(await c.write(char))) break;
    sent += 1;
    await sleep(everyMs);
  }
  return sent;
}

describe.each(databaseModes())('slow requests (%s)', (mode) => {
  let t: TestPortal;
  let editor: Client;
  const host = () => new URL(t.baseUrl).host;

  beforeAll(async () => {
    t = await startTestPortal(mode, { demo: false, env: { REQUEST_TIMEOUT: '2', IDLE_TIMEOUT: '3' } });
    const email = `slow-${mode}@example.org`;
    await callOperator(t.dataDir, 'users/create', {
      email,
      password: GOOD_PASSWORD,
      role: 'editor',
      verified: true,
    });
    editor = client(t.baseUrl);
    expect((await editor.api('POST', '/session', { email, password: GOOD_PASSWORD })).status).toBe(200);
  });

  afterEach(() => {
    for (const socket of opened) socket.destroy();
    opened.clear();
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('cuts off a request whose headers dribble in', async () => {
    const c = open(t.baseUrl);
    const headers = `GET /healthz HTTP/1.1\r\nHost: ${host()}\r\nX-Slow: ${'a'.repeat(60)}\r\n\r\n`;
    await trickle(c, headers, 100);
    expect(c.closedAfter).not.toBeNull();
    expect(c.closedAfter!).toBeLessThan(scaled(4000));
    expect(c.answer).not.toContain('200 OK');
    c.destroy();
  });

  it('cuts off a body trickled byte by byte, and one that stops', async () => {
    const body = JSON.stringify({ email: 'slow@example.org', password: 'x'.repeat(200) });
    const head = `POST /api/v1/session HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const trickled = open(t.baseUrl);
    await trickled.write(head);
    const sent = await trickle(trickled, body, 150); // 1.5 s of bytes would take 35 s
    expect(sent).toBeLessThan(body.length);
    expect(trickled.closedAfter!).toBeLessThan(scaled(4000));
    expect(trickled.answer).toMatch(/^HTTP\/1\.1 408/);
    trickled.destroy();

    const stalled = open(t.baseUrl);
    await stalled.write(head + body.slice(0, 10));
    // Until it closes, at most 4.5 s (scaled): the bound below is the assertion, not the wait.
    const stalledAt = Date.now();
    while (stalled.closedAfter === null && Date.now() - stalledAt < scaled(4500)) await sleep(50);
    expect(stalled.closedAfter).not.toBeNull();
    expect(stalled.closedAfter!).toBeLessThan(scaled(4000));
    stalled.destroy();
  });

  it('lets a tus PATCH take longer than the request timeout while bytes flow, and cuts it off once silent', async () => {
    const size = 40;
    const created = await createUpload(t.baseUrl, editor.jar.header(), size, { filename: 'slow.bin' });
    expect(created.status).toBe(201);
    const path = new URL(created.headers.get('location') ?? '', t.baseUrl).pathname;
    const patch = (offset: number, length: number) =>
      `PATCH ${path} HTTP/1.1\r\nHost: ${host()}\r\nCookie: ${editor.jar.header()}\r\nTus-Resumable: ${TUS['tus-resumable']}\r\nUpload-Offset: ${offset}\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: ${length}\r\n\r\n`;

    // 20 bytes over ~5 s (more than REQUEST_TIMEOUT), then silence: cut off after IDLE_TIMEOUT.
    const silent = open(t.baseUrl);
    await silent.write(patch(0, size));
    const sent = await trickle(silent, 'x'.repeat(20), 250);
    expect(sent).toBe(20);
    expect(silent.closedAfter).toBeNull();
    const stoppedAt = Date.now();
    while (silent.closedAfter === null && Date.now() - stoppedAt < scaled(8000)) await sleep(100);
    expect(silent.closedAfter).not.toBeNull();
    const silentFor = Date.now() - stoppedAt;
    expect(silentFor).toBeGreaterThan(2000);
    expect(silentFor).toBeLessThan(scaled(5000));
    silent.destroy();

    // The bytes that came are kept: resume from the server's offset and finish, slowly again.
    await sleep(300);
    const head = await fetch(`${t.baseUrl}${path}`, {
      method: 'HEAD',
      headers: { ...TUS, cookie: editor.jar.header() },
    });
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBe(20);
    const resumed = open(t.baseUrl);
    await resumed.write(patch(offset, size - offset));
    expect(await trickle(resumed, 'y'.repeat(size - offset), 150)).toBe(size - offset);
    const deadline = Date.now() + scaled(5000);
    while (!resumed.answer.includes('\r\n\r\n') && Date.now() < deadline) await sleep(50);
    expect(resumed.answer).toMatch(/^HTTP\/1\.1 204/);
    resumed.destroy();
  });
});
