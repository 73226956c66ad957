/**
 * The back office's Audio page: the upload form (a plain multipart form posting to the API with
 * `?return=<lang>`, several files at once; no script needed), then every item with its waveform,
 * player, facts, the line to paste in a story's media field, its titles, descriptions (FR/EN) and
 * credit form, and its delete button.
 */
import { backofficeTabs } from '../backoffice/public.ts';
import { formatBytes } from '../web/format-bytes.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { localPath, type PageContext } from '../web/layout.ts';
import { fileUrl } from './audio-json.ts';
import type { AudioItem } from './repository.ts';

export interface AudioPageInput {
  items: AudioItem[];
  csrf: string;
  limitsText: string;
  notice?: string | null;
  error?: string | null;
  /** Field errors of one item's form, by item id. */
  fieldErrors?: { id: string; messages: Record<string, string> } | null;
}

/** The back office's tabs (one row for every back-office page), Audio current. */
function tabs(ctx: PageContext): SafeHtml {
  return backofficeTabs(ctx, 'audio');
}

/** m:ss or h:mm:ss. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function item(ctx: PageContext, a: AudioItem, input: AudioPageInput): SafeHtml {
  const { t, lang } = ctx;
  const errors = input.fieldErrors?.id === a.id ? input.fieldErrors.messages : {};
  const id = a.id;
  const field = (name: string, label: string, value: string, key: string, multiline: boolean) =>
    html`<div class="field"><label for="${name}-${id}">${label}</label>
    ${multiline ? html`<textarea id="${name}-${id}" name="${name}" rows="2">${value}</textarea>` : html`<input id="${name}-${id}" name="${name}" value="${value}">`}
    ${errors[key] ? html`<p class="field-error">${errors[key]}</p>` : ''}</div>`;
  const ready = a.status === 'ready';
  const rate = (a.sampleRate / 1000).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    maximumFractionDigits: 1,
  });
  return html`<li class="card audio-item" data-audio-id="${id}" data-status="${a.status}">
  <div class="card-body">
    <h2 class="card-title">${a.title[lang] || a.title[lang === 'fr' ? 'en' : 'fr']}</h2>
    <p class="meta">${a.originalName} · ${t('audio.meta', { duration: formatDuration(a.durationMs), codec: a.codec, rate, channels: a.channels, size: formatBytes(a.size, lang) })}</p>
    ${
      ready
        ? html`<img class="audio-waveform" src="${fileUrl(id, 'waveform')}" alt="" width="1200" height="160" loading="lazy">
    <audio controls preload="none" src="${fileUrl(id, 'preview')}"></audio>`
        : ''
    }
    ${a.status === 'processing' ? html`<p class="status" role="status">${t('audio.status.processing')}</p>` : ''}
    ${a.status === 'failed' ? html`<p class="status status-failed">${t('audio.status.failed', { reason: t('audio.failed') })}</p>` : ''}
    <p class="meta">${t('audio.mediaLine')} <code>audio:${id}</code></p>
    <form method="post" action="${localPath(lang, `/admin/audio/${id}`)}" class="audio-texts">
      <input type="hidden" name="_csrf" value="${input.csrf}">
      ${field('titleFr', t('audio.field.titleFr'), a.title.fr, 'translations.fr.title', false)}
      ${field('titleEn', t('audio.field.titleEn'), a.title.en, 'translations.en.title', false)}
      ${field('descriptionFr', t('audio.field.descriptionFr'), a.description.fr, 'translations.fr.description', true)}
      ${field('descriptionEn', t('audio.field.descriptionEn'), a.description.en, 'translations.en.description', true)}
      ${field('credit', t('audio.field.credit'), a.credit, 'credit', false)}
      <button type="submit">${t('audio.save')}</button>
    </form>
    <form method="post" action="${localPath(lang, `/admin/audio/${id}/delete`)}">
      <input type="hidden" name="_csrf" value="${input.csrf}">
      <button type="submit" class="danger">${t('audio.delete')}</button>
    </form>
  </div>
</li>`;
}

export function audioView(ctx: PageContext, input: AudioPageInput): SafeHtml {
  const { t, lang } = ctx;
  return html`<div class="backoffice">
${tabs(ctx)}
<h1>${t('audio.title')}</h1>
${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : ''}
${input.error ? html`<p class="error-summary" role="alert">${input.error}</p>` : ''}
<p>${t('audio.intro')}</p>
<form method="post" action="/api/v1/audio?return=${lang}" enctype="multipart/form-data" class="audio-upload">
  <div class="field"><label for="audio-files">${t('audio.upload.label')}</label>
    <input type="file" id="audio-files" name="files" multiple required accept="audio/*,.wav,.bwf,.mp3,.m4a,.aac,.flac,.ogg,.opus,.aif,.aiff" aria-describedby="audio-files-hint">
    <p id="audio-files-hint" class="hint">${input.limitsText}</p></div>
  <button type="submit">${t('audio.upload.submit')}</button>
</form>
${
  input.items.length === 0
    ? html`<p>${t('audio.empty')}</p>`
    : html`<ul class="cards plain audio-list" aria-label="${t('audio.list.caption')}">${input.items.map((a) => item(ctx, a, input))}</ul>`
}
</div>`;
}
