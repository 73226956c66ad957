/**
 * The home page as a journalist expects an institution's media portal to open: the lead story with
 * its picture, the next stories, the latest videos (poster, duration, date, straight to the video
 * page) and the topics; later pages list stories only.
 */
import { html, type SafeHtml } from '../web/html.ts';
import { formatDate } from '../web/i18n/index.ts';
import { localPath, type PageContext } from '../web/layout.ts';
import type { Page, StorySummary, StoryVideo } from './stories.ts';
import type { Topic } from './topics.ts';
import { formatDuration, pagination, posterUrl, storyCard } from './views.ts';

export interface HomeInput {
  page: Page<StorySummary>;
  /** The latest videos the visitor may see (watchable ones with their poster). */
  videos: (StoryVideo & { publishedAt: Date })[];
  /** Topics with at least one published story. */
  topics: Topic[];
}

function leadStory(ctx: PageContext, story: StorySummary): SafeHtml {
  const href = localPath(ctx.lang, `/stories/${story.slug}`);
  // A story card like the others (same markup), laid out wide: picture beside the text.
  return html`<div class="lead-story"><article class="card">
  ${story.posterVideoId ? html`<img class="card-image" src="${posterUrl(story.posterVideoId)}" alt="" width="1280" height="720">` : ''}
  <div class="card-body">
    <h2 class="card-title lead-title"><a href="${href}">${story.title}</a></h2>
    <p class="meta"><time datetime="${story.publishedAt.toISOString()}" data-time="date">${formatDate(ctx.lang, story.publishedAt, ctx.timeZone)}</time></p>
    <p class="standfirst">${story.standfirst}</p>
  </div>
</article></div>
`;
}

function videoCard(ctx: PageContext, video: StoryVideo & { publishedAt: Date }): SafeHtml {
  const duration = formatDuration(video.durationFrames, video.fps);
  return html`<li class="card video-card">
  ${video.hasPoster ? html`<img class="card-image" src="${posterUrl(video.id)}" alt="" width="640" height="360" loading="lazy">` : ''}
  <div class="card-body">
    <h3 class="card-title"><a href="${localPath(ctx.lang, `/videos/${video.id}`)}"${video.titleLanguage ? html` lang="${video.titleLanguage}"` : ''}>${video.title}</a></h3>
    <p class="meta">${duration ? html`<span class="duration">${ctx.t('home.duration', { duration })}</span> · ` : ''}<time datetime="${video.publishedAt.toISOString()}" data-time="date">${formatDate(ctx.lang, video.publishedAt, ctx.timeZone)}</time></p>
  </div>
</li>`;
}

export function homeView(ctx: PageContext, input: HomeInput): SafeHtml {
  const { page } = input;
  const first = page.page === 1;
  const [lead, ...rest] = page.items;
  if (!first || !lead)
    return html`<h1>${ctx.t('home.title')}</h1>
${page.items.length === 0 ? html`<p>${ctx.t('home.empty')}</p>` : html`<div class="cards">${page.items.map((s) => storyCard(ctx, s))}</div>`}
${pagination(ctx, page, '')}`;
  return html`<h1>${ctx.t('home.title')}</h1>
<p class="lede">${ctx.t('home.lede')}</p>
${leadStory(ctx, lead)}
${
  rest.length > 0
    ? html`<section aria-labelledby="home-stories"><h2 id="home-stories">${ctx.t('home.moreStories')}</h2>
<div class="cards">${rest.map((s) => storyCard(ctx, s, 'h3'))}</div>
${pagination(ctx, page, '')}</section>`
    : ''
}
${
  input.videos.length > 0
    ? html`<section aria-labelledby="home-videos"><h2 id="home-videos">${ctx.t('home.latestVideos')}</h2>
<ul class="cards plain">${input.videos.map((v) => videoCard(ctx, v))}</ul>
<p><a href="${localPath(ctx.lang, '/videos')}">${ctx.t('home.allVideos')}</a></p></section>`
    : ''
}
${
  input.topics.length > 0
    ? html`<section aria-labelledby="home-topics"><h2 id="home-topics">${ctx.t('catalog.topics')}</h2>
<ul class="topic-list">${input.topics.map((topic) => html`<li><a href="${localPath(ctx.lang, `/topics/${topic.slug}`)}">${topic.name[ctx.lang]}</a> <span class="meta">${ctx.t('home.topicStories', { count: topic.stories })}</span></li>`)}</ul></section>`
    : ''
}`;
}
