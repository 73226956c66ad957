/** Views of the catalogue: story cards, a story, the videos list (the home page: home-view.ts). */

import { numberFormat } from '../lib/intl/formatters.ts';
import { html, raw, type SafeHtml } from '../web/html.ts';
import { formatDate } from '../web/i18n/index.ts';
import { formatFrameRate } from '../web/i18n/units.ts';
import { localPath, type PageContext } from '../web/layout.ts';
import { playerView } from './player-view.ts';
import type { Page, StoryDetail, StorySummary, StoryVideo } from './stories.ts';
import { renderStoryBody } from './story-body.ts';

export function previewFileUrl(videoId: string, file: string): string {
  return `/media/previews/${encodeURIComponent(videoId)}/${file}`;
}

/**
 * The video as a viewer who may see it but not watch it gets it (video-access.ts): no player, poster
 * or preview URL; the title, timings and the download panel stay.
 */
export function watchable(video: StoryVideo, watch: boolean): StoryVideo {
  return watch ? video : { ...video, hasPoster: false, previewState: 'none', withheld: true };
}

export function posterUrl(videoId: string): string {
  return previewFileUrl(videoId, 'poster.jpg');
}

export function formatDuration(frames: number | null, fps: string | null): string | null {
  if (!frames || !fps) return null;
  const [num = 0, den = 1] = fps.split('/').map(Number);
  const seconds = Math.round((frames * den) / num);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function storyCard(ctx: PageContext, story: StorySummary, headingLevel: 'h2' | 'h3' = 'h2'): SafeHtml {
  const href = localPath(ctx.lang, `/stories/${story.slug}`);
  const heading =
    headingLevel === 'h2'
      ? html`<h2 class="card-title"><a href="${href}">${story.title}</a></h2>`
      : html`<h3 class="card-title"><a href="${href}">${story.title}</a></h3>`;
  return html`<article class="card">
  ${story.posterVideoId ? html`<img class="card-image" src="${posterUrl(story.posterVideoId)}" alt="" width="640" height="360" loading="lazy">` : ''}
  <div class="card-body">
    ${heading}
    <p class="meta"><time datetime="${story.publishedAt.toISOString()}" data-time="date">${formatDate(ctx.lang, story.publishedAt, ctx.timeZone)}</time></p>
    <p>${story.standfirst}</p>
  </div>
</article>`;
}

export function pagination(ctx: PageContext, page: Page<unknown>, extraQuery: string): SafeHtml {
  const pages = Math.ceil(page.total / page.pageSize);
  if (pages <= 1) return html``;
  const link = (n: number) => `${localPath(ctx.lang, ctx.path)}?${extraQuery}page=${n}`;
  return html`<nav class="pagination" aria-label="pagination">
  ${page.page > 1 ? html`<a rel="prev" href="${link(page.page - 1)}">${ctx.t('pagination.previous')}</a>` : ''}
  ${page.page < pages ? html`<a rel="next" href="${link(page.page + 1)}">${ctx.t('pagination.next')}</a>` : ''}
</nav>`;
}

function formatSize(bytes: number, lang: string): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const number = numberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    maximumFractionDigits: 1,
  }).format(value);
  return `${number} ${lang === 'fr' ? units[unit]?.replace('B', 'o') : units[unit]}`;
}

function errorMessage(ctx: PageContext, video: StoryVideo): string {
  const code = video.errorCode;
  if (code === 'not_media' || code === 'truncated' || code === 'no_video' || code === 'unreadable') {
    return ctx.t(`media.error.${code}`);
  }
  return ctx.t('media.error.failed');
}

/** The player: a server-rendered figure the client script enhances (player-view.ts). */
function player(ctx: PageContext, video: StoryVideo): SafeHtml {
  return playerView(ctx, video, {
    src: previewFileUrl(video.id, 'master.m3u8'),
    poster: posterUrl(video.id),
    // The thumbnails track is written when the preview completes: none asked for before (no 404s).
    thumbnails: video.previewState === 'complete' ? previewFileUrl(video.id, 'thumbs/thumbs.vtt') : '',
  });
}

