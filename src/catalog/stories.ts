/** Reading the catalogue: stories in one language with their videos. */
import { type Kysely, sql } from 'kysely';
import type { EditorAudioStream } from '../clips/public.ts';
import type { Shot } from '../media/public.ts';
import type { Database } from '../platform/db/schema.ts';
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

type Db = Kysely<Database>;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listStories(
  db: Db,
  lang: Language,
  options: { page?: number; query?: string; now?: Date; topic?: string } = {},
): Promise<Page<StorySummary>> {
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
      sql<
        string | null
      >`(select sv.video_id from story_videos sv join videos v on v.id = sv.video_id where sv.story_id = s.id and v.poster_path is not null order by sv.position limit 1)`.as(
        'poster_video_id',
      ),
    ])
    .orderBy('s.published_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  return {
    items: rows.map((r) => ({
      slug: r.slug,
      title: r.title,
      standfirst: r.standfirst,
      publishedAt: new Date(r.published_at ?? now),
      videoIds: r.video_ids,
      posterVideoId: r.poster_video_id,
    })),
    page,
    pageSize: PAGE_SIZE,
    total: Number(total),
  };
}

function toStoryVideo(
  lang: Language,
  v: {
    id: string;
    title_fr: string;
    title_en: string;
    status: StoryVideo['status'];
    progress: number;
    poster_path: string | null;
    preview_state: 'none' | 'partial' | 'complete';
    error_code: string | null;
    master_sha256: string | null;
    master_size: string | null;
    info: {
      containerFamily: string;
      video: { codec: string };
      audio?: EditorAudioStream[];
    } | null;
    shotlist: Shot[];
    fps_num: number | null;
    fps_den: number | null;
    duration_frames: number | null;
    start_timecode: string | null;
  },
): StoryVideo {
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

const VIDEO_COLUMNS = [
  'v.id',
  'v.title_fr',
  'v.title_en',
  'v.status',
  'v.progress',
  'v.poster_path',
  'v.preview_state',
  'v.error_code',
  'v.master_sha256',
  'v.master_size',
  'v.info',
  'v.shotlist',
  'v.fps_num',
  'v.fps_den',
  'v.duration_frames',
  'v.start_timecode',
] as const;

/** One published story by its current slug, in one language (null: none, or not in that language). */
export async function getStory(
  db: Db,
  lang: Language,
  slug: string,
  now = new Date(),
): Promise<StoryDetail | null> {
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
  db: Db,
  lang: Language,
  id: number,
  asOf = new Date(),
): Promise<StoryDetail | null> {
  const story = await db
    .selectFrom('stories as s')
    .innerJoin('story_translations as t', (join) =>
      join.onRef('t.story_id', '=', 's.id').on('t.language', '=', lang),
    )
    .select(['s.id', 's.slug', 's.published_at', 't.title', 't.standfirst', 't.body'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!story) return null;
  const [videos, topics] = await Promise.all([
    db
      .selectFrom('story_videos as sv')
      .innerJoin('videos as v', 'v.id', 'sv.video_id')
      .select(VIDEO_COLUMNS)
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
  const storyVideos = videos.map((v) => toStoryVideo(lang, v));
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
  db: Db,
  lang: Language,
  now = new Date(),
): Promise<(StoryVideo & { storySlug: string })[]> {
  const rows = await db
    .selectFrom('videos as v')
    .innerJoin('story_videos as sv', 'sv.video_id', 'v.id')
    .innerJoin('stories as s', 's.id', 'sv.story_id')
    .select([...VIDEO_COLUMNS, 's.slug'])
    .where('s.status', '=', 'published')
    .where('s.published_at', '<=', now)
    .orderBy('s.published_at', 'desc')
    .orderBy('sv.position')
    .execute();
  return rows.map((r) => ({ ...toStoryVideo(lang, r), storySlug: r.slug }));
}

export async function getVideo(db: Db, lang: Language, id: string): Promise<StoryVideo | null> {
  const row = await db
    .selectFrom('videos as v')
    .select(VIDEO_COLUMNS)
    .where('v.id', '=', id)
    .executeTakeFirst();
  return row ? toStoryVideo(lang, row) : null;
}

/** A video with the first published story it belongs to (for the video page). */
export async function getVideoPage(
  db: Db,
  lang: Language,
  id: string,
  now = new Date(),
): Promise<{ video: StoryVideo; story: { slug: string; title: string } | null } | null> {
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
