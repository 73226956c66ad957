/**
 * Writing and reading stories as the newsroom edits them (any status): the story row, its
 * translations, videos (ordered, one lead), topics, old slugs and revisions. Plain data in and out;
 * the workflow and its rules belong to the newsroom, which calls these through catalog/public.ts.
 * Each function takes a Kysely handle, so the caller may run several in one transaction.
 */
import { sql } from 'kysely';
import type { AnyDb } from '../platform/db/schema.ts';
import { type CatalogDb, catalogDb } from './db.ts';
import type { Language, StoryStatus } from './tables.ts';

type Db = CatalogDb;

export interface StoryText {
  title: string;
  standfirst: string;
  body: string;
}

export type StoryTranslations = Partial<Record<Language, StoryText>>;

/** One medium a story shows: a video, a photo or an audio item (src/audio). */
export interface StoryMediaRef {
  kind: 'video' | 'audio' | 'photo';
  id: string;
}

/** Videos are rows of `story_videos`, photos of `story_photos`, audio items of `story_audio`. */
function isPhoto(ref: StoryMediaRef): boolean {
  return ref.kind === 'photo';
}
function isAudio(ref: StoryMediaRef): boolean {
  return ref.kind === 'audio';
}

/** What a revision keeps and a restore puts back. */
export interface StoryContent {
  slug: string;
  translations: StoryTranslations;
  topics: string[];
  media: StoryMediaRef[];
  leadMedia: StoryMediaRef | null;
}

export interface StoryRecord extends StoryContent {
  id: number;
  status: StoryStatus;
  publishAt: Date | null;
  publishTimeZone: string | null;
  publishedAt: Date | null;
  firstPublishedAt: Date | null;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

export async function readStoryRecord(anyDb: AnyDb, id: number): Promise<StoryRecord | null> {
  const db = catalogDb(anyDb);
  const row = await db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const [texts, videos, photos, audio, topics] = await Promise.all([
    db.selectFrom('story_translations').selectAll().where('story_id', '=', id).execute(),
    db.selectFrom('story_videos').select(['video_id', 'position']).where('story_id', '=', id).execute(),
    db.selectFrom('story_photos').select(['photo_id', 'position']).where('story_id', '=', id).execute(),
    db.selectFrom('story_audio').select(['audio_id', 'position']).where('story_id', '=', id).execute(),
    db
      .selectFrom('story_topics as st')
      .innerJoin('topics as t', 't.id', 'st.topic_id')
      .select('t.slug')
      .where('st.story_id', '=', id)
      .orderBy('st.position')
      .execute(),
  ]);
  const translations: StoryTranslations = {};
  for (const t of texts)
    translations[t.language] = { title: t.title, standfirst: t.standfirst, body: t.body };
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    publishAt: row.publish_at && new Date(row.publish_at),
    publishTimeZone: row.publish_time_zone,
    publishedAt: row.published_at && new Date(row.published_at),
    firstPublishedAt: row.first_published_at && new Date(row.first_published_at),
    revision: row.revision,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    translations,
    topics: topics.map((t) => t.slug),
    media: [
      ...videos.map((v) => ({ position: v.position, ref: { kind: 'video' as const, id: v.video_id } })),
      ...photos.map((p) => ({ position: p.position, ref: { kind: 'photo' as const, id: p.photo_id } })),
      ...audio.map((a) => ({ position: a.position, ref: { kind: 'audio' as const, id: a.audio_id } })),
    ]
      .sort((a, b) => a.position - b.position)
      .map((m) => m.ref),
    leadMedia: row.lead_video_id
      ? { kind: 'video', id: row.lead_video_id }
      : row.lead_photo_id
        ? { kind: 'photo', id: row.lead_photo_id }
        : row.lead_audio_id
          ? { kind: 'audio', id: row.lead_audio_id }
          : null,
  };
}

export interface StoryListItem {
  id: number;
  slug: string;
  status: StoryStatus;
  titles: Partial<Record<Language, string>>;
  publishAt: Date | null;
  publishTimeZone: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
  revision: number;
}

