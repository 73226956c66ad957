/**
 * Issue 12, finding 8: clip jobs and API requests are bounded. One user may have only
 * CLIP_QUEUE_PER_USER clips queued or being made (429 `too_many_clips` with Retry-After, in the
 * request's language; a clip already made never counts); the clip workers are shared fairly, so one
 * user's burst does not starve another user's single clip; and @fastify/rate-limit answers a flood of
 * API or clip requests with 429, Retry-After and the API error shape. Real portal, both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipsJobKinds as JOB_SETTINGS } from '../../src/clips/job-kinds.ts';
import { databaseModes } from '../support/databases.ts';
import { createStory, ingestAndWait, signedInCookie } from '../support/downloads.ts';
import { h264Mp4Master } from '../support/masters.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';
import { scaled } from '../support/time-scale.ts';

const CAP = 4;

type ClipBody = { inFrame: number; outFrame: number; profile: 'broadcast' | 'web' };

describe.each(databaseModes())('clip limits (%s)', (mode) => {
  let t: TestPortal;
  let videoId = '';
  let alice = '';
  let bob = '';

  const ask = (cookie: string, body: ClipBody, lang = 'en') =>
    fetch(`${t.baseUrl}/api/v1/videos/${videoId}/clips`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'accept-language': lang },
      body: JSON.stringify(body),
    });
  const statusOf = async (id: string) =>
    (
      await t.portal.database.db
        .selectFrom('clips')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).status;
  const waitDone = async (ids: string[], timeoutMs = 240_000) => {
    const deadline = Date.now() + scaled(timeoutMs);
    while (Date.now() < deadline) {
      const statuses = await Promise.all(ids.map(statusOf));
      if (statuses.every((s) => s === 'ready' || s === 'failed')) return statuses;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('clips not done in time');
  };

  beforeAll(async () => {
    t = await startTestPortal(mode, {
      demo: false,
      // The burst below is more than the default per-minute limit of clip requests: this file tests
      // the queue cap here and the rate limits on a portal of their own.
      env: { CLIP_QUEUE_PER_USER: String(CAP), RATE_LIMIT_COSTLY: '1000' },
    });
    // Videos are visible only through a published story (downloads/video-access.ts).
    await createStory(t.portal, 'limits', '2026-01-05T10:00:00Z');
    videoId = await ingestAndWait(t.portal, {
      path: await h264Mp4Master(),
      title: 'Limits',
      story: 'limits',
    });
    alice = await signedInCookie(t.baseUrl, t.dataDir, `alice-${mode}@example.org`);
    bob = await signedInCookie(t.baseUrl, t.dataDir, `bob-${mode}@example.org`);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('accepts only CLIP_QUEUE_PER_USER queued clips per user: 429 too_many_clips, Retry-After, FR and EN', {
    timeout: scaled(300_000),
  }, async () => {
    // A clip already made: asking for it again is answered at once and never counts.
    const made = await ask(alice, { inFrame: 200, outFrame: 300, profile: 'broadcast' });
    expect(made.status).toBe(202);
    const madeId = (await made.json()).id as string;
    expect(await waitDone([madeId])).toEqual(['ready']);

    // 30 distinct clips at once (the audit's burst).
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        ask(alice, { inFrame: 3 + i, outFrame: 8 + i, profile: 'broadcast' }, i % 2 ? 'fr' : 'en'),
      ),
    );
    const accepted = burst.filter((r) => r.status === 202);
    const refused = burst.map((r, i) => ({ r, i })).filter(({ r }) => r.status === 429);
    expect(accepted).toHaveLength(CAP);
    expect(refused).toHaveLength(30 - CAP);
    for (const { r, i } of refused) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await r.json();
      expect(body.error.code).toBe('too_many_clips');
      expect(body.error.message).toMatch(i % 2 ? /parties en préparation/ : /parts being prepared/);
    }
    const pendingIds = await Promise.all(accepted.map(async (r) => (await r.json()).id as string));

    // At the cap: the clip already made still comes at once (200), another user is not affected.
    const again = await ask(alice, { inFrame: 200, outFrame: 300, profile: 'broadcast' });
    expect(again.status).toBe(200);
    // Asking again for a clip on its way shares it: no new work, no refusal.
    const first = burst.findIndex((r) => r.status === 202);
    const twice = await ask(alice, { inFrame: 3 + first, outFrame: 8 + first, profile: 'broadcast' });
    expect([200, 202]).toContain(twice.status);
    expect((await twice.json()).id).toBe(pendingIds[0]);
    const other = await ask(bob, { inFrame: 3, outFrame: 8, profile: 'broadcast' });
    expect([200, 202]).toContain(other.status);

    // The no-JavaScript form says it on an HTML page in the page's language.
    // It carries the browser's form token, as every page form must.
    const videoPage = await fetch(`${t.baseUrl}/fr/videos/${videoId}`, { headers: { cookie: alice } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await videoPage.text())?.[1] ?? '';
    const csrfCookie = videoPage.headers.getSetCookie().map((line) => line.split(';')[0]);
    const form = await fetch(`${t.baseUrl}/fr/videos/${videoId}/clips`, {
      method: 'POST',
      headers: {
        cookie: [alice, ...csrfCookie].join('; '),
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
        origin: t.baseUrl,
      },
      body: new URLSearchParams({
        _csrf: csrf,
        in: '10:00:01:10',
        out: '10:00:01:20',
        profile: 'broadcast',
      }).toString(),
      redirect: 'manual',
    });
    expect(form.status).toBe(429);
    expect(Number(form.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(form.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await form.text()).toContain('parties en préparation');

    // Once they are made, the user may ask again.
    await waitDone([...pendingIds, (await other.json()).id]);
    const after = await ask(alice, { inFrame: 40, outFrame: 45, profile: 'broadcast' });
    expect(after.status).toBe(202);
    await waitDone([(await after.json()).id]);
  });

  it("shares the clip workers fairly: one user's burst does not starve another user's short clip", {
    timeout: scaled(300_000),
  }, async () => {
    const workers = JOB_SETTINGS['clips.make'].concurrency;
    // Alice fills her queue with long re-encoded clips, then Bob asks for five frames.
    const long = await Promise.all(
      Array.from({ length: CAP }, (_, i) =>
        ask(alice, { inFrame: 10 + i, outFrame: 90 + i, profile: 'web' }),
      ),
    );
    expect(long.map((r) => r.status)).toEqual(Array(CAP).fill(202));
    const aliceIds = await Promise.all(long.map(async (r) => (await r.json()).id as string));
    const asked = Date.now();
    const short = await ask(bob, { inFrame: 117, outFrame: 122, profile: 'broadcast' });
    expect(short.status).toBe(202);
    const bobId = (await short.json()).id as string;
    expect(await waitDone([bobId])).toEqual(['ready']);
    const bobWait = Date.now() - asked;
    const aliceStatuses = await Promise.all(aliceIds.map(statusOf));
    const aliceReady = aliceStatuses.filter((s) => s === 'ready').length;
    const aliceDone = await waitDone(aliceIds);
    const aliceWait = Date.now() - asked;
    expect(aliceDone).toEqual(Array(CAP).fill('ready'));
    // First come, first served, Bob's clip would start only once all of Alice's had started, so at
    // least CAP - workers + 1 of them would be ready before it. Fairly shared, it takes the first
    // free worker: at most the ones running when Bob asked are done, and he waits well under the time
    // Alice's whole queue takes.
    expect(aliceReady).toBeLessThanOrEqual(workers);
    expect(bobWait).toBeLessThan(aliceWait * 0.75);
  });
});

describe.each(databaseModes())('API rate limits (%s)', (mode) => {
  let t: TestPortal;
  let cookie = '';
  const API = 12;
  const COSTLY = 3;

  beforeAll(async () => {
    t = await startTestPortal(mode, {
      demo: false,
      env: { RATE_LIMIT_API: String(API), RATE_LIMIT_COSTLY: String(COSTLY) },
    });
    // Signing in spends one of the address's API requests (the operator channel is not under /api/v1).
    cookie = await signedInCookie(t.baseUrl, t.dataDir, `flood-${mode}@example.org`);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers a flood of API requests from one address with 429, Retry-After and the error shape, FR and EN', async () => {
    const get = (lang: string) =>
      fetch(`${t.baseUrl}/api/v1/stories`, { headers: { 'accept-language': lang } });
    const answers: Response[] = [];
    for (let i = 0; i < API + 2; i += 1) answers.push(await get(i % 2 ? 'fr' : 'en'));
    const statuses = answers.map((r) => r.status);
    expect(statuses.slice(0, API - 2)).toEqual(Array(API - 2).fill(200));
    const limitedEn = await get('en');
    const limitedFr = await get('fr');
    for (const [response, pattern] of [
      [limitedEn, /^Too many requests/],
      [limitedFr, /^Trop de requêtes/],
    ] as const) {
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      const body = await response.json();
      expect(body.error.code).toBe('rate_limited');
      expect(body.error.message).toMatch(pattern);
    }
    // A signed-in user is counted on their own, not with the address.
    const signedIn = await fetch(`${t.baseUrl}/api/v1/stories`, { headers: { cookie } });
    expect(signedIn.status).toBe(200);
  });

  it('limits costly requests (clip requests) more strictly, per user', async () => {
    const post = (lang: string) =>
      fetch(`${t.baseUrl}/api/v1/videos/no-such-video/clips`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'accept-language': lang },
        body: JSON.stringify({ inFrame: 0, outFrame: 10 }),
      });
    for (let i = 0; i < COSTLY; i += 1) expect((await post('en')).status).toBe(404);
    const limited = await post('fr');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await limited.json();
    expect(body.error).toEqual({ code: 'rate_limited', message: expect.stringMatching(/^Trop de requêtes/) });
    // Other API requests of the same user are still under the general limit.
    expect((await fetch(`${t.baseUrl}/api/v1/stories`, { headers: { cookie } })).status).toBe(200);
  });
});
