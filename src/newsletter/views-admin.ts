/**
 * The back office's newsletter pages: counts of subscribers, the special editions with their delivery
 * counts, the form of a new edition, refused addresses; an edition's page with its previews (FR and
 * EN, in sandboxed frames), "send me a test", "send now" and "schedule".
 */
import { html, type SafeHtml } from '../web/html.ts';
import { formatDateTime } from '../web/i18n/index.ts';
import type { PageContext } from '../web/layout.ts';
import { localPath } from '../web/layout.ts';
import type { EditionView } from './service.ts';
import type { SubscriberStatus } from './tables.ts';

const csrfInput = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

function status(ctx: PageContext, e: EditionView): string {
  if (e.status === 'scheduled' && e.scheduledAt)
    return ctx.t('newsletter.admin.status.scheduled', {
      date: formatDateTime(ctx.lang, e.scheduledAt, ctx.timeZone),
    });
  return ctx.t(`newsletter.admin.status.${e.status === 'scheduled' ? 'draft' : e.status}`);
}

export function adminListView(
  ctx: PageContext,
  input: {
    csrf: string;
    editions: EditionView[];
    counts: Record<SubscriberStatus, number>;
    bounced: { email: string; reason: string }[];
    notice?: string | null;
    error?: string | null;
    values?: { introFr?: string; introEn?: string; stories?: string };
  },
): SafeHtml {
  const t = ctx.t;
  const v = input.values ?? {};
  return html`<h1>${t('newsletter.admin.title')}</h1>
<p>${t('newsletter.admin.intro')}</p>
<p>${t('newsletter.admin.stats', { active: input.counts.active, pending: input.counts.pending, bounced: input.counts.bounced })}</p>
${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : ''}
${input.error ? html`<p class="field-error" role="alert">${input.error}</p>` : ''}
<section aria-labelledby="editions-title">
<h2 id="editions-title">${t('newsletter.admin.editions')}</h2>
${
  input.editions.length === 0
    ? html`<p>${t('newsletter.admin.noEditions')}</p>`
    : html`<div class="table-scroll"><table>
<thead><tr><th scope="col">${t('newsletter.admin.col.created')}</th><th scope="col">${t('newsletter.admin.col.status')}</th><th scope="col">${t('newsletter.admin.col.recipients')}</th><th scope="col">${t('newsletter.admin.col.sent')}</th><th scope="col">${t('newsletter.admin.col.failed')}</th><th scope="col"><span class="visually-hidden">${t('newsletter.admin.col.actions')}</span></th></tr></thead>
<tbody>${input.editions.map(
        (
          e,
        ) => html`<tr><td>${formatDateTime(ctx.lang, e.createdAt, ctx.timeZone)}</td><td>${status(ctx, e)}</td><td>${e.recipients}</td><td>${e.sent}</td><td>${e.failed}</td>
<td><a href="${localPath(ctx.lang, `/admin/newsletter/${e.id}`)}">${t('newsletter.admin.open')}</a></td></tr>`,
      )}</tbody></table></div>`
}
</section>
<section aria-labelledby="new-title">
<h2 id="new-title">${t('newsletter.admin.new')}</h2>
<form class="stacked" method="post" action="${localPath(ctx.lang, '/admin/newsletter')}">
  ${csrfInput(input.csrf)}
  <div class="field"><label for="intro-fr">${t('newsletter.admin.introFr')}</label>
  <textarea id="intro-fr" name="introFr" rows="4" lang="fr">${v.introFr ?? ''}</textarea></div>
  <div class="field"><label for="intro-en">${t('newsletter.admin.introEn')}</label>
  <textarea id="intro-en" name="introEn" rows="4" lang="en">${v.introEn ?? ''}</textarea></div>
  <div class="field"><label for="stories">${t('newsletter.admin.stories')}</label>
  <textarea id="stories" name="stories" rows="3" spellcheck="false">${v.stories ?? ''}</textarea></div>
  <div><button type="submit">${t('newsletter.admin.create')}</button></div>
</form>
</section>
<section aria-labelledby="bounced-title">
<h2 id="bounced-title">${t('newsletter.admin.bounced')}</h2>
${
  input.bounced.length === 0
    ? html`<p>${t('newsletter.admin.noBounced')}</p>`
    : html`<ul>${input.bounced.map((b) => html`<li>${t('newsletter.admin.bounce', { email: b.email, reason: b.reason })}</li>`)}</ul>`
}
</section>`;
}

export function adminEditionView(
  ctx: PageContext,
  input: { csrf: string; edition: EditionView; zone: string; notice?: string | null; error?: string | null },
): SafeHtml {
  const t = ctx.t;
  const e = input.edition;
  const base = localPath(ctx.lang, `/admin/newsletter/${e.id}`);
  const open = e.status === 'draft' || e.status === 'scheduled';
  return html`<p><a href="${localPath(ctx.lang, '/admin/newsletter')}">${t('newsletter.admin.back')}</a></p>
<h1>${t('newsletter.admin.edition', { date: formatDateTime(ctx.lang, e.createdAt, ctx.timeZone) })}</h1>
<p>${t('newsletter.admin.counts', { status: status(ctx, e), recipients: e.recipients, sent: e.sent, failed: e.failed })}</p>
${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : ''}
${input.error ? html`<p class="field-error" role="alert">${input.error}</p>` : ''}
<div class="newsletter-actions">
<form method="post" action="${base}/test">${csrfInput(input.csrf)}<button type="submit" class="secondary">${t('newsletter.admin.test')}</button></form>
${
  open
    ? html`<form method="post" action="${base}/send">${csrfInput(input.csrf)}<button type="submit">${t('newsletter.admin.sendNow')}</button></form>
<form method="post" action="${base}/send" class="stacked">${csrfInput(input.csrf)}
<div class="field"><label for="send-at">${t('newsletter.admin.at', { zone: input.zone })}</label>
<input id="send-at" name="at" type="datetime-local" required></div>
<div><button type="submit" class="secondary">${t('newsletter.admin.schedule')}</button></div></form>`
    : ''
}
</div>
${(['fr', 'en'] as const).map(
  (
    lang,
  ) => html`<section class="newsletter-preview" aria-label="${t('newsletter.admin.preview', { language: t(`newsletter.language.${lang}`) })}">
<h2>${t('newsletter.admin.preview', { language: t(`newsletter.language.${lang}`) })}</h2>
<iframe title="${t('newsletter.admin.preview', { language: t(`newsletter.language.${lang}`) })}" src="${base}/preview?lang=${lang}" sandbox=""></iframe>
</section>`,
)}`;
}