/** ` lang="fr"` on a title shown in the other language than the page's. */
function titleLang(video: StoryVideo): SafeHtml {
  return video.titleLanguage ? html` lang="${video.titleLanguage}"` : html``;
}

export function videoFigure(
  ctx: PageContext,
  video: StoryVideo,
  /** `downloads`: the download panel (terms, credit, buttons) from the downloads feature. */
  options: { link?: boolean; downloads?: SafeHtml } = {},
): SafeHtml {
  const duration = formatDuration(video.durationFrames, video.fps);
  const percent = Math.round(video.progress * 100);
  let media: SafeHtml;
  if (video.withheld) {
    media = html`<p class="status embargo">${ctx.t('video.withheld')}</p>`;
  } else if (video.status === 'failed') {
    media = html`<p class="status status-failed">${errorMessage(ctx, video)}</p>`;
  } else if (video.previewState === 'none') {
    media = html`<p class="status" role="status"><span data-progress-label>${ctx.t('video.processing', { percent })}</span>
      <progress max="100" value="${percent}">${percent} %</progress></p>`;
  } else {
    media = html`${player(ctx, video)}${
      video.previewState === 'partial'
        ? html`<p class="status" role="status"><span data-progress-label>${ctx.t('player.partial')} (${percent} %)</span>
      <progress max="100" value="${percent}">${percent} %</progress></p>`
        : ''
    }`;
  }
  const watching = video.status === 'processing';
  return html`<figure class="video" id="video-${video.id}" data-video-id="${video.id}"${watching ? html` data-processing` : ''}>
  ${media}
  <figcaption>
    ${options.link === false ? html`<strong${titleLang(video)}>${video.title}</strong>` : html`<a href="${localPath(ctx.lang, `/videos/${video.id}`)}"><strong${titleLang(video)}>${video.title}</strong></a>`}
    ${video.titleLanguage ? html`<span class="meta">${ctx.t(`catalog.video.titleOnlyIn.${video.titleLanguage}`)}</span>` : ''}
    ${duration ? html`<span class="meta">${ctx.t('video.duration', { duration })}</span>` : ''}
    ${video.startTimecode ? html`<span class="meta">${ctx.t('video.startTimecode', { timecode: video.startTimecode })}</span>` : ''}
  </figcaption>
  ${options.downloads ?? ''}
</figure>`;
}

/**
 * A video's own page, laid out as a workspace: the player and, beside it (below it on a phone), the
 * tools: the selection form and the shotlist (`tools`, from the clips feature); the whole-file
 * downloads and the technical details follow.
 */
export function videoView(
  ctx: PageContext,
  video: StoryVideo,
  story: { slug: string; title: string } | null,
  downloads?: SafeHtml,
  tools?: SafeHtml,
): SafeHtml {
  return html`<article class="video-page">
  <h1${titleLang(video)}>${video.title}</h1>
  ${story ? html`<p class="meta"><a href="${localPath(ctx.lang, `/stories/${story.slug}`)}">${ctx.t('video.story', { title: story.title })}</a></p>` : ''}
  <div class="workspace">
    <div class="workspace-main">${videoFigure(ctx, video, { link: false })}</div>
    <div class="workspace-side">${tools ?? ''}${downloads ?? ''}</div>
  </div>
  ${
    video.fps || video.master
      ? html`<section aria-labelledby="details-heading">
    <h2 id="details-heading">${ctx.t('video.details')}</h2>
    <ul class="details">
      ${video.fps ? html`<li>${ctx.t('video.frameRate', { fps: formatFrameRate(ctx.lang, video.fps) })}</li>` : ''}
      ${video.startTimecode ? html`<li>${ctx.t('video.startTimecode', { timecode: video.startTimecode })}</li>` : ''}
      ${
        video.master
          ? html`<li>${ctx.t('video.master', { container: video.master.container.toUpperCase(), codec: video.master.videoCodec, size: formatSize(video.master.size, ctx.lang) })}</li>
      <li>${ctx.t('video.sha256')} <code class="sha">${video.master.sha256}</code></li>`
          : ''
      }
    </ul>
  </section>`
      : ''
  }
</article>`;
}

