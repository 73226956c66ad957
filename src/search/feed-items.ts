/**
 * What a feed carries, read through the owners' public modules: the latest published stories of a
 * language (of one topic, or all), or the newest hits of a search (the search page's own engine,
 * by date). Feeds are public and the same for everyone: videos appear only when an anonymous visitor
 * may watch them (the one video rule, as `publicAccess`), so embargoed and hidden videos, drafts,
 * scheduled and unpublished stories never do.
 */
import { getStory, getVideo, listStories, posterUrl, type StoryVideo } from '../catalog/public.ts';
import type { Lang, Translator } from '../web/i18n/index.ts';
import type { SearchDb } from './db.ts';
import type { FeedEntry, FeedVideo } from './feed-xml.ts';
import { runSearch, type SearchItem, type SearchProblem, type VideoAccessFn } from './service.ts';

/** Stories in a language or topic feed (two catalogue pages). */
const STORY_PAGES = 2;

export function durationSeconds(frames: number | null, fps: string | null): number | null {
  if (!frames || !fps) return null;
  const [num = 0, den = 1] = fps.split('/').map(Number);
  return num > 0 && den > 0 ? (frames * den) / num : null;
}

export function clockDuration(seconds: number): string {
  const s = Math.round(seconds);
  const hms = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  return hms[0]
    ? `${hms[0]}:${String(hms[1]).padStart(2, '0')}:${String(hms[2]).padStart(2, '0')}`
    : `${hms[1]}:${String(hms[2]).padStart(2, '0')}`;
}

/** Pure: `<mark>` snippet HTML back to plain text. */
export function plainSnippet(snippet: string): string {
  const entities: Record<string, string> = {
    '&amp;': '&',
    '&lt;': '<',
    '&gt;': '>',
    '&quot;': '"',
    '&#39;': "'",
  };
  return snippet.replace(/<\/?mark>/g, '').replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => entities[e] ?? e);
}

export interface FeedContext {
  db: SearchDb;
  publicUrl: string;
  lang: Lang;
  t: Translator;
  publicAccess: VideoAccessFn;
}

function feedVideo(ctx: FeedContext, video: StoryVideo): FeedVideo {
  const seconds = durationSeconds(video.durationFrames, video.fps);
  return {
    title: video.title,
    url: `${ctx.publicUrl}/media/previews/${encodeURIComponent(video.id)}/master.m3u8`,
    poster: video.hasPoster ? `${ctx.publicUrl}${posterUrl(video.id)}` : null,
    durationSeconds: seconds,
    label: ctx.t('reach.feed.video', {
      title: video.title,
      duration: seconds ? clockDuration(seconds) : '–',
    }),
  };
}

type Access = Map<string, { see: boolean; watch: boolean }>;

/** What an anonymous visitor may do with these videos now (one question for a whole feed). */
function accessOf(ctx: FeedContext, videos: StoryVideo[], now: Date): Promise<Access> {
  return ctx.publicAccess([...new Set(videos.map((v) => v.id))], now);
}

/** Of these videos, those an anonymous visitor may watch that have something to play. */
function playable(videos: StoryVideo[], access: Access): StoryVideo[] {
  return videos.filter((v) => access.get(v.id)?.watch && v.status === 'ready' && v.previewState !== 'none');
}

/** Published stories by language and slug, as entries (those gone since listed are left out). */
async function storyEntries(
  ctx: FeedContext,
  refs: { lang: Lang; slug: string }[],
  now: Date,
): Promise<Map<string, FeedEntry>> {
  const stories = await Promise.all(
    refs.map(async (ref) => ({ ref, story: await getStory(ctx.db, ref.lang, ref.slug, now) })),
  );
  const access = await accessOf(
    ctx,
    stories.flatMap((s) => s.story?.videos ?? []),
    now,
  );
  const entries = new Map<string, FeedEntry>();
  for (const { ref, story } of stories) {
    if (!story) continue;
    const videos = playable(story.videos, access).map((v) => feedVideo(ctx, v));
    const url = `${ctx.publicUrl}/${ref.lang}/stories/${encodeURIComponent(story.slug)}`;
    entries.set(`${ref.lang}:${ref.slug}`, {
      id: url,
      title: story.title,
      summary: story.standfirst,
      url,
      publishedAt: story.publishedAt,
      image: videos.find((v) => v.poster)?.poster ?? null,
      videos,
      categories: story.topics.map((t) => t.name),
    });
  }
  return entries;
}

