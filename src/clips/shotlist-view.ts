/**
 * The shotlist beside the player: one row per shot (its first and last frame, its description in the
 * page's language). Each row is a link that selects the shot (it works without JavaScript: the video
 * page opens with that selection); with JavaScript a click selects it in place, and signed-in users get
 * a "download this shot" button. Rows carry the shot's half-open frame range for the client.
 */
import { frameToTimecode, type TimecodeFormat } from '../lib/timecode/timecode.ts';
import type { Shot } from '../media/public.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { PageContext } from '../web/layout.ts';

export function shotlistView(
  ctx: PageContext,
  video: { id: string; startTimecode: string | null },
  shots: readonly Shot[],
  format: TimecodeFormat,
  options: { signedIn: boolean },
): SafeHtml {
  if (shots.length === 0) return html``;
  const start = video.startTimecode ?? '00:00:00:00';
  return html`<section class="shotlist" aria-labelledby="shotlist-${video.id}">
  <h2 id="shotlist-${video.id}">${ctx.t('clips.shotlist.title')}</h2>
  <ol class="shot-rows">${shots.map((shot, i) => {
    const inTc = frameToTimecode(shot.inFrame, start, format);
    const outTc = frameToTimecode(shot.outFrame, start, format);
    const lastTc = frameToTimecode(Math.max(shot.inFrame, shot.outFrame - 1), start, format);
    const description = ctx.lang === 'fr' ? shot.fr : shot.en;
    return html`<li class="shot" data-in-frame="${shot.inFrame}" data-out-frame="${shot.outFrame}" data-in="${inTc}" data-out="${outTc}">
      <a class="use-shot" href="?in=${encodeURIComponent(inTc)}&amp;out=${encodeURIComponent(outTc)}">
        <span class="visually-hidden">${ctx.t('clips.shotlist.use')}</span>
        <span class="shot-number">${i + 1}</span>
        <span class="shot-times"><code>${inTc}</code> – <code>${lastTc}</code></span>
        <span class="shot-description">${description}</span></a>
      ${options.signedIn ? html`<button type="button" class="secondary shot-download" hidden aria-label="${ctx.t('clips.shotlist.downloadLabel', { number: i + 1, description })}">${ctx.t('clips.shotlist.downloadNumbered', { number: i + 1 })}</button>` : ''}
    </li>`;
  })}</ol>
</section>`;
}
