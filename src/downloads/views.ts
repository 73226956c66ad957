/** Views of the downloads feature: the panel beside a video, the history pages. */

import { formatBytes } from '../web/format-bytes.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { Lang } from '../web/i18n/index.ts';
import { formatDateTime, messageTemplate } from '../web/i18n/index.ts';
import { institutionCredit } from '../web/identity.ts';
import { localPath, type PageContext } from '../web/layout.ts';
import type { DownloadFacts, RenditionFacts } from './facts.ts';
import { isRenditionName } from './files.ts';
import type { DownloadRow } from './repository.ts';
import type { RenditionName } from './tables.ts';

/** The page route that downloads a rendition (signs in first when needed). */
export function downloadPagePath(lang: Lang, videoId: string, name: RenditionName): string {
  return localPath(lang, `/videos/${encodeURIComponent(videoId)}/download/${name}`);
}

const LABELS = {
  master: 'downloads.rendition.master',
  web: 'downloads.rendition.web',
  audio: 'downloads.rendition.audio',
} as const;

function renditionDetail(ctx: PageContext, r: RenditionFacts): string {
  if (r.name === 'master') {
    const format = [r.container.toUpperCase(), r.videoCodec].filter(Boolean).join(' ');
    return ctx.t('downloads.rendition.masterDetail', {
      format,
      size: formatBytes(r.size ?? 0, ctx.lang),
    });
  }
  if (r.status === 'ready')
    return ctx.t('downloads.rendition.ready', { size: formatBytes(r.size ?? 0, ctx.lang) });
  if (r.status === 'preparing') {
    return ctx.t('downloads.rendition.preparing', { percent: Math.round(r.progress * 100) });
  }
  return r.name === 'audio'
    ? ctx.t('downloads.rendition.audioDetail', { channels: r.audioChannels })
    : ctx.t('downloads.rendition.webDetail');
}

export interface DownloadPanelOptions {
  /**
   * Set for visitors who are not signed in: the page to come back to after signing in. The buttons
   * are then plain links to the sign-in page (a `download` link would save the sign-in page itself).
   */
  readonly signInReturnTo?: string;
  /** The viewer may download ahead of an embargo (available kind, verified): buttons, marked. */
  readonly early?: boolean;
}

/**
 * The terms, then the buttons (story pages are cached per language and viewer class); the download
 * route itself sends signed-out visitors to sign in and refuses the unverified.
 */