/** The latest published stories in the context's language, of one topic or all. */
export async function storyFeedEntries(
  ctx: FeedContext,
  topic: string | null,
  now = new Date(),
): Promise<FeedEntry[]> {
  const slugs: string[] = [];
  for (let page = 1; page <= STORY_PAGES; page += 1) {
    const listed = await listStories(ctx.db, ctx.lang, { page, now, ...(topic ? { topic } : {}) });
    slugs.push(...listed.items.map((s) => s.slug));
    if (page * listed.pageSize >= listed.total) break;
  }
  const entries = await storyEntries(
    ctx,
    slugs.map((slug) => ({ lang: ctx.lang, slug })),
    now,
  );
  return slugs.flatMap((slug) => entries.get(`${ctx.lang}:${slug}`) ?? []);
}

async function videoEntry(ctx: FeedContext, item: SearchItem, now: Date): Promise<FeedEntry | null> {
  if (!item.videoId) return null;
  const video = await getVideo(ctx.db, ctx.lang, item.videoId);
  if (!video || playable([video], await accessOf(ctx, [video], now)).length === 0) return null;
  const media = feedVideo(ctx, video);
  const title =
    item.type === 'shot' && item.in && item.out
      ? ctx.t('reach.feed.shot', { in: item.in, out: item.out, title: video.title })
      : video.title;
  return {
    id: `${ctx.publicUrl}${item.url}`,
    title,
    summary: plainSnippet(item.snippet) || video.title,
    url: `${ctx.publicUrl}${item.url}`,
    publishedAt: new Date(item.publishedAt),
    image: media.poster,
    videos: [media],
    categories: [],
  };
}

/** A photo or audio item found: a link to it on the story that shows it (a photo's thumbnail as image). */
function mediaEntry(ctx: FeedContext, item: SearchItem): FeedEntry {
  return {
    id: `${ctx.publicUrl}${item.url}`,
    title: item.title,
    summary: plainSnippet(item.snippet) || item.title,
    url: `${ctx.publicUrl}${item.url}`,
    publishedAt: new Date(item.publishedAt),
    image: item.type === 'photo' && item.posterUrl ? `${ctx.publicUrl}${item.posterUrl}` : null,
    videos: [],
    categories: [],
  };
}

export type SearchFeed =
  | { ok: true; query: string; entries: FeedEntry[] }
  | { ok: false; problem: SearchProblem };

/** The newest hits of a search, as the search page finds them (sorted by date), for anyone. */
export async function searchFeedEntries(
  ctx: FeedContext,
  params: { q: string; topic?: string | null; type?: string; language?: string },
  now = new Date(),
): Promise<SearchFeed> {
  const outcome = await runSearch(
    ctx.db,
    {
      q: params.q,
      topic: params.topic ?? undefined,
      type: params.type,
      language: params.language,
      sort: 'date',
    },
    ctx.lang,
    ctx.publicAccess,
    now,
  );
  if (!outcome.ok) return { ok: false, problem: outcome.problem };
  const { items } = outcome.answer;
  const stories = await storyEntries(
    ctx,
    items.flatMap((i) => (i.type === 'story' ? [{ lang: i.lang, slug: i.slug ?? '' }] : [])),
    now,
  );
  const entries = await Promise.all(
    items.map(async (item) =>
      item.type === 'story'
        ? (stories.get(`${item.lang}:${item.slug ?? ''}`) ?? null)
        : item.type === 'photo' || item.type === 'audio'
          ? mediaEntry(ctx, item)
          : videoEntry(ctx, item, now),
    ),
  );
  return {
    ok: true,
    query: outcome.answer.query,
    entries: entries.filter((e): e is FeedEntry => e !== null),
  };
}
