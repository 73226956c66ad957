/** The clip cache's LRU eviction on a real database and real files. */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIPS_DIR, evictClips } from '../../src/clips/jobs.ts';
import { startTestPortal, type TestPortal } from '../support/portal.ts';

describe('clip cache eviction', () => {
  let t: TestPortal;
  beforeAll(async () => {
    t = await startTestPortal('pglite', { demo: false });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('deletes the least recently used clips beyond the cap, keeping the newest', async () => {
    const db = t.portal.database.db;
    await db
      .insertInto('videos')
      .values({ id: 'v1', title_fr: 'v', title_en: 'v', status: 'ready' })
      .execute();
    const dir = join(t.portal.mediaDir, CLIPS_DIR);
    await mkdir(dir, { recursive: true });
    const now = Date.now();
    for (const [i, name] of ['old', 'middle', 'new'].entries()) {
      const file = join(CLIPS_DIR, `${name}.mp4`);
      await writeFile(join(t.portal.mediaDir, file), Buffer.alloc(1000));
      await db
        .insertInto('clips')
        .values({
          id: name,
          cache_key: `key-${name}`,
          video_id: 'v1',
          master_sha256: 'x',
          in_frame: i,
          out_frame: i + 10,
          profile: 'broadcast',
          status: 'ready',
          method: 'smart',
          reason: '',
          start_timecode: '10:00:00:00',
          container: 'mp4',
          file_path: file,
          size: 1000,
          last_access_at: new Date(now - (3 - i) * 60_000),
        })
        .execute();
    }
    expect(await evictClips(db, t.portal.storage, 2500)).toEqual(['old']);
    expect((await readdir(dir)).sort()).toEqual(['middle.mp4', 'new.mp4']);
    expect(await evictClips(db, t.portal.storage, 10)).toEqual(['middle']);
    const left = await db.selectFrom('clips').select('id').execute();
    expect(left.map((r) => r.id)).toEqual(['new']);
  });
});