export function downloadPanel(
  ctx: PageContext,
  facts: DownloadFacts | undefined,
  options: DownloadPanelOptions = {},
): SafeHtml {
  if (!facts || facts.renditions.length === 0) return html``;
  const usage = facts.usage;
  // No credit of its own: the institution's, in the reader's language (its own footage).
  const credit = usage?.credit || (ctx.identity ? institutionCredit(ctx.identity, ctx.lang) : '');
  const terms = (ctx.lang === 'fr' ? usage?.termsFr : usage?.termsEn) || ctx.t('downloads.defaultTerms');
  const restrictions = ctx.lang === 'fr' ? usage?.restrictionsFr : usage?.restrictionsEn;
  const headingId = `downloads-${facts.videoId}`;
  // On a video's own page the panel sits under the h1; on a story page under the "Videos" h2.
  const heading = ctx.path.startsWith('/videos/')
    ? html`<h2 id="${headingId}">${ctx.t('downloads.heading')}</h2>`
    : html`<h3 id="${headingId}">${ctx.t('downloads.heading')}</h3>`;
  return html`<section class="downloads" aria-labelledby="${headingId}">
  ${heading}
  ${credit ? html`<p class="credit">${ctx.t('downloads.credit', { credit })}</p>` : ''}
  <p class="usage-terms"><strong>${ctx.t('downloads.terms')}</strong> ${terms}</p>
  ${restrictions ? html`<p class="restrictions"><strong>${ctx.t('downloads.restrictions')}</strong> ${restrictions}</p>` : ''}
  ${
    facts.embargoed && usage?.embargoUntil && !options.early
      ? html`<p class="status embargo" role="status"><time datetime="${usage.embargoUntil.toISOString()}" data-time="datetime">${ctx.t('downloads.embargoed', { date: formatDateTime(ctx.lang, usage.embargoUntil, ctx.timeZone) })}</time></p>`
      : html`${facts.embargoed && usage?.embargoUntil ? html`<p class="status embargo not-before" role="status"><strong><time datetime="${usage.embargoUntil.toISOString()}" data-time="datetime">${ctx.t('downloads.notBefore', { date: formatDateTime(ctx.lang, usage.embargoUntil, ctx.timeZone) })}</time></strong></p>` : ''}<ul class="download-list" data-video-id="${facts.videoId}" data-lang="${ctx.lang}"
    data-preparing-text="${ctx.t('downloads.rendition.preparing', { percent: '{percent}' })}"
    data-started-text="${ctx.t('downloads.client.started', { name: '{name}' })}"
    data-ready-text="${ctx.t('downloads.client.ready', { name: '{name}' })}"
    data-network-text="${ctx.t('downloads.client.network')}">${facts.renditions.map(
      (r) => html`<li data-status="${r.status}" data-name="${r.name}" data-file-url="${r.fileUrl}">${
        options.signInReturnTo === undefined
          ? html`<a class="button-primary" href="${downloadPagePath(ctx.lang, facts.videoId, r.name)}" download data-rendition="${r.name}">${ctx.t(LABELS[r.name])}</a>`
          : html`<a class="button-primary" href="${localPath(ctx.lang, '/sign-in')}?returnTo=${encodeURIComponent(options.signInReturnTo)}" data-rendition="${r.name}">${ctx.t(LABELS[r.name])}</a>`
      }
      <span class="meta" data-detail>${renditionDetail(ctx, r)}</span><progress max="100" value="${Math.round(r.progress * 100)}" hidden></progress></li>`,
    )}</ul>
  ${
    options.signInReturnTo === undefined
      ? html`<p class="basket-add" hidden data-basket-panel data-basket-added="${messageTemplate(ctx.lang, 'downloads.basket.added')}"
    data-basket-link="${ctx.t('downloads.basket.link')}" data-basket-network="${ctx.t('downloads.client.network')}"
    data-basket-path="${localPath(ctx.lang, '/basket')}"><button type="button" class="secondary" data-basket-add>${ctx.t('downloads.basket.add')}</button></p>`
      : ''
  }
  <p class="download-status" role="status" data-download-status></p>
  <p class="meta">${ctx.t('downloads.forVerified')} <a href="${localPath(ctx.lang, '/account/downloads')}">${ctx.t('downloads.myDownloads')}</a></p>`
  }
</section>`;
}

/** A whole rendition's name, or a clip's profile and range: "Broadcast clip 10:00:12:03 → 10:00:30:00". */
function renditionLabel(ctx: PageContext, row: DownloadRow): string {
  if (row.rendition === 'clip-broadcast' || row.rendition === 'clip-web') {
    const key =
      row.rendition === 'clip-web' ? 'downloads.rendition.clipWeb' : 'downloads.rendition.clipBroadcast';
    return ctx.t(key, { in: row.clip?.in ?? '?', out: row.clip?.out ?? '?' });
  }
  return ctx.t(LABELS[row.rendition]);
}

function kind(ctx: PageContext, row: DownloadRow): string {
  return row.range === null
    ? ctx.t('downloads.history.full')
    : ctx.t('downloads.history.partial', { range: row.range });
}

/**
 * "Download again", one click: a whole rendition is a link to its download route; a clip is a form
 * that asks for the same range and profile again (remade if it left the cache) and lands on the
 * clip's page, or, enhanced by /static/client/history.js, downloads it from here.
 */
