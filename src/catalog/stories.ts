/** Reading the catalogue: stories in one language with their videos. */
import { sql } from 'kysely';
import type { EditorAudioStream } from '../clips/public.ts';
import { type Shot, type VideoRecord, videoRecord, videoRecords } from '../media/public.ts';
import type { AnyDb } from '../platform/db/schema.ts';
import { catalogDb } from './db.ts';
import type { Language } from './tables.ts';

export interface StorySummary {
  slug: string;
  title: string;
  standfirst: string;
  publishedAt: Date;
  videoIds: string[];
  posterVideoId: string | null;
}

export interface StoryVideo {
  id: string;
  title: string;
  status: 'processing' | 'ready' | 'failed';
  progress: number;
  hasPoster: boolean;
  /** none: nothing to play yet; partial: the first segments play while the rest encodes; complete. */
  previewState: 'none' | 'partial' | 'complete';
  /** Typed refusal code when ingest refused the file. */
  errorCode: string | null;
  master: {
    sha256: string;
    size: number;
    container: string;
    videoCodec: string;
    /** The master's audio streams (the clip editor offers a choice of them). */
    audio?: EditorAudioStream[];
  } | null;
  /** Shots as half-open frame ranges with FR and EN descriptions. */
  shotlist: Shot[];
  fps: string | null;
  durationFrames: number | null;
  startTimecode: string | null;
  /** Set when `title` is in the other language (the video has no title in the page's language). */
  titleLanguage?: Language;
  /** Set for a viewer who may see the video but not watch it (embargo): no player, poster, URLs. */
  withheld?: boolean;
}

