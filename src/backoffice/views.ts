/** Back office pages: upload form (enhanced by /static/client/upload.js) and the videos list. */

import { formatBytes } from '../web/format-bytes.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { formatDate } from '../web/i18n/index.ts';
import { localPath, type PageContext } from '../web/layout.ts';
import { backofficeTabs } from './tabs.ts';
import type { BackofficeVideo } from './videos.ts';

export const BACKOFFICE_HEAD = html`<link rel="stylesheet" href="/static/backoffice.css">`;
export const UPLOAD_HEAD = html`${BACKOFFICE_HEAD}
<script type="module" src="/static/client/upload.js"></script>`;

function tabs(ctx: PageContext, current: 'videos' | 'upload'): SafeHtml {
  return backofficeTabs(ctx, current);
}

export interface StoryOption {
  slug: string;
  title: string;
}

export function uploadView(
  ctx: PageContext,
  input: { stories: StoryOption[]; maxBytes: number; story: string },
): SafeHtml {
  const { t, lang } = ctx;
  const total = formatBytes(input.maxBytes, lang);
  return html`${tabs(ctx, 'upload')}
<h1>${t('backoffice.upload.title')}</h1>
<p>${t('backoffice.upload.intro')}</p>
<noscript><p class="notice">${t('backoffice.upload.noscript')}</p></noscript>
<form id="upload-form" class="stacked upload-form" hidden
  data-endpoint="/api/v1/uploads"
  data-max-bytes="${String(input.maxBytes)}"
  data-lang="${lang}"
  data-videos-url="${localPath(lang, '/admin/videos')}"
  data-msg-progress="${t('backoffice.upload.progress')}"
  data-msg-paused="${t('backoffice.upload.paused')}"
  data-msg-retrying="${t('backoffice.upload.retrying')}"
  data-msg-resuming="${t('backoffice.upload.resuming')}"
  data-msg-done="${t('backoffice.upload.done')}"
  data-msg-view-videos="${t('backoffice.upload.viewVideos')}"
  data-msg-failed="${t('backoffice.upload.failed')}"
  data-msg-choose-file="${t('backoffice.upload.chooseFile')}"
  data-msg-pause="${t('backoffice.upload.pause')}"
  data-msg-resume="${t('backoffice.upload.resume')}">
  <div class="field">
    <label for="upload-file">${t('backoffice.upload.file')}</label>
    <input id="upload-file" name="file" type="file" required aria-describedby="upload-file-hint"
      accept=".mxf,.mov,.mp4,.m4v,.ts,.m2ts,.mts,video/*,application/mxf">
    <p id="upload-file-hint" class="hint">${t('backoffice.upload.fileHint', { size: total })}</p>
  </div>
  <div class="field">
    <label for="upload-title">${t('backoffice.upload.videoTitle')}</label>
    <input id="upload-title" name="title" type="text" maxlength="300" aria-describedby="upload-title-hint">
    <p id="upload-title-hint" class="hint">${t('backoffice.upload.videoTitleHint')}</p>
  </div>
  <div class="field">
    <label for="upload-story">${t('backoffice.upload.story')}</label>
    <select id="upload-story" name="story">
      <option value="">${t('backoffice.upload.noStory')}</option>
      ${input.stories.map(
        (s) =>
          html`<option value="${s.slug}"${s.slug === input.story ? html` selected` : ''}>${s.title}</option>`,
      )}
    </select>
  </div>
  <div class="upload-actions">
    <button type="submit" id="upload-start">${t('backoffice.upload.start')}</button>
    <button type="button" id="upload-pause" class="secondary" hidden>${t('backoffice.upload.pause')}</button>
  </div>
  <div class="upload-progress">
    <label for="upload-progress">${t('backoffice.upload.progressLabel')}</label>
    <progress id="upload-progress" max="100" value="0"></progress>
    <p id="upload-status" role="status" aria-live="polite"></p>
    <p id="upload-error" class="field-error" role="alert"></p>
  </div>
  <div id="upload-unfinished" hidden>
    <p>${t('backoffice.upload.unfinished')}</p>
    <ul></ul>
  </div>
</form>`;
}

function statusText(ctx: PageContext, video: BackofficeVideo): string {
  return ctx.t(`backoffice.status.${video.status}`);
}

function stageText(ctx: PageContext, stage: string | null): string {
  if (stage === 'store' || stage === 'probe' || stage === 'index' || stage === 'preview')
    return ctx.t(`backoffice.stage.${stage}`);
  return stage ?? '–';
}

