/**
 * Rich previews in a page's <head>: Open Graph and Twitter card tags, a canonical link, and JSON-LD
 * (`NewsArticle` for a story, `VideoObject` for a video with each shotlist row as a `Clip`), in the
 * page's language, with absolute URLs (PUBLIC_URL). What a link pasted in a chat shows is what an
 * anonymous visitor may see: the image is a poster only when anyone may watch its video. Attribute
 * values are escaped by `html`; the JSON-LD is serialised so that no `<`, `>` or `&` appears in it.
 */
import type { VideoAccess } from '../downloads/public.ts';
import { frameToTimecode } from '../lib/timecode/timecode.ts';
import { html, raw, type SafeHtml } from '../web/html.ts';
import type { PageContext } from '../web/layout.ts';
import type { CatalogDeps } from './deps.ts';
import { firstStoryOfVideos } from './search-source.ts';
import type { StoryDetail, StoryVideo } from './stories.ts';
import { findPublishedStory } from './story-lookup.ts';
import { posterUrl, previewFileUrl } from './views.ts';

const LOCALES = { fr: 'fr_FR', en: 'en_GB' } as const;

/** JSON for a <script> element: `<`, `>`, `&` and the two line separators as \u escapes. */
export function jsonLd(value: unknown): SafeHtml {
  const json = JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return raw(`<script type="application/ld+json">${json}</script>`);
}

export function seconds(frames: number, fps: string | null): number | null {
  if (!fps) return null;
  const [num = 0, den = 1] = fps.split('/').map(Number);
  return num > 0 && den > 0 ? Math.round(((frames * den) / num) * 1000) / 1000 : null;
}

/** ISO 8601 duration, e.g. PT1M4S. */
export function isoDuration(total: number): string {
  const s = Math.max(0, Math.round(total));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s % 60 || (!h && !m) ? `${s % 60}S` : ''}`;
}

function cut(text: string, max = 300): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

interface Preview {
  type: 'article' | 'video.other';
  url: string;
  title: string;
  description: string;
  image: string | null;
  /** The other language's version of the page, when it exists. */
  otherLanguage: boolean;
  extra?: SafeHtml;
}

function tags(ctx: PageContext, p: Preview): SafeHtml {
  const other = ctx.lang === 'fr' ? 'en' : 'fr';
  return html`<link rel="canonical" href="${p.url}">
<meta property="og:type" content="${p.type}">
<meta property="og:site_name" content="${ctx.t('site.name')}">
<meta property="og:url" content="${p.url}">
<meta property="og:title" content="${p.title}">
<meta property="og:description" content="${p.description}">
<meta property="og:locale" content="${LOCALES[ctx.lang]}">
${p.otherLanguage ? html`<meta property="og:locale:alternate" content="${LOCALES[other]}">\n` : ''}${
  p.image
    ? html`<meta property="og:image" content="${p.image}">\n<meta property="og:image:alt" content="${p.title}">\n`
    : ''
}<meta name="twitter:card" content="${p.image ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${p.title}">
<meta name="twitter:description" content="${p.description}">
${p.image ? html`<meta name="twitter:image" content="${p.image}">\n` : ''}${p.extra ?? ''}`;
}

/** What an anonymous visitor may do with each video: asked once for the list (none when given). */
export type AnonymousAccess = ReadonlyMap<string, VideoAccess>;

async function anonymousPosters(
  deps: CatalogDeps,
  videos: StoryVideo[],
  now: Date,
  known?: AnonymousAccess,
): Promise<StoryVideo[]> {
  const access =
    known ??
    (await deps.videoAccess(
      { kind: 'anonymous' },
      videos.map((v) => v.id),
      now,
    ));
  return videos.filter((v) => v.hasPoster && access.get(v.id)?.watch);
}

/**
 * The head of a published story's page. `anonymous`: the anonymous access to the story's videos at
 * `now` when the page has it already (an anonymous visitor's page), so that it is not asked again.
 */
export async function storyPreviewHead(
  deps: CatalogDeps,
  ctx: PageContext,
  story: StoryDetail,
  now = new Date(),
  anonymous?: AnonymousAccess,
): Promise<SafeHtml> {
  const url = `${ctx.publicUrl}/${ctx.lang}/stories/${encodeURIComponent(story.slug)}`;
  const watchable = await anonymousPosters(deps, story.videos, now, anonymous);
  const image = watchable[0] ? `${ctx.publicUrl}${posterUrl(watchable[0].id)}` : null;
  const address = await findPublishedStory(deps.db, story.slug, now);
  const description = cut(story.standfirst || story.title);
  const article = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: cut(story.title, 110),
    description,
    inLanguage: ctx.lang,
    datePublished: story.publishedAt.toISOString(),
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    ...(image ? { image: [image] } : {}),
    ...(story.topics.length > 0 ? { keywords: story.topics.map((t) => t.name).join(', ') } : {}),
    publisher: { '@type': 'Organization', name: ctx.t('site.name'), url: `${ctx.publicUrl}/${ctx.lang}/` },
  };
  const published = html`<meta property="article:published_time" content="${story.publishedAt.toISOString()}">
