/**
 * Each feature's database handle sees only its own tables: a query naming another feature's table
 * does not compile (the `@ts-expect-error` lines below fail `npm run typecheck` the day such a query
 * compiles), and the narrowing keeps the one shared connection (the same object, typed narrower).
 * The storage port's keys and local implementation are checked here too (pure, and a temp folder).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { catalogDb } from '../../src/catalog/db.ts';
import { downloadsDb } from '../../src/downloads/db.ts';
import { mediaDb } from '../../src/media/db.ts';
import type { Database } from '../../src/platform/db/schema.ts';
import { clipKey, createLocalStorage, masterKey, previewDirKey } from '../../src/platform/storage/index.ts';

/** Never called: its body is checked by the compiler only (`npm run typecheck`). */
function crossTableQueriesDoNotCompile(db: Kysely<Database>) {
  downloadsDb(db).selectFrom('video_usage').select('video_id');
  // @ts-expect-error downloads does not see media's videos
  downloadsDb(db).selectFrom('videos');
  // @ts-expect-error downloads does not see catalog's stories
  downloadsDb(db).selectFrom('story_videos');
  // @ts-expect-error downloads does not see accounts' users
  downloadsDb(db).selectFrom('downloads as d').innerJoin('users as u', 'u.id', 'd.user_id');
  catalogDb(db).selectFrom('stories').select('slug');
  // @ts-expect-error the catalogue does not see media's videos
  catalogDb(db).selectFrom('story_videos as sv').innerJoin('videos as v', 'v.id', 'sv.video_id');
  mediaDb(db).selectFrom('videos').select('id');
  // @ts-expect-error media does not see the catalogue's stories
  mediaDb(db).insertInto('story_videos');
}

describe('feature databases', () => {
  it('are the shared connection, typed narrower', () => {
    expect(crossTableQueriesDoNotCompile).toBeTypeOf('function');
    const shared = { marker: 1 } as unknown as Kysely<Database>;
    expect(downloadsDb(shared)).toBe(shared);
    expect(catalogDb(shared)).toBe(shared);
    expect(mediaDb(shared)).toBe(shared);
  });
});

describe('the media storage port', () => {
  it('names keys by content, video and cache key, and refuses unsafe parts', () => {
    const sha = 'ab'.repeat(32);
    expect(masterKey(sha, 'mxf')).toBe(`masters/ab/${sha}/master.mxf`);
    expect(previewDirKey('v-1')).toBe('previews/v-1');
    expect(clipKey('k1', 'mp4')).toBe('clips/k1.mp4');
    expect(() => masterKey('nothex', 'mxf')).toThrow(/sha256/);
    expect(() => previewDirKey('../etc')).toThrow(/video id/);
    expect(() => clipKey('k', 'mp4/../../x')).toThrow(/extension/);
  });

  it('writes atomically on a local disk, and keeps nothing of a failed write', async () => {
    const root = await mkdtemp(join(tmpdir(), 'storage-'));
    try {
      const storage = createLocalStorage(root);
      expect(() => storage.path('../outside')).toThrow(/outside the root/);
      expect(() => storage.path('/etc/passwd')).toThrow(/outside the root/);
      const made = await storage.writeAtomic('renditions/v/web.mp4', async (temporary) => {
        expect(temporary).toMatch(/web\.mp4\.[0-9a-f]+\.part\.mp4$/);
        await (await import('node:fs/promises')).writeFile(temporary, 'bytes');
        return 5;
      });
      expect(made).toBe(5);
      expect(await readFile(storage.path('renditions/v/web.mp4'), 'utf8')).toBe('bytes');
      expect((await storage.stat('renditions/v/web.mp4'))?.size).toBe(5);
      await expect(
        storage.writeAtomic('renditions/v/audio.wav', async (temporary) => {
          await (await import('node:fs/promises')).writeFile(temporary, 'half');
          throw new Error('ffmpeg died');
        }),
      ).rejects.toThrow('ffmpeg died');
      expect((await readdir(storage.path('renditions/v'))).sort()).toEqual(['web.mp4']);
      expect(await storage.list('renditions/v')).toEqual(['web.mp4']);
      await storage.remove('renditions', { recursive: true });
      expect(await storage.stat('renditions/v/web.mp4')).toBeNull();
      expect(await storage.list('renditions/v')).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
