/**
 * Scheduled publishing is a durable job: a story scheduled a few seconds ahead, the portal stopped
 * before that time and started again after it, is published within a minute of the restart (both
 * database modes). Also: a scheduled story published while the portal runs, and a job whose story
 * was rescheduled does nothing.
 */
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { callOperator } from '../../src/platform/operator-channel.ts';
import { startPortal } from '../../src/portal.ts';
import { client, GOOD_PASSWORD } from '../support/accounts.ts';
import { databaseModes, freshDataDir, type TestDataDir } from '../support/databases.ts';
import { DEMO_MASTER_CACHE } from '../support/portal.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(databaseModes())('scheduled publishing across a restart (%s)', (mode) => {
  let data: TestDataDir;
  afterAll(async () => {
    await data?.cleanup();
  });

  const start = () =>
    startPortal({
      config: loadConfig({
        PORT: '0',
        DATA_DIR: data.dataDir,
        DEMO: '0',
        ...(data.databaseUrl ? { DATABASE_URL: data.databaseUrl } : {}),
      }),
      web: true,
      worker: true,
      demoMasterDir: DEMO_MASTER_CACHE,
      logger: pino({ level: 'warn' }),
    });

  it('publishes on restart a story whose time passed while the portal was down', async () => {
    data = await freshDataDir(mode);
    let portal = await start();
    await callOperator(data.dataDir, 'users/create', {
      email: 'ed@example.org',
      password: GOOD_PASSWORD,
      role: 'editor',
      verified: true,
    });
    const editor = client(portal.url ?? '');
    expect(
      (await editor.api('POST', '/session', { email: 'ed@example.org', password: GOOD_PASSWORD })).status,
    ).toBe(200);
    const story = await (
      await editor.api('POST', '/stories', { translations: { en: { title: 'While down', body: 'Text.' } } })
    ).json();
    const moved = await (
      await editor.api('POST', '/stories', { translations: { en: { title: 'Moved', body: 'Text.' } } })
    ).json();
    const at = new Date(Date.now() + 5000);
    const scheduled = await editor.api('POST', `/stories/${story.id}/publish`, {
      at: at.toISOString(),
      timeZone: 'Europe/Brussels',
    });
    expect((await scheduled.json()).status).toBe('scheduled');
    // Scheduled for the same time, then moved to next year: its first job must do nothing.
    await editor.api('POST', `/stories/${moved.id}/publish`, { at: at.toISOString() });
    await editor.api('POST', `/stories/${moved.id}/unpublish`);
    await editor.api('POST', `/stories/${moved.id}/publish`, {
      at: new Date(Date.now() + 365 * 86400_000).toISOString(),
    });
    await portal.stop();

    await sleep(Math.max(0, at.getTime() - Date.now()) + 2000);
    const restarted = Date.now();
    portal = await start();
    try {
      let status = '';
      while (Date.now() - restarted < 60_000) {
        const row = await portal.database.db
          .selectFrom('stories')
          .select(['status', 'published_at'])
          .where('id', '=', story.id)
          .executeTakeFirstOrThrow();
        status = row.status;
        if (status === 'published') {
          console.log(`published ${Date.now() - restarted} ms after the restart began (${mode})`);
          expect(new Date(row.published_at ?? 0).toISOString()).toBe(at.toISOString());
          break;
        }
        await sleep(250);
      }
      expect(status).toBe('published');
      const list = await (await client(portal.url ?? '').api('GET', '/stories?lang=en')).json();
      expect(list.items.map((s: { slug: string }) => s.slug)).toEqual([story.slug]);
      const other = await portal.database.db
        .selectFrom('stories')
        .select('status')
        .where('id', '=', moved.id)
        .executeTakeFirstOrThrow();
      expect(other.status).toBe('scheduled');
      const revisions = await portal.database.db
        .selectFrom('story_revisions')
        .select(['summary', 'author_id'])
        .where('story_id', '=', story.id)
        .orderBy('n', 'desc')
        .executeTakeFirstOrThrow();
      expect(revisions).toEqual({ summary: 'published_on_schedule', author_id: null });
    } finally {
      await portal.stop();
    }
  }, 120_000);
});