${story.topics.map((t) => html`<meta property="article:tag" content="${t.name}">\n`)}${jsonLd(article)}`;
  return tags(ctx, {
    type: 'article',
    url,
    title: story.title,
    description,
    image,
    otherLanguage: Boolean(address?.languages.includes(ctx.lang === 'fr' ? 'en' : 'fr')),
    extra: published,
  });
}

function timing(video: StoryVideo) {
  const [num = 25, den = 1] = (video.fps ?? '25/1').split('/').map(Number);
  return { rate: { num, den }, dropFrame: (video.startTimecode ?? '').includes(';') };
}

/**
 * The head of a video's page (the viewer may see it; what a link shows is what anyone may).
 * `anonymous` as for a story's.
 */
export async function videoPreviewHead(
  deps: CatalogDeps,
  ctx: PageContext,
  video: StoryVideo,
  story: { slug: string; title: string } | null,
  now = new Date(),
  anonymous?: AnonymousAccess,
): Promise<SafeHtml> {
  const path = `/${ctx.lang}/videos/${encodeURIComponent(video.id)}`;
  const url = `${ctx.publicUrl}${path}`;
  const watch = (await anonymousPosters(deps, [video], now, anonymous)).length > 0;
  const image = watch ? `${ctx.publicUrl}${posterUrl(video.id)}` : null;
  const shots = video.shotlist.map((s) => (ctx.lang === 'fr' ? s.fr || s.en : s.en || s.fr)).filter(Boolean);
  const description = cut(shots.join(' · ') || story?.title || video.title);
  const first = (await firstStoryOfVideos(deps.db, [video.id])).get(video.id);
  const total = video.durationFrames ? seconds(video.durationFrames, video.fps) : null;
  const start = video.startTimecode ?? '00:00:00:00';
  const clips = video.shotlist.flatMap((shot) => {
    const startOffset = seconds(shot.inFrame, video.fps);
    const endOffset = seconds(shot.outFrame, video.fps);
    if (startOffset === null || endOffset === null) return [];
    let selection = '';
    try {
      const format = timing(video);
      selection = `?in=${encodeURIComponent(frameToTimecode(shot.inFrame, start, format))}&out=${encodeURIComponent(frameToTimecode(shot.outFrame, start, format))}`;
    } catch {
      selection = '';
    }
    const name = (ctx.lang === 'fr' ? shot.fr || shot.en : shot.en || shot.fr) || video.title;
    return [{ '@type': 'Clip', name: cut(name, 200), startOffset, endOffset, url: `${url}${selection}` }];
  });
  const object = {
    '@context': 'https://schema.org',
    '@type': 'VideoObject',
    name: video.title,
    description,
    inLanguage: ctx.lang,
    url,
    ...(image ? { thumbnailUrl: [image] } : {}),
    ...(first ? { uploadDate: first.publishedAt.toISOString() } : {}),
    ...(total ? { duration: isoDuration(total) } : {}),
    ...(watch ? { contentUrl: `${ctx.publicUrl}${previewFileUrl(video.id, 'master.m3u8')}` } : {}),
    ...(clips.length > 0 ? { hasPart: clips } : {}),
    publisher: { '@type': 'Organization', name: ctx.t('site.name'), url: `${ctx.publicUrl}/${ctx.lang}/` },
  };
  return tags(ctx, {
    type: 'video.other',
    url,
    title: video.title,
    description,
    image,
    otherLanguage: true,
    extra: html`${total ? html`<meta property="video:duration" content="${Math.round(total)}">\n` : ''}${jsonLd(object)}`,
  });
}
