/**
 * Keeps the search index current: documents written from the owners' read functions (catalog stories,
 * media videos and shotlists, the photos and audio items published stories show), per item or all at once (`portal search reindex`), with the vocabulary
 * that suggestions come from. Each write replaces an item's documents in one transaction.
 */
import { sql } from 'kysely';
import { audioByIds } from '../audio/public.ts';
import {
  firstStoryOfMedia,
  firstStoryOfVideos,
  mediaOfStories,
  storiesForSearch,
} from '../catalog/public.ts';
import { videosForSearch } from '../media/public.ts';
import { photosByIds } from '../photos/public.ts';
import type { SearchDb } from './db.ts';
import {
  audioDocuments,
  photoDocuments,
  type SearchDocument,
  storyDocuments,
  videoDocuments,
} from './documents.ts';
import { vocabularyWords } from './query-text.ts';

type Db = SearchDb;

const BATCH = 500;
const VOCABULARY_BATCH = 5000;

/** Words per language with how many documents hold them: what the vocabulary table counts. */
type WordCounts = Map<string, { lang: string; word: string; n: number }>;

function countWords(docs: SearchDocument[], counts: WordCounts): void {
  for (const doc of docs) {
    for (const word of vocabularyWords(`${doc.weighted.a} ${doc.weighted.b} ${doc.weighted.c}`)) {
      const key = `${doc.lang}\0${word}`;
      const entry = counts.get(key);
      if (entry) entry.n += 1;
      else counts.set(key, { lang: doc.lang, word, n: 1 });
    }
  }
}

async function writeVocabulary(db: Db, counts: WordCounts): Promise<void> {
  const entries = [...counts.values()];
  for (let i = 0; i < entries.length; i += VOCABULARY_BATCH) {
    await sql`INSERT INTO search_vocabulary (lang, folded, word, ndoc)
      SELECT x.lang, unaccent(x.word), min(x.word), sum(x.n)::integer
      FROM jsonb_to_recordset(${JSON.stringify(entries.slice(i, i + VOCABULARY_BATCH))}::jsonb)
        AS x(lang text, word text, n integer)
      GROUP BY x.lang, unaccent(x.word)
      ON CONFLICT (lang, folded) DO UPDATE SET ndoc = search_vocabulary.ndoc + excluded.ndoc`.execute(db);
  }
}

/**
 * Writes documents (their weighted `tsvector`s built in the database: `head` of weights A and B, `tsv`
 * of all three) and counts their words: into
 * `counts` when given (a whole rebuild writes the vocabulary once at the end), else into the table.
 */
async function insertDocuments(db: Db, docs: SearchDocument[], counts?: WordCounts): Promise<void> {
  if (docs.length === 0) return;
  // A weighted text is sent only when it differs from the displayed one (a story's never does).
  const rows = docs.map(({ weighted, ...doc }) => ({
    ...doc,
    wa: weighted.a === doc.title ? null : weighted.a,
    wb: weighted.b === doc.standfirst ? null : weighted.b,
    wc: weighted.c === doc.body ? null : weighted.c,
  }));
  await sql`INSERT INTO search_documents
      (kind, item_key, lang, sole, story_id, slug, video_id, in_frame, out_frame, duration_ms, title,
       standfirst, body, topics, published_at, head, tsv)
    SELECT x.kind, x.item_key, x.lang, x.sole, x.story_id, x.slug, x.video_id, x.in_frame, x.out_frame,
       x.duration_ms, x.title, x.standfirst, x.body, x.topics, x.published_at, h.head,
       h.head || setweight(to_tsvector(c.cfg, coalesce(x.wc, x.body)), 'C')
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(kind text, item_key text, lang text,
       sole boolean, story_id integer, slug text, video_id text, in_frame integer, out_frame integer,
       duration_ms integer, title text, standfirst text, body text, topics text[], published_at timestamptz, wa text, wb text,
       wc text)
    CROSS JOIN LATERAL (SELECT CASE x.lang WHEN 'fr' THEN 'portal_fr'::regconfig
       ELSE 'portal_en'::regconfig END AS cfg) c
    CROSS JOIN LATERAL (SELECT setweight(to_tsvector(c.cfg, coalesce(x.wa, x.title)), 'A')
       || setweight(to_tsvector(c.cfg, coalesce(x.wb, x.standfirst)), 'B') AS head) h`.execute(db);
  if (counts) {
    countWords(docs, counts);
    return;
  }
  const own: WordCounts = new Map();
  countWords(docs, own);
  await writeVocabulary(db, own);
}