function againView(ctx: PageContext, row: DownloadRow): SafeHtml {
  const title = ctx.lang === 'fr' ? row.videoTitleFr : row.videoTitleEn;
  const label = html`${ctx.t('downloads.history.againButton')}<span class="visually-hidden"> ${title}, ${renditionLabel(ctx, row)}</span>`;
  if (isRenditionName(row.rendition))
    return html`<a href="${downloadPagePath(ctx.lang, row.videoId, row.rendition)}" download>${label}</a>`;
  if (!row.clip || !ctx.csrf) return html``;
  const profile = row.rendition === 'clip-web' ? 'web' : 'broadcast';
  return html`<form class="history-again" method="post" action="${localPath(ctx.lang, `/videos/${encodeURIComponent(row.videoId)}/clips`)}"
    data-video-id="${row.videoId}" data-queued-text="${ctx.t('clips.editor.queued')}" data-running-text="${ctx.t('clips.editor.running')}"
    data-ready-text="${ctx.t('clips.editor.ready')}" data-failed-text="${ctx.t('clips.error.failed')}" data-error-network="${ctx.t('downloads.client.network')}">
  <input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="in" value="${row.clip.in}"><input type="hidden" name="out" value="${row.clip.out}"><input type="hidden" name="profile" value="${profile}">
  <button type="submit" class="secondary">${label}</button>
  <span class="clip-progress" data-clip-progress hidden><progress max="100" value="0"></progress> <span data-clip-percent></span></span>
  <span role="status" data-clip-status></span>
</form>`;
}

/** The history's table, in a box that scrolls sideways on a phone: a named region keyboards can focus. */
function historyTable(
  ctx: PageContext,
  rows: readonly DownloadRow[],
  withUser: boolean,
  label: string,
): SafeHtml {
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="${label}"><table class="history">
  <thead><tr><th scope="col">${ctx.t('downloads.history.date')}</th>${withUser ? html`<th scope="col">${ctx.t('downloads.history.user')}</th>` : html`<th scope="col">${ctx.t('downloads.history.video')}</th>`}<th scope="col">${ctx.t('downloads.history.rendition')}</th><th scope="col">${ctx.t('downloads.history.kind')}</th><th scope="col">${ctx.t('downloads.history.bytes')}</th>${withUser ? '' : html`<th scope="col">${ctx.t('downloads.history.again')}</th>`}</tr></thead>
  <tbody>${rows.map(
    (row) =>
      html`<tr><td><time datetime="${row.at.toISOString()}" data-time="datetime">${formatDateTime(ctx.lang, row.at, ctx.timeZone)}</time></td>${
        withUser
          ? html`<td>${row.userEmail ?? ctx.t('downloads.history.deletedUser')}</td>`
          : html`<td><a href="${localPath(ctx.lang, `/videos/${encodeURIComponent(row.videoId)}`)}">${ctx.lang === 'fr' ? row.videoTitleFr : row.videoTitleEn}</a></td>`
      }<td>${renditionLabel(ctx, row)}</td><td>${kind(ctx, row)}</td><td>${formatBytes(row.bytes, ctx.lang)} / ${formatBytes(row.fileSize, ctx.lang)}</td>${withUser ? '' : html`<td>${againView(ctx, row)}</td>`}</tr>`,
  )}</tbody>
</table></div>`;
}

export function historyView(ctx: PageContext, rows: readonly DownloadRow[]): SafeHtml {
  return html`<h1>${ctx.t('downloads.history.title')}</h1>
<p class="lede">${ctx.t('downloads.history.intro')}</p>
${rows.length === 0 ? html`<p>${ctx.t('downloads.history.empty')}</p>` : historyTable(ctx, rows, false, ctx.t('downloads.history.title'))}`;
}

export function videoHistoryView(ctx: PageContext, title: string, rows: readonly DownloadRow[]): SafeHtml {
  const users = new Set(rows.map((r) => r.userEmail).filter(Boolean)).size;
  return html`<h1>${ctx.t('downloads.admin.title', { title })}</h1>
${
  rows.length === 0
    ? html`<p>${ctx.t('downloads.admin.empty')}</p>`
    : html`<p class="lede">${ctx.t('downloads.admin.summary', { count: rows.length, users })}</p>${historyTable(ctx, rows, true, ctx.t('downloads.admin.title', { title }))}`
}`;
}
