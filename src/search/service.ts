/**
 * One search as the page and the API ask it: parameters checked (each problem a message key), the
 * stop-word check, the query, "did you mean" when nothing matched, and the hits completed with what
 * the catalogue says of their videos now (duration, timecodes of a shot, poster when the viewer may
 * watch) and the link each opens: a story, a video, a video with the shot selected (`?in=&out=`), or
 * the photo or audio item on the story that shows it (with a photo's thumbnail, an audio item's length).
 */
import { getVideo, posterUrl, type StoryVideo } from '../catalog/public.ts';
import { frameToTimecode } from '../lib/timecode/timecode.ts';
import { photoFileUrl } from '../photos/public.ts';
import type { SearchDb } from './db.ts';
import { checkQuery, type QueryProblem } from './query-text.ts';
import {
  COUNT_CAP,
  KINDS,
  type Lang,
  queryTerms,
  type SearchRequest,
  type SearchResult,
  search,
} from './search.ts';
import { suggest } from './suggest.ts';
import type { SearchKind } from './tables.ts';

export type SearchProblem =
  | QueryProblem
  | 'stop_words'
  | 'invalid_type'
  | 'invalid_language'
  | 'invalid_date'
  | 'invalid_range'
  | 'invalid_sort'
  | 'invalid_page';

/** Raw parameters, as the query string gives them. */
export interface SearchParams {
  q?: unknown;
  type?: unknown;
  language?: unknown;
  topic?: unknown;
  from?: unknown;
  to?: unknown;
  sort?: unknown;
  page?: unknown;
  at?: unknown;
}

export const MAX_PAGE = 500;

/** What the viewer may do with each of these videos at `at` (the one video rule). */
export type VideoAccessFn = (
  videoIds: string[],
  at: Date,
) => Promise<Map<string, { see: boolean; watch: boolean }>>;

export interface SearchItem {
  type: SearchKind;
  id: string;
  lang: Lang;
  slug?: string;
  videoId?: string;
  in?: string;
  out?: string;
  inFrame?: number;
  outFrame?: number;
  title: string;
  titleHtml: string;
  snippet: string;
  publishedAt: string;
  durationFrames?: number;
  /** An audio item's length. */
  durationMs?: number;
  fps?: string;
  posterUrl?: string;
  /** The page the hit opens: a story in its own language, a video in the page's language. */
  url: string;
}

export interface SearchAnswer {
  query: string;
  items: SearchItem[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  /** More than `total` matched (counting stops at COUNT_CAP): `total` and the facets are lower bounds. */
  capped: boolean;
  /** The facets were counted over the first COUNT_CAP + 1 matches only: lower bounds. */
  facetsCapped: boolean;
  at: string;
  facets: SearchResult['facets'];
  suggestion?: string;
}

export type Outcome =
  | { ok: true; request: SearchRequest; answer: SearchAnswer }
  | { ok: false; problem: SearchProblem; query: string };

function text(value: unknown): string | undefined {
  if (Array.isArray(value)) return text(value[0]);
  return typeof value === 'string' ? value : undefined;
}

function day(value: string | undefined, end: boolean): Date | null | undefined {
  if (value === undefined || value.trim() === '') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value.trim()) return undefined;
  return end ? new Date(date.getTime() + 86_400_000 - 1) : date;
}

/** Pure: the parameters as a request, or the first problem found. */
export function parseParams(
  params: SearchParams,
  lang: Lang,
  now: Date,
): { ok: true; request: SearchRequest } | { ok: false; problem: SearchProblem; query: string } {
  const rawQuery = text(params.q) ?? '';
  const checked = checkQuery(rawQuery);
  const query = checked.ok ? checked.text : rawQuery.slice(0, 200);
  if (!checked.ok)
    return {
      ok: false,
      problem: checked.problem,
      query: checked.problem === 'invalid_characters' ? '' : query,
    };
  const fail = (problem: SearchProblem) => ({ ok: false as const, problem, query });
  let types: SearchKind[] | null = null;
  const rawTypes = Array.isArray(params.type) ? params.type.join(',') : text(params.type);
  if (rawTypes?.trim()) {
    const list = rawTypes
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (!list.every((t) => (KINDS as readonly string[]).includes(t))) return fail('invalid_type');
    types = [...new Set(list)] as SearchKind[];
  }
  const rawLanguage = text(params.language)?.trim();
  if (rawLanguage && rawLanguage !== 'fr' && rawLanguage !== 'en') return fail('invalid_language');
  const from = day(text(params.from), false);
  const to = day(text(params.to), true);
  if (from === undefined || to === undefined) return fail('invalid_date');
  if (from && to && from > to) return fail('invalid_range');
  const rawSort = text(params.sort)?.trim() || 'relevance';
  if (rawSort !== 'relevance' && rawSort !== 'date') return fail('invalid_sort');
  const rawPage = text(params.page)?.trim() || '1';
  const page = /^\d{1,6}$/.test(rawPage) ? Number(rawPage) : Number.NaN;
  if (!(page >= 1 && page <= MAX_PAGE)) return fail('invalid_page');
  // The snapshot time of the first page; never in the future (that would show scheduled stories).
  const at = new Date(text(params.at) ?? '');
  const topic = text(params.topic)?.trim().slice(0, 100) || null;
  return {
    ok: true,
    request: {
      text: query,
      lang,
      types,
      language: (rawLanguage || null) as Lang | null,
      topic,
      from,
      to,
      sort: rawSort,
      page,
      at: Number.isNaN(at.getTime()) || at > now ? now : at,
    },
  };
}

