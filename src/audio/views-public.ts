/**
 * An audio item on a public story page (and its preview): a figure with the waveform image and an
 * `<audio>` player of the web preview, the title and description in the page's language (the other
 * language's title only announced as such), the credit, and the original's download for verified
 * journalists and editors (others are told to sign in). Items still being processed are left out.
 */
import type { Viewer } from '../downloads/public.ts';
import { formatBytes } from '../web/format-bytes.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { PageContext } from '../web/layout.ts';
import { localPath } from '../web/layout.ts';
import { fileUrl } from './audio-json.ts';
import type { AudioItem } from './repository.ts';

/** The item's end as an audio timecode (25 frames a second, the clip API's unit for audio). */
function endTimecode(durationMs: number): string {
  const frames = Math.ceil((durationMs * 25) / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(frames / 90000))}:${pad(Math.floor(frames / 1500) % 60)}:${pad(Math.floor(frames / 25) % 60)}:${pad(frames % 25)}`;
}

/** In/Out timecodes posted to the clip pages (a part in the original's format, no script needed). */
function partForm(ctx: PageContext, item: AudioItem): SafeHtml {
  const end = endTimecode(item.durationMs);
  const tc = '^\\d{2}:\\d{2}:\\d{2}[:;]\\d{2}$';
  return html`<details class="audio-part"><summary>${ctx.t('audio.figure.part')}</summary>
  <form method="post" action="${localPath(ctx.lang, `/videos/${item.id}/clips`)}">
    ${ctx.csrf ? html`<input type="hidden" name="_csrf" value="${ctx.csrf}">` : ''}
    <p class="meta">${ctx.t('audio.figure.partHelp', { end })}</p>
    <label class="audio-part-field">${ctx.t('audio.figure.partIn')} <input name="in" value="00:00:00:00" required pattern="${tc}" inputmode="numeric" size="11" autocomplete="off"></label>
    <label class="audio-part-field">${ctx.t('audio.figure.partOut')} <input name="out" value="${end}" required pattern="${tc}" inputmode="numeric" size="11" autocomplete="off"></label>
    <button type="submit">${ctx.t('audio.figure.partSubmit')}</button>
  </form></details>`;
}

export function audioFigure(
  ctx: PageContext,
  item: AudioItem,
  viewer: Viewer,
  options: { signInReturnTo?: string } = {},
): SafeHtml | null {
  if (item.status !== 'ready') return null;
  const other = ctx.lang === 'fr' ? 'en' : 'fr';
  const own = item.title[ctx.lang].trim();
  const title = own || item.title[other].trim();
  const description = own ? item.description[ctx.lang].trim() : '';
  const mayOriginal = viewer.kind === 'staff' || (viewer.kind === 'journalist' && viewer.verified);
  const preview = fileUrl(item.id, 'preview');
  const headingId = `audio-${item.id}-title`;
  return html`<figure class="audio" id="audio-${item.id}" data-audio-id="${item.id}" aria-labelledby="${headingId}">
  <img class="audio-waveform" src="${fileUrl(item.id, 'waveform')}" alt="${ctx.t('audio.figure.waveform', { title })}" width="1200" height="160" loading="lazy" decoding="async">
  <audio controls preload="metadata" src="${preview}" aria-labelledby="${headingId}">${ctx.t('audio.figure.noPlayer')}<a href="${preview}?download=1">${title}</a></audio>
  <figcaption>
    <span class="audio-title" id="${headingId}"${own ? '' : html` lang="${other}"`}>${title}</span>${own ? '' : html` <span class="meta">${ctx.t('audio.figure.otherLanguage')}</span>`}
    ${description ? html`<span class="audio-description">${description}</span>` : ''}
    ${item.credit ? html`<span class="meta audio-credit">${ctx.t('audio.figure.credit', { credit: item.credit })}</span>` : ''}
    <span class="audio-downloads">${
      mayOriginal
        ? html`<a href="${fileUrl(item.id, 'original')}" download>${ctx.t('audio.figure.download', { size: formatBytes(item.size, ctx.lang) })}</a>`
        : viewer.kind === 'anonymous' && options.signInReturnTo
          ? html`<a href="${localPath(ctx.lang, '/sign-in')}?returnTo=${encodeURIComponent(options.signInReturnTo)}">${ctx.t('audio.figure.downloadSignIn')}</a>`
          : ''
    }</span>
    ${mayOriginal ? partForm(ctx, item) : ''}
  </figcaption>
</figure>`;
}