/** Every story, most recently changed first (the newsroom's list). */
export async function listStoryRecords(
  anyDb: AnyDb,
  options: { status?: StoryStatus; limit?: number } = {},
): Promise<StoryListItem[]> {
  const db = catalogDb(anyDb);
  let query = db
    .selectFrom('stories as s')
    .select([
      's.id',
      's.slug',
      's.status',
      's.publish_at',
      's.publish_time_zone',
      's.published_at',
      's.updated_at',
      's.revision',
      sql<string | null>`(select title from story_translations where story_id = s.id and language = 'fr')`.as(
        'title_fr',
      ),
      sql<string | null>`(select title from story_translations where story_id = s.id and language = 'en')`.as(
        'title_en',
      ),
    ])
    .orderBy('s.updated_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(options.limit ?? 500);
  if (options.status) query = query.where('s.status', '=', options.status);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    status: r.status,
    titles: {
      ...(r.title_fr !== null ? { fr: r.title_fr } : {}),
      ...(r.title_en !== null ? { en: r.title_en } : {}),
    },
    publishAt: r.publish_at && new Date(r.publish_at),
    publishTimeZone: r.publish_time_zone,
    publishedAt: r.published_at && new Date(r.published_at),
    updatedAt: new Date(r.updated_at),
    revision: r.revision,
  }));
}

