/**
 * The basket's page: each item with its name (editable), what it holds, where it stands (ready with
 * its size and its own download link, being prepared, refused and why), remove; then the ZIP of it
 * all. Works without JavaScript: forms post and come back here; while something is being prepared the
 * page refreshes itself (a meta refresh, as the clip page does).
 */
import { formatBytes } from '../web/format-bytes.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { localPath, type PageContext } from '../web/layout.ts';
import { describeItem, titleIn } from './manifest.ts';
import type { ItemState } from './service.ts';
import { MAX_NAME } from './store.ts';

/** Seconds between two looks of a page where something is being prepared. */
export const REFRESH_SECONDS = 5;

export function isPending(s: ItemState): boolean {
  return !s.refusal && (s.file?.kind === 'preparing' || s.file?.kind === 'waiting');
}

function stateView(ctx: PageContext, s: ItemState): SafeHtml {
  if (s.refusal)
    return html`<span class="status status-failed">${ctx.t('basket.state.refused', { reason: s.refusal.message })}</span>`;
  const file = s.file;
  if (!file) return html``;
  switch (file.kind) {
    case 'file':
      return html`<span class="status status-ready">${ctx.t('basket.state.ready', { size: formatBytes(file.size, ctx.lang) })}</span>`;
    case 'preparing':
      return html`<span class="status">${ctx.t('basket.state.preparing', { percent: Math.round(file.progress * 100) })}</span>`;
    case 'waiting':
      return html`<span class="status">${file.message}</span>`;
    case 'failed':
      return html`<span class="status status-failed">${file.message}</span>`;
  }
}

function itemView(ctx: PageContext, s: ItemState): SafeHtml {
  const id = s.row.id;
  const csrf = ctx.csrf ? html`<input type="hidden" name="_csrf" value="${ctx.csrf}">` : '';
  const title = titleIn(ctx.lang, s.video);
  const videoPath = localPath(ctx.lang, `/videos/${encodeURIComponent(s.row.video_id)}`);
  return html`<li class="basket-item" data-item-id="${id}" data-state="${s.refusal ? 'refused' : (s.file?.kind ?? '')}">
  <h2 class="basket-item-title"><a href="${videoPath}">${title}</a>${s.row.name ? html` <span class="basket-name-shown">— ${s.row.name}</span>` : ''}</h2>
  <p class="meta">${describeItem(ctx.lang, s.video, s.row)}</p>
  <p>${stateView(ctx, s)}</p>
  <form class="basket-name" method="post" action="${localPath(ctx.lang, `/basket/items/${id}`)}">${csrf}
    <label for="name-${id}">${ctx.t('basket.name')}</label>
    <input id="name-${id}" name="name" value="${s.row.name}" maxlength="${MAX_NAME}" autocomplete="off">
    <button type="submit" class="secondary">${ctx.t('basket.rename')}</button>
    <button type="submit" class="secondary" formaction="${localPath(ctx.lang, `/basket/items/${id}/delete`)}">${ctx.t('basket.remove')}</button>
  </form>
  ${s.file?.kind === 'file' && !s.refusal ? html`<p><a href="${s.file.url}" download>${ctx.t('basket.download')}<span class="visually-hidden"> ${title}</span></a></p>` : ''}
</li>`;
}

export function basketView(ctx: PageContext, states: readonly ItemState[]): SafeHtml {
  const csrf = ctx.csrf ? html`<input type="hidden" name="_csrf" value="${ctx.csrf}">` : '';
  const pending = states.some(isPending);
  const refused = states.some((s) => s.refusal || s.file?.kind === 'failed');
  const anyReady = states.some((s) => !s.refusal && s.file?.kind === 'file');
  return html`<h1>${ctx.t('basket.title')}</h1>
<p class="lede">${ctx.t('basket.intro')}</p>
${
  states.length === 0
    ? html`<p>${ctx.t('basket.empty')}</p>`
    : html`<p class="meta">${ctx.t('basket.count', { count: states.length })}</p>
<ol class="basket-list">${states.map((s) => itemView(ctx, s))}</ol>
${refused ? html`<p class="notice">${ctx.t('basket.refusedNote')}</p>` : ''}
<div class="basket-actions">
${
  pending
    ? html`<p class="notice" role="status">${ctx.t('basket.notReadyYet')}</p>`
    : anyReady
      ? html`<a class="button-primary" href="${localPath(ctx.lang, '/basket/archive')}" download>${ctx.t('basket.downloadAll')}</a>`
      : ''
}
<form class="inline-form" method="post" action="${localPath(ctx.lang, '/basket/empty')}">${csrf}<button type="submit" class="secondary">${ctx.t('basket.emptyAll')}</button></form>
</div>`
}`;
}
