/** Newsroom pages' lists: the stories, a story's revisions, the topics (server-rendered). */
import { backofficeTabs } from '../backoffice/public.ts';
import type { StoryListItem, StoryRevision, Topic } from '../catalog/public.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { formatDate } from '../web/i18n/index.ts';
import { localPath, type PageContext } from '../web/layout.ts';
import { formatInZone } from './schedule.ts';
import { summaryText } from './wording.ts';

export const NEWSROOM_HEAD = html`<link rel="stylesheet" href="/static/backoffice.css">
<link rel="stylesheet" href="/static/newsroom.css">
<script type="module" src="/static/newsroom.js"></script>`;

export function newsroomTabs(ctx: PageContext, current: 'stories' | 'topics' | null): SafeHtml {
  return backofficeTabs(ctx, current);
}

export function messages(input: { notice?: string | null; error?: string | null }): SafeHtml {
  return html`${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : ''}
${input.error ? html`<p class="error-summary" role="alert">${input.error}</p>` : ''}`;
}

export function statusBadge(ctx: PageContext, status: string): SafeHtml {
  return html`<span class="status-badge story-status-${status}">${ctx.t(`newsroom.status.${status}` as never)}</span>`;
}

export function storiesView(ctx: PageContext, stories: StoryListItem[], notice?: string | null): SafeHtml {
  const { t, lang } = ctx;
  const other = lang === 'fr' ? 'en' : 'fr';
  const row = (s: StoryListItem) => {
    const title = s.titles[lang];
    return html`<tr data-story-id="${String(s.id)}" data-status="${s.status}">
  <th scope="row"><a href="${localPath(lang, `/admin/stories/${s.id}`)}">${title ?? html`<span lang="${other}">${s.titles[other] ?? s.slug}</span>`}</a>
    ${title ? '' : html`<br><span class="meta">${t(`newsroom.list.missing.${lang}`)}</span>`}
    <br><span class="meta">/${s.slug}</span></th>
  <td>${statusBadge(ctx, s.status)}${
    s.status === 'scheduled' && s.publishAt
      ? html`<br><span class="meta">${t('newsroom.list.scheduledFor', { when: formatInZone(s.publishAt, s.publishTimeZone ?? 'UTC', lang) })}</span>`
      : ''
  }</td>
  <td>${formatDate(lang, s.updatedAt)}</td>
</tr>`;
  };
  return html`${newsroomTabs(ctx, 'stories')}
<h1>${t('newsroom.list.title')}</h1>
${messages({ notice })}
<p>${t('newsroom.list.intro')}</p>
<p><a class="button" href="${localPath(lang, '/admin/stories/new')}">${t('newsroom.list.new')}</a></p>
${
  stories.length === 0
    ? html`<p>${t('newsroom.list.empty')}</p>`
    : html`<div class="table-scroll"><table class="backoffice-videos newsroom-stories">
  <caption>${t('newsroom.list.caption')}</caption>
  <thead><tr><th scope="col">${t('newsroom.list.col.title')}</th><th scope="col">${t('newsroom.list.col.status')}</th><th scope="col">${t('newsroom.list.col.updated')}</th></tr></thead>
  <tbody>${stories.map(row)}</tbody>
</table></div>`
}`;
}

