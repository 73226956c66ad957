/**
 * The back office's Photos page: the upload form (a plain multipart form posting to the API, several
 * files at once; no script needed), then every photo with its thumbnail, size, date taken, the line to paste in a
 * story's media field, its caption (FR/EN) and credit form, and its delete button.
 */

import { backofficeTabs } from '../backoffice/public.ts';
import { dateTimeFormat } from '../lib/intl/formatters.ts';
import { formatBytes } from '../web/format-bytes.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { localPath, type PageContext } from '../web/layout.ts';
import { fileUrl } from './photo-json.ts';
import type { Photo } from './repository.ts';

export interface PhotosPageInput {
  photos: Photo[];
  csrf: string;
  limitsText: string;
  notice?: string | null;
  error?: string | null;
  /** Field errors of one photo's form, by photo id. */
  fieldErrors?: { id: string; messages: Record<string, string> } | null;
}

/** The back office's tabs (one row for every back-office page), Photos current. */
function tabs(ctx: PageContext): SafeHtml {
  return backofficeTabs(ctx, 'photos');
}

function formatDate(lang: 'fr' | 'en', date: Date): string {
  return dateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(date);
}

function photoItem(ctx: PageContext, photo: Photo, input: PhotosPageInput): SafeHtml {
  const { t, lang } = ctx;
  const thumb = photo.renditions.find((r) => r.name === 'thumb');
  const errors = input.fieldErrors?.id === photo.id ? input.fieldErrors.messages : {};
  const id = photo.id;
  const field = (name: string, label: string, value: string, key: string, multiline: boolean) =>
    html`<div class="field"><label for="${name}-${id}">${label}</label>
    ${multiline ? html`<textarea id="${name}-${id}" name="${name}" rows="2">${value}</textarea>` : html`<input id="${name}-${id}" name="${name}" value="${value}">`}
    ${errors[key] ? html`<p class="field-error">${errors[key]}</p>` : ''}</div>`;
  return html`<li class="card photo-item" data-photo-id="${id}" data-status="${photo.status}">
  ${thumb ? html`<img class="card-image" src="${fileUrl(id, 'thumb')}" alt="" width="${thumb.width}" height="${thumb.height}" loading="lazy">` : ''}
  <div class="card-body">
    <h2 class="card-title">${photo.originalName}</h2>
    <p class="meta">${t('photos.meta', { width: photo.width, height: photo.height, size: formatBytes(photo.size, lang) })}${
      photo.takenAt ? html` · ${t('photos.takenAt', { date: formatDate(lang, photo.takenAt) })}` : ''
    }</p>
    ${photo.status === 'processing' ? html`<p class="status" role="status">${t('photos.status.processing')}</p>` : ''}
    ${photo.status === 'failed' ? html`<p class="status status-failed">${t('photos.status.failed', { reason: t('photos.failed') })}</p>` : ''}
    <p class="meta"><code>photo:${id}</code></p>
    <form method="post" action="${localPath(lang, `/admin/photos/${id}`)}" class="photo-texts">
      <input type="hidden" name="_csrf" value="${input.csrf}">
      ${field('captionFr', t('photos.field.captionFr'), photo.caption.fr, 'caption.fr', true)}
      ${field('captionEn', t('photos.field.captionEn'), photo.caption.en, 'caption.en', true)}
      ${field('credit', t('photos.field.credit'), photo.credit, 'credit', false)}
      <button type="submit">${t('photos.save')}</button>
    </form>
    <form method="post" action="${localPath(lang, `/admin/photos/${id}/delete`)}">
      <input type="hidden" name="_csrf" value="${input.csrf}">
      <button type="submit" class="danger">${t('photos.delete')}</button>
    </form>
  </div>
</li>`;
}

export function photosView(ctx: PageContext, input: PhotosPageInput): SafeHtml {
  const { t, lang } = ctx;
  return html`<div class="backoffice">
${tabs(ctx)}
<h1>${t('photos.title')}</h1>
${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : ''}
${input.error ? html`<p class="error-summary" role="alert">${input.error}</p>` : ''}
<p>${t('photos.intro')}</p>
<form method="post" action="/api/v1/photos?return=${lang}" enctype="multipart/form-data" class="photo-upload">
  <input type="hidden" name="_csrf" value="${input.csrf}">
  <div class="field"><label for="photo-files">${t('photos.upload.label')}</label>
    <input type="file" id="photo-files" name="files" multiple required accept="image/jpeg,image/png,image/tiff,image/webp,image/avif" aria-describedby="photo-files-hint">
    <p id="photo-files-hint" class="hint">${input.limitsText}</p></div>
  <button type="submit">${t('photos.upload.submit')}</button>
</form>
${
  input.photos.length === 0
    ? html`<p>${t('photos.empty')}</p>`
    : html`<ul class="cards plain photo-list" aria-label="${t('photos.list.caption')}">${input.photos.map((p) => photoItem(ctx, p, input))}</ul>`
}
</div>`;
}
