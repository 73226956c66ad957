/** Views of a topic's page and of a story that exists in the other language only. */
import { html, type SafeHtml } from '../web/html.ts';
import { localPath, type PageContext } from '../web/layout.ts';
import type { Page, StorySummary } from './stories.ts';
import type { StoryAddress } from './story-lookup.ts';
import type { Topic } from './topics.ts';
import { storyCard } from './views.ts';

export function topicView(ctx: PageContext, topic: Topic, page: Page<StorySummary>): SafeHtml {
  const pages = Math.ceil(page.total / page.pageSize);
  const link = (n: number) => `${localPath(ctx.lang, `/topics/${topic.slug}`)}?page=${n}`;
  return html`<h1>${ctx.t('catalog.topic.title', { name: topic.name[ctx.lang] })}</h1>
${page.items.length === 0 ? html`<p>${ctx.t('catalog.topic.empty')}</p>` : html`<div class="cards">${page.items.map((s) => storyCard(ctx, s))}</div>`}
${
  pages > 1
    ? html`<nav class="pagination" aria-label="pagination">
  ${page.page > 1 ? html`<a rel="prev" href="${link(page.page - 1)}">${ctx.t('pagination.previous')}</a>` : ''}
  ${page.page < pages ? html`<a rel="next" href="${link(page.page + 1)}">${ctx.t('pagination.next')}</a>` : ''}
</nav>`
    : ''
}`;
}

/** The story exists only in the other language: say so, link to it, show none of its text here. */
export function onlyInOtherLanguageView(ctx: PageContext, story: StoryAddress): SafeHtml {
  const other = ctx.lang === 'fr' ? 'en' : 'fr';
  const title = story.titles[other] ?? story.slug;
  return html`<h1>${ctx.t('catalog.onlyIn.title')}</h1>
<p>${ctx.t('catalog.onlyIn.body')}</p>
<p><a href="${localPath(other, `/stories/${story.slug}`)}" hreflang="${other}" lang="${other}">${title}</a></p>`;
}