export function revisionsView(
  ctx: PageContext,
  input: {
    id: number;
    title: string;
    current: number;
    revisions: StoryRevision[];
    csrf: string;
    /** Dates are shown in the portal's time zone. */
    timeZone: string;
    notice?: string | null;
  },
): SafeHtml {
  const { t, lang } = ctx;
  const row = (r: StoryRevision) => html`<tr data-revision="${String(r.n)}">
  <th scope="row">${String(r.n)}${r.n === input.current ? html` <span class="meta">(${t('newsroom.revisions.current')})</span>` : ''}</th>
  <td>${r.authorId === null ? t('newsroom.scheduler') : r.author}</td>
  <td><time datetime="${r.at.toISOString()}">${formatInZone(r.at, input.timeZone, lang)}</time></td>
  <td>${summaryText(t, r.summary)}</td>
  <td>${
    r.n === input.current
      ? ''
      : html`<form method="post" class="inline-form" action="${localPath(lang, `/admin/stories/${input.id}/revisions/${r.n}/restore`)}">
  <input type="hidden" name="_csrf" value="${input.csrf}"><input type="hidden" name="revision" value="${String(input.current)}">
  <button type="submit">${t('newsroom.revisions.restore')}</button></form>`
  }</td>
</tr>`;
  return html`${newsroomTabs(ctx, null)}
<h1>${t('newsroom.revisions.title')}</h1>
<p><a href="${localPath(lang, `/admin/stories/${input.id}`)}">${t('newsroom.revisions.back')}</a> · ${input.title}</p>
${messages({ notice: input.notice })}
<div class="table-scroll" tabindex="0" role="region" aria-label="${t('newsroom.revisions.caption')}"><table class="backoffice-videos">
  <caption>${t('newsroom.revisions.caption')}</caption>
  <thead><tr><th scope="col">${t('newsroom.revisions.col.n')}</th><th scope="col">${t('newsroom.revisions.col.author')}</th><th scope="col">${t('newsroom.revisions.col.at')}</th><th scope="col">${t('newsroom.revisions.col.summary')}</th><th scope="col"><span class="visually-hidden">${t('newsroom.revisions.col.actions')}</span></th></tr></thead>
  <tbody>${input.revisions.map(row)}</tbody>
</table></div>`;
}

export function topicsView(
  ctx: PageContext,
  input: {
    topics: Topic[];
    csrf: string;
    notice?: string | null;
    errors?: Record<string, string>;
    values?: { slug?: string; fr?: string; en?: string };
  },
): SafeHtml {
  const { t, lang } = ctx;
  const errors = Object.values(input.errors ?? {});
  const row = (topic: Topic) => html`<tr data-topic="${topic.slug}">
  <th scope="row"><a href="${localPath(lang, `/topics/${topic.slug}`)}">${topic.slug}</a></th>
  <td colspan="2"><form method="post" class="topic-rename" action="${localPath(lang, `/admin/topics/${topic.slug}`)}">
    <input type="hidden" name="_csrf" value="${input.csrf}">
    <label><span class="visually-hidden">${t('newsroom.topics.col.fr')}</span><input name="fr" lang="fr" value="${topic.name.fr}" maxlength="80" required></label>
    <label><span class="visually-hidden">${t('newsroom.topics.col.en')}</span><input name="en" lang="en" value="${topic.name.en}" maxlength="80" required></label>
    <button type="submit" class="secondary">${t('newsroom.topics.save')}</button></form></td>
  <td>${String(topic.stories)}</td>
</tr>`;
  return html`${newsroomTabs(ctx, 'topics')}
<h1>${t('newsroom.topics.title')}</h1>
${messages({ notice: input.notice })}
${errors.length ? html`<div class="error-summary" role="alert"><ul>${errors.map((e) => html`<li>${e}</li>`)}</ul></div>` : ''}
<p>${t('newsroom.topics.intro')}</p>
${
  input.topics.length === 0
    ? html`<p>${t('newsroom.topics.empty')}</p>`
    : html`<div class="table-scroll"><table class="backoffice-videos newsroom-topics">
  <caption>${t('newsroom.topics.caption')}</caption>
  <thead><tr><th scope="col">${t('newsroom.topics.col.slug')}</th><th scope="col">${t('newsroom.topics.col.fr')}</th><th scope="col">${t('newsroom.topics.col.en')}</th><th scope="col">${t('newsroom.topics.col.stories')}</th></tr></thead>
  <tbody>${input.topics.map(row)}</tbody>
</table></div>`
}
<h2>${t('newsroom.topics.new')}</h2>
<form method="post" class="stacked" action="${localPath(lang, '/admin/topics')}">
  <input type="hidden" name="_csrf" value="${input.csrf}">
  <div class="bilingual">
    <div class="field"><label for="topic-fr">${t('newsroom.topics.col.fr')}</label><input id="topic-fr" name="fr" lang="fr" maxlength="80" value="${input.values?.fr ?? ''}"></div>
    <div class="field"><label for="topic-en">${t('newsroom.topics.col.en')}</label><input id="topic-en" name="en" lang="en" maxlength="80" value="${input.values?.en ?? ''}"></div>
  </div>
  <div class="field"><label for="topic-slug">${t('newsroom.topics.col.slug')}</label><input id="topic-slug" name="slug" maxlength="100" value="${input.values?.slug ?? ''}"></div>
  <button type="submit">${t('newsroom.topics.create')}</button>
</form>`;
}