export interface StoryDetail extends StorySummary {
  /** The body's paragraphs as plain text (the API's `body`, kept for its readers). */
  body: string[];
  /** The body as written: Markdown, rendered and sanitised by story-body.ts. */
  bodyMarkdown: string;
  videos: StoryVideo[];
  /** The story's topics, named in the page's language. */
  topics: { slug: string; name: string }[];
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export const PAGE_SIZE = 12;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listStories(
  anyDb: AnyDb,
  lang: Language,
  options: { page?: number; query?: string; now?: Date; topic?: string } = {},
): Promise<Page<StorySummary>> {
  const db = catalogDb(anyDb);
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const now = options.now ?? new Date();
  let base = db
    .selectFrom('stories as s')
    .innerJoin('story_translations as t', (join) =>
      join.onRef('t.story_id', '=', 's.id').on('t.language', '=', lang),
    )
    .where('s.status', '=', 'published')
    .where('s.published_at', '<=', now);
  if (options.topic) {
    const topic = options.topic;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('story_topics as st')
          .innerJoin('topics as tp', 'tp.id', 'st.topic_id')
          .select('st.story_id')
          .whereRef('st.story_id', '=', 's.id')
          .where('tp.slug', '=', topic),
      ),
    );
  }
  const query = options.query?.trim();
  if (query) {
    const words = query.split(/\s+/).slice(0, 8);
    for (const word of words) {
      const pattern = `%${escapeLike(word)}%`;
      base = base.where((eb) =>
        eb.or([
          eb('t.title', 'ilike', pattern),
          eb('t.standfirst', 'ilike', pattern),
          eb('t.body', 'ilike', pattern),
        ]),
      );
    }
  }
  const [{ total } = { total: 0 }] = await base
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .execute();
  const rows = await base
    .select([
      's.id',
      's.slug',
      's.published_at',
      't.title',
      't.standfirst',
      sql<
        string[]
      >`coalesce((select array_agg(sv.video_id order by sv.position) from story_videos sv where sv.story_id = s.id), '{}')`.as(
        'video_ids',
      ),
    ])
    .orderBy('s.published_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  // The poster is the first of the story's videos that has one (the videos are media's).
  const videos = await videoRecords(
    anyDb,
    rows.flatMap((r) => r.video_ids),
  );
  return {
    items: rows.map((r) => ({
      slug: r.slug,
      title: r.title,
      standfirst: r.standfirst,
      publishedAt: new Date(r.published_at ?? now),
      videoIds: r.video_ids,
      posterVideoId: r.video_ids.find((id) => videos.get(id)?.poster_path != null) ?? null,
    })),
    page,
    pageSize: PAGE_SIZE,
    total: Number(total),
  };
}

function toStoryVideo(lang: Language, v: VideoRecord): StoryVideo {
  return {
    id: v.id,
    // A title written in one language only is shown, marked, in the other (never passed off as its own).
    title: (lang === 'fr' ? v.title_fr : v.title_en) || (lang === 'fr' ? v.title_en : v.title_fr),
    ...((lang === 'fr' ? v.title_fr : v.title_en) ? {} : { titleLanguage: lang === 'fr' ? 'en' : 'fr' }),
    status: v.status,
    progress: Number(v.progress),
    hasPoster: v.poster_path !== null,
    previewState: v.preview_state,
    errorCode: v.error_code,
    shotlist: v.shotlist ?? [],
    master:
      v.master_sha256 && v.info
        ? {
            sha256: v.master_sha256,
            size: Number(v.master_size),
            container: v.info.containerFamily,
            videoCodec: v.info.video.codec,
            audio: (v.info.audio ?? []).map(({ index, channels, codec, language, title }) => ({
              index,
              channels,
              codec,
              language,
              title,
            })),
          }
        : null,
    fps: v.fps_num && v.fps_den ? `${v.fps_num}/${v.fps_den}` : null,
    durationFrames: v.duration_frames,
    startTimecode: v.start_timecode,
  };
}

/** One published story by its current slug, in one language (null: none, or not in that language). */
export async function getStory(
  anyDb: AnyDb,
  lang: Language,
  slug: string,
  now = new Date(),
): Promise<StoryDetail | null> {
  const db = catalogDb(anyDb);
  const story = await db
    .selectFrom('stories as s')
    .select('s.id')
    .where('s.slug', '=', slug)
    .where('s.status', '=', 'published')
    .where('s.published_at', '<=', now)
    .executeTakeFirst();
  return story ? loadStoryDetail(db, lang, story.id) : null;
}

/**
 * A story by id in one language whatever its status (the newsroom's preview: the same view as the
 * public page); publishedAt is `asOf` for a story not published yet. Null without that language.
 */
export async function loadStoryDetail(
  anyDb: AnyDb,
  lang: Language,
  id: number,
  asOf = new Date(),
): Promise<StoryDetail | null> {
  const db = catalogDb(anyDb);
  const story = await db
    .selectFrom('stories as s')
    .innerJoin('story_translations as t', (join) =>
      join.onRef('t.story_id', '=', 's.id').on('t.language', '=', lang),
    )
    .select(['s.id', 's.slug', 's.published_at', 't.title', 't.standfirst', 't.body'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!story) return null;
  const [videoIds, topics] = await Promise.all([
    db
      .selectFrom('story_videos as sv')
      .select('sv.video_id')
      .where('sv.story_id', '=', story.id)
      .orderBy('sv.position')
      .execute(),
    db
      .selectFrom('story_topics as st')
      .innerJoin('topics as tp', 'tp.id', 'st.topic_id')
      .select(['tp.slug', 'tp.name_fr', 'tp.name_en'])
      .where('st.story_id', '=', story.id)
      .orderBy('st.position')
      .execute(),
  ]);
  const records = await videoRecords(
    anyDb,
    videoIds.map((r) => r.video_id),
  );
  const storyVideos = videoIds.flatMap(({ video_id }) => {
    const record = records.get(video_id);
    return record ? [toStoryVideo(lang, record)] : [];
  });
  return {
    slug: story.slug,
    title: story.title,
    standfirst: story.standfirst,
    publishedAt: new Date(story.published_at ?? asOf),
    body: story.body
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean),
    bodyMarkdown: story.body,
    videoIds: storyVideos.map((v) => v.id),
    posterVideoId: storyVideos.find((v) => v.hasPoster)?.id ?? null,
    videos: storyVideos,
    topics: topics.map((t) => ({ slug: t.slug, name: lang === 'fr' ? t.name_fr : t.name_en })),
  };
}

export async function listVideos(
  anyDb: AnyDb,
  lang: Language,
  now = new Date(),
  /** The most recent ones only (the home page); all when absent. */
  limit?: number,
): Promise<(StoryVideo & { storySlug: string; publishedAt: Date })[]> {
  const db = catalogDb(anyDb);
  let query = db
    .selectFrom('story_videos as sv')
    .innerJoin('stories as s', 's.id', 'sv.story_id')
    .select(['sv.video_id', 's.slug', 's.published_at'])
    .where('s.status', '=', 'published')
    .where('s.published_at', '<=', now)
    .orderBy('s.published_at', 'desc')
    .orderBy('sv.position');
  if (limit !== undefined) query = query.limit(limit);
  const rows = await query.execute();
  const records = await videoRecords(
    anyDb,
    rows.map((r) => r.video_id),
  );
  return rows.flatMap((r) => {
    const record = records.get(r.video_id);
    return record
      ? [{ ...toStoryVideo(lang, record), storySlug: r.slug, publishedAt: new Date(r.published_at ?? now) }]
      : [];
  });
}

export async function getVideo(anyDb: AnyDb, lang: Language, id: string): Promise<StoryVideo | null> {
  const row = await videoRecord(anyDb, id);
  return row ? toStoryVideo(lang, row) : null;
}

/** A video with the first published story it belongs to (for the video page). */
export async function getVideoPage(
  anyDb: AnyDb,
  lang: Language,
  id: string,
  now = new Date(),
): Promise<{ video: StoryVideo; story: { slug: string; title: string } | null } | null> {
  const db = catalogDb(anyDb);
  const video = await getVideo(db, lang, id);
  if (!video) return null;
  const story = await db
    .selectFrom('story_videos as sv')
    .innerJoin('stories as s', 's.id', 'sv.story_id')
    .innerJoin('story_translations as t', (join) =>
      join.onRef('t.story_id', '=', 's.id').on('t.language', '=', lang),
    )
    .select(['s.slug', 't.title'])
    .where('sv.video_id', '=', id)
    .where('s.status', '=', 'published')
    .where('s.published_at', '<=', now)
    .orderBy('s.published_at', 'desc')
    .executeTakeFirst();
  return { video, story: story ?? null };
}