function timing(video: StoryVideo | null) {
  if (!video?.fps) return null;
  const [num = 25, den = 1] = video.fps.split('/').map(Number);
  return {
    fps: video.fps,
    start: video.startTimecode ?? '00:00:00:00',
    format: { rate: { num, den }, dropFrame: (video.startTimecode ?? '').includes(';') },
  };
}

export async function runSearch(
  db: SearchDb,
  params: SearchParams,
  lang: Lang,
  access: VideoAccessFn,
  now = new Date(),
  countCap = COUNT_CAP,
): Promise<Outcome> {
  const parsed = parseParams(params, lang, now);
  if (!parsed.ok) return parsed;
  const { request } = parsed;
  const terms = await queryTerms(db, request.text);
  if (terms[lang] === 0) return { ok: false, problem: 'stop_words', query: request.text };
  const accessCache = new Map<string, { see: boolean; watch: boolean }>();
  const result = await search(
    db,
    request,
    async (ids, at) => {
      const decided = await access(ids, at);
      for (const [id, a] of decided) accessCache.set(id, a);
      return new Set(ids.filter((id) => decided.get(id)?.see));
    },
    countCap,
  );
  const videoIds = [...new Set(result.items.flatMap((i) => (i.videoId ? [i.videoId] : [])))];
  const videos = new Map(
    await Promise.all(videoIds.map(async (id) => [id, await getVideo(db, lang, id)] as const)),
  );
  const items = result.items.map((hit): SearchItem => {
    const common = {
      type: hit.type,
      lang: hit.lang,
      title: hit.title,
      titleHtml: hit.titleHtml,
      snippet: hit.snippet,
      publishedAt: hit.publishedAt.toISOString(),
    };
    if (hit.type === 'story') {
      const slug = hit.slug ?? '';
      return {
        ...common,
        id: String(hit.storyId),
        slug,
        url: `/${hit.lang}/stories/${encodeURIComponent(slug)}`,
      };
    }
    if (hit.type === 'photo' || hit.type === 'audio') {
      const id = hit.mediaId ?? '';
      const slug = hit.slug ?? '';
      return {
        ...common,
        id,
        slug,
        ...(hit.type === 'photo' ? { posterUrl: photoFileUrl(id, 'thumb') } : {}),
        ...(hit.type === 'audio' && hit.durationMs ? { durationMs: hit.durationMs } : {}),
        url: `/${lang}/stories/${encodeURIComponent(slug)}#${hit.type}-${encodeURIComponent(id)}`,
      };
    }
    const videoId = hit.videoId ?? '';
    const video = videos.get(videoId) ?? null;
    const watch = accessCache.get(videoId)?.watch ?? false;
    const extra = {
      videoId,
      ...(hit.slug ? { slug: hit.slug } : {}),
      ...(watch && video?.hasPoster ? { posterUrl: posterUrl(videoId) } : {}),
      ...(video?.fps ? { fps: video.fps } : {}),
    };
    const videoPath = `/${lang}/videos/${encodeURIComponent(videoId)}`;
    if (hit.type === 'video') {
      return {
        ...common,
        ...extra,
        id: videoId,
        ...(video?.durationFrames ? { durationFrames: video.durationFrames } : {}),
        url: videoPath,
      };
    }
    const inFrame = hit.inFrame ?? 0;
    const outFrame = hit.outFrame ?? inFrame;
    const t = timing(video);
    let inTc: string | undefined;
    let outTc: string | undefined;
    try {
      inTc = t ? frameToTimecode(inFrame, t.start, t.format) : undefined;
      outTc = t ? frameToTimecode(outFrame, t.start, t.format) : undefined;
    } catch {
      inTc = undefined;
      outTc = undefined;
    }
    const selection =
      inTc && outTc ? `?in=${encodeURIComponent(inTc)}&out=${encodeURIComponent(outTc)}#clip-${videoId}` : '';
    return {
      ...common,
      ...extra,
      id: `${videoId}:${hit.shotIndex ?? 0}`,
      inFrame,
      outFrame,
      ...(inTc && outTc ? { in: inTc, out: outTc } : {}),
      durationFrames: outFrame - inFrame,
      url: `${videoPath}${selection}`,
    };
  });
  const suggestion = result.total === 0 ? await suggest(db, request.text, lang) : null;
  return {
    ok: true,
    request,
    answer: {
      query: request.text,
      items,
      total: result.total,
      page: result.page,
      pageSize: result.pageSize,
      pages: Math.max(1, Math.ceil(result.total / result.pageSize)),
      capped: result.capped,
      facetsCapped: result.facetsCapped,
      at: request.at.toISOString(),
      facets: result.facets,
      ...(suggestion ? { suggestion } : {}),
    },
  };
}
