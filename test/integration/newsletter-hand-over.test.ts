/**
 * The newsletter's hand-over journals against the real ledger, in each database mode: what a dead
 * run recorded settles its `sending` rows at the recorded attempt (and nothing else), a line cut short
 * by a kill counts for nothing, a journal open in this process is left alone, and files are removed
 * once applied on the embedded database, or once stale on a server.
 */
import { appendFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandOverJournals } from '../../src/newsletter/hand-over-journal.ts';
import { markHandedOver } from '../../src/newsletter/ledger.ts';
import { type DatabaseHandle, openPglite, openPostgres } from '../../src/platform/db/database.ts';
import { databaseModes, freshDataDir, type TestDataDir } from '../support/databases.ts';

describe.each(databaseModes())('newsletter hand-over journals on %s', (mode) => {
  let data: TestDataDir;
  let handle: DatabaseHandle;
  let dir = '';
  const now = new Date('2026-12-07T12:00:00Z');

  beforeAll(async () => {
    data = await freshDataDir(mode);
    handle = data.databaseUrl
      ? await openPostgres(data.databaseUrl)
      : await openPglite(join(data.dataDir, 'db'));
    dir = join(data.dataDir, 'newsletter-hand-overs');
  });
  afterAll(async () => {
    await handle?.close();
    await data?.cleanup();
  });

  /** A ledger row in `state` at `attempts`; returns its id. */
  async function row(name: string, state: 'sending' | 'queued', attempts: number): Promise<string> {
    const inserted = await handle.db
      .insertInto('newsletter_messages')
      .values({
        issue_key: 'edition:test',
        kind: 'edition',
        recipient: `${name}@example.org`,
        recipient_normalized: `${name}@example.org`,
        language: 'en',
        topics: '[]',
        state,
        attempts,
        claimed_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  }
  const stateOf = async (id: string) =>
    (
      await handle.db
        .selectFrom('newsletter_messages')
        .select('state')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).state;
  const apply = (records: readonly { id: string; attempt: number }[]) =>
    markHandedOver(handle.db, records, now);

  it("settles a dead run's recorded claims at their attempt, and only those", async () => {
    const handed = await row('handed', 'sending', 1);
    const retried = await row('retried', 'sending', 2);
    const never = await row('never', 'sending', 1);
    const requeued = await row('requeued', 'queued', 1);

    const dead = createHandOverJournals(dir);
    const journal = await dead.open();
    journal.record(handed, 1);
    // An earlier attempt of a row claimed again since, and a row refused for now after its hand-over.
    journal.record(retried, 1);
    journal.record(requeued, 1);
    await journal.close({ keep: true });
    // A kill in the middle of a record's write: half a line.
    const [file] = await readdir(dir);
    await appendFile(join(dir, file ?? ''), never.slice(0, 20));

    const restarted = createHandOverJournals(dir);
    expect(await restarted.recover(apply, { all: true, staleMs: 600_000, now })).toBe(1);
    expect(await stateOf(handed)).toBe('sent');
    expect(await stateOf(retried)).toBe('sending');
    expect(await stateOf(never)).toBe('sending');
    expect(await stateOf(requeued)).toBe('queued');
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves a journal open in this process alone, and a live server run its file', async () => {
    const live = await row('live', 'sending', 1);
    const journals = createHandOverJournals(dir);
    const journal = await journals.open();
    journal.record(live, 1);
    expect(await journals.recover(apply, { all: true, staleMs: 600_000, now })).toBe(0);
    expect(await stateOf(live)).toBe('sending');

    // Another worker of a server: applies the file (its records are handed over) but keeps it while
    // it is fresh, then removes it once stale.
    const other = createHandOverJournals(dir);
    expect(await other.recover(apply, { all: false, staleMs: 600_000, now: new Date() })).toBe(1);
    expect(await stateOf(live)).toBe('sent');
    expect(await readdir(dir)).toHaveLength(1);
    const later = new Date(Date.now() + 700_000);
    expect(await other.recover(apply, { all: false, staleMs: 600_000, now: later })).toBe(0);
    expect(await readdir(dir)).toEqual([]);
    await journal.close({ keep: false });
  });
});