function reasonText(ctx: PageContext, video: BackofficeVideo): string {
  const code = video.errorCode;
  if (code === 'not_media' || code === 'truncated' || code === 'no_video' || code === 'unreadable')
    return ctx.t(`media.error.${code}`);
  return ctx.t('media.error.failed');
}

function videoRow(ctx: PageContext, video: BackofficeVideo, csrf: string): SafeHtml {
  const { t, lang } = ctx;
  const percent = Math.round(Math.max(0, Math.min(1, video.progress)) * 100);
  const failure =
    video.status === 'failed'
      ? html`<div class="failure">
  <p><strong>${t('backoffice.videos.reason')}</strong> <span class="reason" data-error-code="${video.errorCode ?? ''}">${reasonText(ctx, video)}</span></p>
  ${video.errorDetail ? html`<details><summary>${t('backoffice.videos.detail')}</summary><pre class="detail">${video.errorDetail}</pre></details>` : ''}
  ${video.retriable ? '' : html`<p>${t('backoffice.videos.refused')}</p>`}
</div>`
      : '';
  const actions = video.retriable
    ? html`<form method="post" action="${localPath(lang, `/admin/videos/${video.id}/retry`)}" class="inline-form">
  <input type="hidden" name="_csrf" value="${csrf}">
  <button type="submit" aria-label="${t('backoffice.videos.retryLabel', { title: video.title })}">${t('backoffice.videos.retry')}</button>
</form>`
    : '';
  return html`<tr id="video-${video.id}" data-video-id="${video.id}" data-status="${video.status}">
  <th scope="row"><a href="${localPath(lang, `/videos/${video.id}`)}">${video.title}</a>
    ${video.sourceName ? html`<br><span class="meta">${t('backoffice.videos.source', { name: video.sourceName })}</span>` : ''}
    <br><span class="meta">${t('backoffice.videos.created', { date: formatDate(lang, video.createdAt) })}</span></th>
  <td><span class="status-badge status-${video.status}">${statusText(ctx, video)}</span>${failure}</td>
  <td>${stageText(ctx, video.stage)}</td>
  <td class="nowrap"><progress max="100" value="${String(percent)}" aria-label="${t('backoffice.videos.col.progress')}">${percent}%</progress> ${percent}%</td>
  <td>${t(`backoffice.preview.${video.previewState}`)}</td>
  <td><a class="edit-video" href="${localPath(lang, `/admin/videos/${video.id}`)}">${t('backoffice.videos.edit')}</a>${actions}</td>
</tr>`;
}

export function videosView(
  ctx: PageContext,
  input: { videos: BackofficeVideo[]; csrf: string; notice?: string | null; error?: string | null },
): SafeHtml {
  const { t, lang } = ctx;
  return html`${tabs(ctx, 'videos')}
<h1>${t('backoffice.videos.title')}</h1>
${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : ''}
${input.error ? html`<p class="error-summary" role="alert">${input.error}</p>` : ''}
<p>${t('backoffice.videos.intro')} <a href="${localPath(lang, '/admin/videos')}">${t('backoffice.videos.refresh')}</a></p>
${
  input.videos.length === 0
    ? html`<p>${t('backoffice.videos.empty')}</p>`
    : html`<div class="table-scroll"><table class="backoffice-videos">
  <caption>${t('backoffice.videos.caption')}</caption>
  <thead><tr>
    <th scope="col">${t('backoffice.videos.col.video')}</th>
    <th scope="col">${t('backoffice.videos.col.status')}</th>
    <th scope="col">${t('backoffice.videos.col.stage')}</th>
    <th scope="col">${t('backoffice.videos.col.progress')}</th>
    <th scope="col">${t('backoffice.videos.col.preview')}</th>
    <th scope="col">${t('backoffice.videos.col.actions')}</th>
  </tr></thead>
  <tbody>${input.videos.map((v) => videoRow(ctx, v, input.csrf))}</tbody>
</table></div>`
}`;
}

export function forbiddenView(ctx: PageContext): SafeHtml {
  return html`<h1>${ctx.t('backoffice.forbidden.title')}</h1><p>${ctx.t('backoffice.forbidden')}</p>
<p><a href="${localPath(ctx.lang, '')}">${ctx.t('error.backHome')}</a></p>`;
}