/** The story that uses a slug, now or before (null: free). */
export async function slugOwner(anyDb: AnyDb, slug: string): Promise<number | null> {
  const db = catalogDb(anyDb);
  const current = await db.selectFrom('stories').select('id').where('slug', '=', slug).executeTakeFirst();
  if (current) return current.id;
  const old = await db
    .selectFrom('story_slugs')
    .select('story_id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  return old?.story_id ?? null;
}

async function writeContent(db: Db, id: number, content: StoryContent): Promise<void> {
  await db.deleteFrom('story_translations').where('story_id', '=', id).execute();
  const texts = (['fr', 'en'] as const).flatMap((language) => {
    const text = content.translations[language];
    return text ? [{ story_id: id, language, ...text }] : [];
  });
  if (texts.length > 0) await db.insertInto('story_translations').values(texts).execute();
  await db.deleteFrom('story_videos').where('story_id', '=', id).execute();
  await db.deleteFrom('story_photos').where('story_id', '=', id).execute();
  await db.deleteFrom('story_audio').where('story_id', '=', id).execute();
  const placed = content.media.map((ref, position) => ({ ref, position }));
  const videos = placed.filter((m) => !isPhoto(m.ref) && !isAudio(m.ref));
  const photos = placed.filter((m) => isPhoto(m.ref));
  const audio = placed.filter((m) => isAudio(m.ref));
  if (videos.length > 0)
    await db
      .insertInto('story_videos')
      .values(videos.map((m) => ({ story_id: id, video_id: m.ref.id, position: m.position })))
      .execute();
  if (photos.length > 0)
    await db
      .insertInto('story_photos')
      .values(photos.map((m) => ({ story_id: id, photo_id: m.ref.id, position: m.position })))
      .execute();
  if (audio.length > 0)
    await db
      .insertInto('story_audio')
      .values(audio.map((m) => ({ story_id: id, audio_id: m.ref.id, position: m.position })))
      .execute();
  await db.deleteFrom('story_topics').where('story_id', '=', id).execute();
  if (content.topics.length > 0) {
    const topics = await db
      .selectFrom('topics')
      .select(['id', 'slug'])
      .where('slug', 'in', content.topics)
      .execute();
    const idOf = new Map(topics.map((t) => [t.slug, t.id]));
    const rows = content.topics.flatMap((slug, position) => {
      const topicId = idOf.get(slug);
      return topicId === undefined ? [] : [{ story_id: id, topic_id: topicId, position }];
    });
    if (rows.length > 0) await db.insertInto('story_topics').values(rows).execute();
  }
}

function leadColumns(lead: StoryMediaRef | null): {
  lead_video_id: string | null;
  lead_photo_id: string | null;
  lead_audio_id: string | null;
} {
  const none = { lead_video_id: null, lead_photo_id: null, lead_audio_id: null };
  if (!lead) return none;
  if (isPhoto(lead)) return { ...none, lead_photo_id: lead.id };
  if (isAudio(lead)) return { ...none, lead_audio_id: lead.id };
  return { ...none, lead_video_id: lead.id };
}

/** A new draft; returns its id. */
export async function insertStory(anyDb: AnyDb, content: StoryContent): Promise<number> {
  const db = catalogDb(anyDb);
  const { id } = await db
    .insertInto('stories')
    .values({
      slug: content.slug,
      published_at: null,
      publish_at: null,
      publish_time_zone: null,
      first_published_at: null,
      ...leadColumns(content.leadMedia),
      status: 'draft',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeContent(db, id, content);
  return id;
}

/**
 * Replaces a story's content when its revision is still `expectedRevision` (compare and set) and bumps
 * the revision; false when another save came first. A slug left behind by a published story is kept
 * so that its old address redirects.
 */
export async function updateStoryContent(
  anyDb: AnyDb,
  id: number,
  expectedRevision: number,
  content: StoryContent,
): Promise<boolean> {
  const db = catalogDb(anyDb);
  const before = await db
    .selectFrom('stories')
    .select(['slug', 'first_published_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  const updated = await db
    .updateTable('stories')
    .set({
      slug: content.slug,
      ...leadColumns(content.leadMedia),
      revision: sql`revision + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('revision', '=', expectedRevision)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1 || !before) return false;
  if (before.slug !== content.slug) {
    await db.deleteFrom('story_slugs').where('slug', '=', content.slug).execute();
    if (before.first_published_at !== null)
      await db
        .insertInto('story_slugs')
        .values({ slug: before.slug, story_id: id })
        .onConflict((oc) => oc.column('slug').doNothing())
        .execute();
  }
  await writeContent(db, id, content);
  return true;
}

export interface StoryState {
  status: StoryStatus;
  publishAt: Date | null;
  publishTimeZone: string | null;
  publishedAt: Date | null;
}

/** Moves a story in the workflow (compare and set on the revision, which is bumped). */
export async function setStoryState(
  anyDb: AnyDb,
  id: number,
  expectedRevision: number,
  state: StoryState,
): Promise<boolean> {
  const db = catalogDb(anyDb);
  const updated = await db
    .updateTable('stories')
    .set({
      status: state.status,
      publish_at: state.publishAt,
      publish_time_zone: state.publishTimeZone,
      published_at: state.publishedAt,
      first_published_at: state.publishedAt
        ? sql`coalesce(first_published_at, ${state.publishedAt})`
        : sql`first_published_at`,
      revision: sql`revision + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('revision', '=', expectedRevision)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export async function deleteStoryRow(anyDb: AnyDb, id: number): Promise<void> {
  const db = catalogDb(anyDb);
  await db.deleteFrom('stories').where('id', '=', id).execute();
}

export interface StoryRevision {
  n: number;
  authorId: string | null;
  author: string;
  at: Date;
  summary: string;
  snapshot: StoryContent;
}

export async function insertRevision(
  anyDb: AnyDb,
  storyId: number,
  revision: Omit<StoryRevision, 'at'>,
): Promise<void> {
  const db = catalogDb(anyDb);
  await db
    .insertInto('story_revisions')
    .values({
      story_id: storyId,
      n: revision.n,
      author_id: revision.authorId,
      author_name: revision.author,
      summary: revision.summary,
      snapshot: JSON.stringify(revision.snapshot),
    })
    .execute();
}

export async function listRevisions(anyDb: AnyDb, storyId: number): Promise<StoryRevision[]> {
  const db = catalogDb(anyDb);
  const rows = await db
    .selectFrom('story_revisions')
    .selectAll()
    .where('story_id', '=', storyId)
    .orderBy('n', 'desc')
    .execute();
  return rows.map((r) => ({
    n: r.n,
    authorId: r.author_id,
    author: r.author_name,
    at: new Date(r.at),
    summary: r.summary,
    snapshot: r.snapshot as StoryContent,
  }));
}