async function videoDocs(db: Db, ids: readonly string[]): Promise<SearchDocument[]> {
  const videos = await videosForSearch(db, { ids });
  const first = await firstStoryOfVideos(
    db,
    videos.map((v) => v.id),
  );
  return videos.flatMap((v) => videoDocuments(v, first.get(v.id)));
}

/** Re-reads the given videos (titles, shotlists, first story) and replaces their documents. */
export async function reindexVideos(db: SearchDb, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('search_documents')
      .where('video_id', 'in', [...ids])
      .execute();
    await insertDocuments(trx, await videoDocs(trx, ids));
  });
}

/** The documents of these photos or audio items (those no published story shows have none). */
async function mediaDocs(
  db: Db,
  kind: 'photo' | 'audio',
  ids?: readonly string[],
): Promise<SearchDocument[]> {
  const first = await firstStoryOfMedia(db, kind, ids);
  const shown = [...first.keys()];
  if (kind === 'photo')
    return (await photosByIds(db, shown)).flatMap((p) => photoDocuments(p, first.get(p.id)));
  return (await audioByIds(db, shown)).flatMap((a) => audioDocuments(a, first.get(a.id)));
}

/** Re-reads the given photos or audio items (captions, titles, first story) and replaces their documents. */
export async function reindexMedia(
  db: SearchDb,
  kind: 'photo' | 'audio',
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('search_documents')
      .where(
        'item_key',
        'in',
        ids.map((id) => `${kind}:${id}`),
      )
      .execute();
    await insertDocuments(trx, await mediaDocs(trx, kind, ids));
  });
}

/**
 * Re-reads the given stories and replaces their documents, and those of their videos, photos and audio
 * items (dates, and whether a published story still shows them).
 */
export async function reindexStories(db: SearchDb, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const shown = await db.transaction().execute(async (trx) => {
    const stories = await storiesForSearch(trx, { ids });
    await trx
      .deleteFrom('search_documents')
      .where(
        'item_key',
        'in',
        ids.map((id) => `story:${id}`),
      )
      .execute();
    await insertDocuments(trx, stories.flatMap(storyDocuments));
    const media = await mediaOfStories(trx, ids);
    return { videos: [...new Set(stories.flatMap((s) => s.videoIds))], ...media };
  });
  await reindexVideos(db, shown.videos);
  await reindexMedia(db, 'photo', shown.photoIds);
  await reindexMedia(db, 'audio', shown.audioIds);
}

/** Rebuilds the whole index and vocabulary from the owners, in batches, in one transaction. */
export async function reindexAll(db: SearchDb): Promise<{ documents: number }> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('search_documents').execute();
    await trx.deleteFrom('search_vocabulary').execute();
    const counts: WordCounts = new Map();
    let documents = 0;
    let afterStory: number | undefined;
    for (;;) {
      const stories = await storiesForSearch(trx, { afterId: afterStory, limit: BATCH });
      if (stories.length === 0) break;
      const docs = stories.flatMap(storyDocuments);
      await insertDocuments(trx, docs, counts);
      documents += docs.length;
      afterStory = stories.at(-1)?.id;
    }
    let afterVideo: string | undefined;
    for (;;) {
      const videos = await videosForSearch(trx, { afterId: afterVideo, limit: BATCH });
      if (videos.length === 0) break;
      const first = await firstStoryOfVideos(
        trx,
        videos.map((v) => v.id),
      );
      const docs = videos.flatMap((v) => videoDocuments(v, first.get(v.id)));
      await insertDocuments(trx, docs, counts);
      documents += docs.length;
      afterVideo = videos.at(-1)?.id;
    }
    for (const kind of ['photo', 'audio'] as const) {
      const docs = await mediaDocs(trx, kind);
      for (let i = 0; i < docs.length; i += BATCH)
        await insertDocuments(trx, docs.slice(i, i + BATCH), counts);
      documents += docs.length;
    }
    await writeVocabulary(trx, counts);
    return { documents };
  });
}

/** True when nothing is indexed yet (a portal migrated from before search). */
export async function indexIsEmpty(db: SearchDb): Promise<boolean> {
  return (await db.selectFrom('search_documents').select('id').limit(1).executeTakeFirst()) === undefined;
}
