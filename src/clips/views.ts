/**
 * The clip editor under the player (a form that works without JavaScript and that the client script
 * enhances: I/O keys, live duration, progress, automatic download), the shotlist, and the clip page.
 */
import { basketItemsPath } from '../basket/public.ts';
import { frameToTimecode, type TimecodeFormat } from '../lib/timecode/timecode.ts';
import type { Shot } from '../media/public.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { messageTemplate } from '../web/i18n/index.ts';
import { localPath, type PageContext, videoPagePath } from '../web/layout.ts';
import { failureMessage } from './failure.ts';
import { clipTimecodes } from './file.ts';
import { broadcastClipsPossible } from './plan/codec-support.ts';
import { shotlistView } from './shotlist-view.ts';
import type { Clip } from './tables.ts';

/** What the editor needs of a video (the catalogue's video pages hand theirs over). */
export interface EditorVideo {
  id: string;
  status: string;
  fps: string | null;
  startTimecode: string | null;
  durationFrames: number | null;
  master: {
    container: string;
    videoCodec: string;
    /** The master's audio streams (the editor offers a choice of them). */
    audio?: EditorAudioStream[];
  } | null;
}

/** One audio stream of the master as the editor labels it. */
export interface EditorAudioStream {
  index: number;
  channels: number;
  codec: string;
  language?: string | null;
  title?: string | null;
}

function formatOf(video: EditorVideo): TimecodeFormat | null {
  if (!video.fps) return null;
  const [num = 25, den = 1] = video.fps.split('/').map(Number);
  return { rate: { num, den }, dropFrame: (video.startTimecode ?? '').includes(';') };
}

/** Generic handler names MOV and MP4 writers put on every sound track: no label. */
const GENERIC_TITLE = /^(sound|audio)\s*(media\s*)?handler$/i;

/** How a master's audio stream is named in the editor: language, title, channels, codec. */
export function audioStreamLabel(
  ctx: PageContext,
  stream: { channels: number; codec: string; language?: string | null; title?: string | null },
): string {
  const channels =
    stream.channels === 1
      ? ctx.t('clips.editor.channels.one')
      : stream.channels === 2
        ? ctx.t('clips.editor.channels.two')
        : ctx.t('clips.editor.channels.many', { count: stream.channels });
  const title = stream.title && !GENERIC_TITLE.test(stream.title) ? stream.title : null;
  return [stream.language, title, channels, stream.codec].filter(Boolean).join(' · ');
}

/** One checkbox per audio stream of the master, all ticked: the clip keeps the ones left ticked. */
function audioChoiceView(ctx: PageContext, video: EditorVideo): SafeHtml {
  const streams = video.master?.audio ?? [];
  if (streams.length === 0) return html``;
  return html`<fieldset class="clip-audio"><legend>${ctx.t('clips.editor.audio')}</legend>
    <input type="hidden" name="audioChoice" value="1">
    <p class="meta">${ctx.t('clips.editor.audioHint')}</p>
    ${streams.map(
      (stream, i) =>
        html`<label><input type="checkbox" name="audio" value="${stream.index}" checked> ${ctx.t('clips.editor.audioStream', { number: i + 1, description: audioStreamLabel(ctx, stream) })}</label>`,
    )}
  </fieldset>`;
}

/** The texts the client script shows, in the page's language (data attributes of the form). */
function clientTexts(ctx: PageContext): SafeHtml {
  const keep = (key: Parameters<PageContext['t']>[0], params: Record<string, string> = {}) =>
    ctx.t(key, params);
  return html`data-progress-text="${keep('clips.editor.progress', { percent: '{percent}' })}" data-ready-text="${keep('clips.editor.ready')}"
    data-queued-text="${keep('clips.editor.queued')}" data-running-text="${keep('clips.editor.running')}" data-failed-text="${keep('clips.error.failed')}"
    data-duration-text="${messageTemplate(ctx.lang, 'clips.editor.durationValue')}"
    data-out-note="${keep('clips.editor.outNoteInclusive')}" data-error-timecode="${keep('clips.editor.errorTimecode')}"
    data-error-order="${keep('clips.editor.errorOrder')}" data-error-bounds="${keep('clips.editor.errorBounds', { last: '{last}' })}"
    data-error-network="${keep('clips.editor.errorNetwork')}"
    data-basket-added="${messageTemplate(ctx.lang, 'clips.basket.added')}" data-basket-link="${keep('clips.basket.link')}"
    data-basket-network="${keep('clips.editor.errorNetwork')}" data-basket-path="${localPath(ctx.lang, '/basket')}"`;
}

