/**
 * Each feature's database handle sees only its own tables: a query naming another feature's table
 * does not compile (the `@ts-expect-error` lines below fail `npm run typecheck` the day such a query
 * compiles), and the narrowing keeps the one shared connection (the same object, typed narrower).
 * The storage port's keys and local implementation are checked here too (pure, and a temp folder):
 * atomic writes, content-addressed placing, moves of a prefix, removal of empty folders only.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { accountsDb } from '../../src/accounts/db.ts';
import { catalogDb } from '../../src/catalog/db.ts';
import { downloadsDb } from '../../src/downloads/db.ts';
import { mediaDb } from '../../src/media/db.ts';
import { photosDb } from '../../src/photos/db.ts';
import { type Database, tablelessDb } from '../../src/platform/db/schema.ts';
import { clipKey, createLocalStorage, masterKey, previewDirKey } from '../../src/platform/storage/index.ts';
import { searchDb } from '../../src/search/db.ts';

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
  accountsDb(db).selectFrom('users').select('email');
  // @ts-expect-error accounts does not see search's saved searches
  accountsDb(db).deleteFrom('saved_searches');
  // @ts-expect-error accounts does not see downloads' history
  accountsDb(db).selectFrom('users as u').innerJoin('downloads as d', 'd.user_id', 'u.id');
  searchDb(db).selectFrom('search_documents').select('item_key');
  // @ts-expect-error search does not see the catalogue's stories (it reads them through catalog/public.ts)
  searchDb(db).selectFrom('search_documents as d').innerJoin('stories as s', 's.id', 'd.story_id');
  // @ts-expect-error search does not see accounts' users
  searchDb(db).selectFrom('saved_searches as s').innerJoin('users as u', 'u.id', 's.user_id');
  // @ts-expect-error search does not see media's videos
  searchDb(db).selectFrom('videos');
  photosDb(db).selectFrom('photos').select('id');
  // @ts-expect-error photos do not see the catalogue's stories
  photosDb(db).selectFrom('story_photos');
  // The newsroom, the admin area and the back office own no table: their handle names none.
  // @ts-expect-error the newsroom writes stories through catalog/public.ts
  tablelessDb(db).updateTable('stories');
  // @ts-expect-error nor videos, which are media's
  tablelessDb(db).selectFrom('videos');
  // @ts-expect-error the admin area reads users through the accounts feature's admin service
  tablelessDb(db).selectFrom('users');
}

describe('feature databases', () => {
  it('are the shared connection, typed narrower', () => {
    expect(crossTableQueriesDoNotCompile).toBeTypeOf('function');
    const shared = { marker: 1 } as unknown as Kysely<Database>;
    expect(downloadsDb(shared)).toBe(shared);
    expect(catalogDb(shared)).toBe(shared);
    expect(mediaDb(shared)).toBe(shared);
    expect(accountsDb(shared)).toBe(shared);
    expect(searchDb(shared)).toBe(shared);
    expect(photosDb(shared)).toBe(shared);
    expect(tablelessDb(shared)).toBe(shared);
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

  it('places content-addressed files, moves prefixes, removes only empty folders', async () => {
    const root = await mkdtemp(join(tmpdir(), 'storage-'));
    const { writeFile } = await import('node:fs/promises');
    try {
      const storage = createLocalStorage(root);
      const placed = await storage.writeThenPlace('masters/.incoming', async (temporary) => {
        expect(temporary).toMatch(new RegExp(`/masters/\\.incoming/${process.pid}-[0-9a-f]{16}\\.part$`));
        await writeFile(temporary, 'content');
        return { key: 'masters/ab/x/master.mxf', value: 'kept' };
      });
      expect(placed).toBe('kept');
      expect(await readFile(storage.path('masters/ab/x/master.mxf'), 'utf8')).toBe('content');
      // Already stored (key null), or a failed write: the temporary goes, nothing else is written.
      await storage.writeThenPlace('masters/.incoming', async (temporary) => {
        await writeFile(temporary, 'content');
        return { key: null, value: null };
      });
      await expect(
        storage.writeThenPlace('masters/.incoming', async (temporary) => {
          await writeFile(temporary, 'half');
          throw new Error('source vanished');
        }),
      ).rejects.toThrow('source vanished');
      expect(await storage.list('masters/.incoming')).toEqual([]);
      expect((await storage.list('masters')).sort()).toEqual(['.incoming', 'ab']);

      await storage.removeIfEmpty('masters/ab');
      expect(await storage.list('masters/ab')).toEqual(['x']);
      await storage.remove('masters/ab/x', { recursive: true });
      await storage.removeIfEmpty('masters/ab');
      await storage.removeIfEmpty('masters/ab');
      expect(await storage.list('masters')).toEqual(['.incoming']);

      await storage.writeAtomic('previews/v.partial/preview.json', (t) => writeFile(t, '{}'), { sync: true });
      await storage.move('previews/v.partial', 'previews/v');
      expect(await storage.list('previews')).toEqual(['v']);
      expect((await storage.stat('previews/v/preview.json'))?.size).toBe(2);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