export function playerScript(): SafeHtml {
  return html`<link rel="stylesheet" href="/static/workspace.css">
<script type="module" src="/static/client/player.js"></script>
<script type="module" src="/static/client/clip-editor.js"></script>
<script type="module" src="/static/client/downloads.js"></script>`;
}

/** One medium of a story's media section, in the story's order (a photo comes rendered). */
export type StoryMediaItem =
  | { kind: 'video'; id: string }
  | { kind: 'photo' | 'audio'; id: string; html: SafeHtml };

export function storyView(
  ctx: PageContext,
  story: StoryDetail,
  downloads: ReadonlyMap<string, SafeHtml> = new Map(),
  media?: readonly StoryMediaItem[],
): SafeHtml {
  const byId = new Map(story.videos.map((v) => [v.id, v]));
  const section = media
    ? html`<section aria-labelledby="media-heading" class="story-videos story-media">
    <h2 id="media-heading">${ctx.t('photos.story.media')}</h2>
    ${media.map((m) => {
      if (m.kind !== 'video') return m.html;
      const video = byId.get(m.id);
      return video ? videoFigure(ctx, video, { downloads: downloads.get(video.id) }) : '';
    })}
  </section>`
    : html`<section aria-labelledby="videos-heading" class="story-videos">
    <h2 id="videos-heading">${ctx.t('story.videos')}</h2>
    ${story.videos.length === 0 ? html`<p>${ctx.t('story.noVideos')}</p>` : story.videos.map((v) => videoFigure(ctx, v, { downloads: downloads.get(v.id) }))}
  </section>`;
  return html`<article class="story">
  <header>
    <h1>${story.title}</h1>
    <p class="meta"><time datetime="${story.publishedAt.toISOString()}" data-time="date">${ctx.t('story.publishedOn', { date: formatDate(ctx.lang, story.publishedAt, ctx.timeZone) })}</time></p>
    <p class="standfirst">${story.standfirst}</p>
  </header>
  ${section}
  <div class="story-body">${raw(renderStoryBody(story.bodyMarkdown, (id) => embeddedVideo(ctx, story, id)))}</div>
  ${
    story.topics.length === 0
      ? ''
      : html`<nav class="story-topics" aria-label="${ctx.t('catalog.topics')}"><h2>${ctx.t('catalog.topics')}</h2><ul class="nav-list">${story.topics.map(
          (topic) =>
            html`<li><a href="${localPath(ctx.lang, `/topics/${topic.slug}`)}">${topic.name}</a></li>`,
        )}</ul></nav>`
  }
</article>`;
}

/** A `{{video:ID}}` of the body: a link to the story's video (its poster when the viewer may watch). */
function embeddedVideo(ctx: PageContext, story: StoryDetail, id: string): string | null {
  const video = story.videos.find((v) => v.id === id);
  if (!video) return null;
  return html`<figure class="story-embed"><a href="#video-${video.id}">${
    video.hasPoster
      ? html`<img src="${posterUrl(video.id)}" alt="" width="640" height="360" loading="lazy">`
      : ''
  }<span>${ctx.t('catalog.embed.video', { title: video.title })}</span></a></figure>`.value;
}

export function videosView(ctx: PageContext, videos: (StoryVideo & { storySlug: string })[]): SafeHtml {
  return html`<h1>${ctx.t('videos.title')}</h1>
${
  videos.length === 0
    ? html`<p>${ctx.t('videos.empty')}</p>`
    : html`<ul class="cards plain">${videos.map(
        (v) => html`<li class="card">
  ${v.hasPoster ? html`<img class="card-image" src="${posterUrl(v.id)}" alt="" width="640" height="360" loading="lazy">` : ''}
  <div class="card-body"><h2 class="card-title"><a href="${localPath(ctx.lang, `/stories/${v.storySlug}`)}#video-${v.id}">${v.title}</a></h2>
  ${v.status !== 'ready' ? html`<p class="status">${ctx.t(v.status === 'failed' ? 'video.failed' : 'video.processing', { percent: Math.round(v.progress * 100) })}</p>` : ''}</div>
</li>`,
      )}</ul>`
}`;
}

export function textView(title: string, body: string): SafeHtml {
  return html`<h1>${title}</h1><p>${body}</p>`;
}