export function clipEditorView(
  ctx: PageContext,
  video: EditorVideo,
  options: { signedIn: boolean; shots: Shot[]; in?: string; out?: string },
): SafeHtml {
  const format = formatOf(video);
  if (video.status !== 'ready' || !format || !video.master || !video.durationFrames) return html``;
  const start = video.startTimecode ?? '00:00:00:00';
  const inTc = options.in ?? start;
  const outTc = options.out ?? frameToTimecode(video.durationFrames, start, format);
  const masterFormat = `${video.master.container.toUpperCase()} ${video.master.videoCodec}`;
  const broadcast = broadcastClipsPossible(video.master.videoCodec);
  const editor = options.signedIn
    ? html`<form class="clip-editor stacked" id="clip-${video.id}" method="post" action="${localPath(ctx.lang, `/videos/${video.id}/clips`)}"
    data-video-id="${video.id}" data-fps="${video.fps}" data-start-timecode="${start}" data-duration-frames="${video.durationFrames}"
    ${clientTexts(ctx)}>
  ${ctx.csrf ? html`<input type="hidden" name="_csrf" value="${ctx.csrf}">` : ''}
  <input type="hidden" name="videoId" value="${video.id}"><input type="hidden" name="kind" value="clip">
  <p class="meta">${ctx.t('clips.editor.intro')}</p>
  <div class="clip-points">
    <div><label for="in-${video.id}">${ctx.t('clips.editor.inShort')} <span class="label-note">${ctx.t('clips.editor.inNote')}</span></label>
      <input id="in-${video.id}" name="in" value="${inTc}" required pattern="\\d{2}:\\d{2}:\\d{2}[:;.]\\d{2}" inputmode="numeric" autocomplete="off" spellcheck="false" aria-describedby="keys-clip-${video.id}">
      <button type="button" class="secondary" data-mark="in" hidden>${ctx.t('clips.editor.markIn')}</button></div>
    <div><label for="out-${video.id}">${ctx.t('clips.editor.outShort')} <span class="label-note" data-out-note>${ctx.t('clips.editor.outNoteExclusive')}</span></label>
      <input id="out-${video.id}" name="out" value="${outTc}" required pattern="\\d{2}:\\d{2}:\\d{2}[:;.]\\d{2}" inputmode="numeric" autocomplete="off" spellcheck="false" aria-describedby="keys-clip-${video.id}">
      <button type="button" class="secondary" data-mark="out" hidden>${ctx.t('clips.editor.markOut')}</button></div>
  </div>
  <dl class="clip-summary" hidden data-summary>
    <div><dt>${ctx.t('clips.editor.first')}</dt><dd><output data-first>–</output></dd></div>
    <div><dt>${ctx.t('clips.editor.last')}</dt><dd><output data-last>–</output></dd></div>
    <div><dt>${ctx.t('clips.editor.duration')}</dt><dd><output data-duration>–</output></dd></div>
  </dl>
  <fieldset class="clip-profile"><legend>${ctx.t('clips.editor.profile')}</legend>
    ${
      broadcast
        ? html`<label><input type="radio" name="profile" value="broadcast" checked> ${ctx.t('clips.editor.broadcast', { format: masterFormat })}</label>
    <label><input type="radio" name="profile" value="web"> ${ctx.t('clips.editor.web')}</label>`
        : html`<p class="notice" data-unsupported-codec>${ctx.t('clips.editor.unsupported', { codec: video.master.videoCodec })}</p>
    <label><input type="radio" name="profile" value="broadcast" disabled> ${ctx.t('clips.editor.broadcast', { format: masterFormat })}</label>
    <label><input type="radio" name="profile" value="web" checked> ${ctx.t('clips.editor.web')}</label>`
    }
  </fieldset>
  ${audioChoiceView(ctx, video)}
  <p class="meta" id="keys-clip-${video.id}">${ctx.t('clips.editor.keys')}</p>
  <div class="clip-actions"><button type="submit">${ctx.t('clips.editor.submit')}</button>
  <button class="secondary" formaction="${basketItemsPath(ctx.lang)}" data-basket-add>${ctx.t('clips.basket.add')}</button>
  <a data-share href="?in=${encodeURIComponent(inTc)}&amp;out=${encodeURIComponent(outTc)}">${ctx.t('clips.editor.share')}</a></div>
  <p class="clip-error" data-clip-error hidden></p>
  <div class="clip-progress" data-clip-progress hidden><progress max="100" value="0"></progress> <span data-clip-percent></span></div>
  <p class="clip-status" role="status" aria-live="polite" data-clip-status></p>
</form>`
    : html`<p class="notice"><a href="${localPath(ctx.lang, '/sign-in')}?returnTo=${encodeURIComponent(videoPagePath(ctx.lang, video.id, options))}">${ctx.t('clips.editor.signIn')}</a></p>`;
  return html`<section class="clip-section" aria-labelledby="clip-title-${video.id}">
  <h2 id="clip-title-${video.id}">${ctx.t('clips.editor.title')}</h2>
  ${editor}
</section>
${shotlistView(ctx, video, options.shots, format, { signedIn: options.signedIn })}`;
}

export function clipPageView(
  ctx: PageContext,
  clip: Clip,
  videoTitle: string,
  format: TimecodeFormat,
): SafeHtml {
  const frames = clip.out_frame - clip.in_frame;
  const outTc = clipTimecodes(clip, format.rate).out;
  const percent = Math.round(Number(clip.progress) * 100);
  return html`<h1>${ctx.t('clips.page.title', { title: videoTitle })}</h1>
<p>${ctx.t('clips.page.range', { in: clip.start_timecode, out: outTc, frames })}</p>
<p role="status">${ctx.t(`clips.page.status.${clip.status}`)}${clip.status === 'running' || clip.status === 'queued' ? ` (${percent} %)` : ''}</p>
${clip.method === 'reencode' ? html`<p class="notice">${ctx.t('clips.editor.reencode')}</p>` : ''}
${clip.status === 'ready' ? html`<p><a class="button-primary" href="/api/v1/clips/${clip.id}/file" download>${ctx.t('clips.editor.readyLink')}</a></p>` : ''}
${clip.status === 'failed' ? html`<p class="status status-failed">${failureMessage(clip, ctx.t) ?? ctx.t('clips.error.failed')}</p>` : ''}
${clip.status === 'ready' && clip.notes?.startsWith('verification failed') ? html`<p class="notice">${ctx.t('clips.page.remade')}</p>` : ''}
${clip.status === 'queued' || clip.status === 'running' ? html`<p class="meta">${ctx.t('clips.page.refresh')}</p>` : ''}
${clip.video_id ? html`<p><a href="${localPath(ctx.lang, `/videos/${clip.video_id}`)}?in=${encodeURIComponent(clip.start_timecode)}">${videoTitle}</a></p>` : ''}`;
}
