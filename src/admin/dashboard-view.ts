/** The dashboard's view: four short lists, each item linking to its page; plain HTML, no script. */
import type { StoryListItem } from '../catalog/public.ts';
import type { RecentVideo } from '../media/public.ts';
import { formatInZone } from '../web/format-zone.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { formatDate, type MessageKey } from '../web/i18n/index.ts';
import { localPath, type PageContext } from '../web/layout.ts';
import { adminTabs } from './views.ts';

const REFUSALS = ['not_media', 'truncated', 'no_video', 'unreadable'];
const STAGES = ['store', 'probe', 'index', 'preview'];

export interface DashboardInput {
  drafts: StoryListItem[];
  scheduled: StoryListItem[];
  uploads: RecentVideo[];
  failed: RecentVideo[];
  admin: boolean;
}

/** The story's link in the page's language, else in the other one, said so after the link. */
function storyLink(ctx: PageContext, s: StoryListItem): SafeHtml {
  const href = localPath(ctx.lang, `/admin/stories/${s.id}`);
  const other = ctx.lang === 'fr' ? 'en' : 'fr';
  const own = s.titles[ctx.lang];
  if (own) return html`<a href="${href}">${own}</a>`;
  const theirs = s.titles[other];
  return theirs
    ? html`<a href="${href}" lang="${other}">${theirs}</a> <span class="meta">(${ctx.t(`dashboard.missing.${ctx.lang}`)})</span>`
    : html`<a href="${href}">${ctx.t('dashboard.untitled')}</a>`;
}

function videoTitle(ctx: PageContext, v: RecentVideo): string {
  return (ctx.lang === 'fr' ? v.titleFr || v.titleEn : v.titleEn || v.titleFr) || v.sourceName || v.id;
}

export function failureReason(ctx: PageContext, v: RecentVideo): string {
  return v.errorCode && REFUSALS.includes(v.errorCode)
    ? ctx.t(`media.error.${v.errorCode}` as MessageKey)
    : ctx.t('media.error.failed');
}

function videoState(ctx: PageContext, v: RecentVideo): SafeHtml {
  const { t } = ctx;
  const status = html`<span class="status-badge status-${v.status}">${t(`backoffice.status.${v.status}`)}</span>`;
  if (v.status === 'failed')
    return html`${status} <span class="reason" data-error-code="${v.errorCode ?? ''}">${failureReason(ctx, v)}</span>`;
  if (v.status === 'ready') return status;
  const percent = Math.round(Math.max(0, Math.min(1, v.progress)) * 100);
  const stage = v.stage && STAGES.includes(v.stage) ? t(`backoffice.stage.${v.stage}` as MessageKey) : '';
  return html`${status}${stage ? html` · ${stage}` : ''} <progress max="100" value="${String(percent)}" aria-label="${t('backoffice.videos.col.progress')}"></progress> ${t('dashboard.progress', { percent })}`;
}

function section(id: string, title: string, empty: string, items: SafeHtml[], more?: SafeHtml): SafeHtml {
  return html`<section class="dashboard-panel" id="${id}-panel" aria-labelledby="${id}">
  <h2 id="${id}">${title}</h2>
  ${items.length === 0 ? html`<p class="meta">${empty}</p>` : html`<ul class="dashboard-list">${items}</ul>`}
  ${more ?? ''}
</section>`;
}

export function dashboardView(ctx: PageContext, input: DashboardInput): SafeHtml {
  const { t, lang } = ctx;
  const drafts = input.drafts.map(
    (s) => html`<li data-story-id="${String(s.id)}">${storyLink(ctx, s)}
  <br><span class="meta">${t('dashboard.updated', { date: formatDate(lang, s.updatedAt) })}</span></li>`,
  );
  const scheduled = input.scheduled.map(
    (s) => html`<li data-story-id="${String(s.id)}">${storyLink(ctx, s)}
  <br><span class="meta">${s.publishAt ? t('dashboard.scheduled.at', { when: formatInZone(s.publishAt, s.publishTimeZone ?? 'UTC', lang) }) : ''}</span></li>`,
  );
  const uploads = input.uploads.map(
    (
      v,
    ) => html`<li data-video-id="${v.id}" data-status="${v.status}"><a href="${localPath(lang, `/videos/${v.id}`)}">${videoTitle(ctx, v)}</a>
  <br>${videoState(ctx, v)}</li>`,
  );
  const failed = input.failed.map(
    (
      v,
    ) => html`<li data-video-id="${v.id}"><a href="${localPath(lang, `/admin/videos#video-${v.id}`)}">${videoTitle(ctx, v)}</a>
  <br><span class="reason" data-error-code="${v.errorCode ?? ''}">${failureReason(ctx, v)}</span>
  <br><span class="meta">${formatDate(lang, v.updatedAt)}</span></li>`,
  );
  const link = (path: string, key: MessageKey) =>
    html`<p><a href="${localPath(lang, path)}">${t(key)}</a></p>`;
  return html`${adminTabs(ctx, 'dashboard', input.admin)}
<h1>${t('dashboard.title')}</h1>
<p>${t('dashboard.intro')}</p>
<p class="dashboard-actions"><a class="button" href="${localPath(lang, '/admin/stories/new')}">${t('dashboard.newStory')}</a>
  <a class="button secondary" href="${localPath(lang, '/admin/upload')}">${t('dashboard.uploads.new')}</a></p>
<div class="dashboard-grid">
${section('dash-drafts', t('dashboard.drafts'), t('dashboard.drafts.empty'), drafts, link('/admin/stories', 'dashboard.drafts.all'))}
${section('dash-scheduled', t('dashboard.scheduled'), t('dashboard.scheduled.empty'), scheduled)}
${section('dash-uploads', t('dashboard.uploads'), t('dashboard.uploads.empty'), uploads, link('/admin/videos', 'dashboard.uploads.all'))}
${section('dash-failed', t('dashboard.failed'), t('dashboard.failed.empty'), failed, input.failed.length ? link('/admin/videos', 'dashboard.failed.retry') : undefined)}
</div>`;
}
