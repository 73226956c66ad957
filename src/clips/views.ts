/**
 * The clip editor under the player (a form that works without JavaScript and that the client script
 * enhances: I/O keys, live duration, progress, automatic download), the shotlist, and the clip page.
 */
import { frameToTimecode, type TimecodeFormat } from '../lib/timecode/timecode.ts';
import type { Shot } from '../media/public.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { localPath, type PageContext, videoPagePath } from '../web/layout.ts';
import { failureMessage } from './failure.ts';
import { clipTimecodes } from './file.ts';
import { broadcastClipsPossible } from './plan/codec-support.ts';
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

function shotlistView(ctx: PageContext, video: EditorVideo, shots: Shot[], format: TimecodeFormat): SafeHtml {
  if (shots.length === 0) return html``;
  const start = video.startTimecode ?? '00:00:00:00';
  return html`<section class="shotlist" aria-labelledby="shotlist-${video.id}">
  <h2 id="shotlist-${video.id}">${ctx.t('clips.shotlist.title')}</h2>
  <table>
    <thead><tr><th scope="col">#</th><th scope="col">${ctx.t('clips.shotlist.in')}</th><th scope="col">${ctx.t('clips.shotlist.out')}</th><th scope="col">${ctx.t('clips.shotlist.description')}</th><th scope="col"><span class="visually-hidden">${ctx.t('clips.shotlist.use')}</span></th></tr></thead>
    <tbody>${shots.map((shot, i) => {
      const inTc = frameToTimecode(shot.inFrame, start, format);
      const outTc = frameToTimecode(shot.outFrame, start, format);
      const description = ctx.lang === 'fr' ? shot.fr : shot.en;
      return html`<tr data-in="${inTc}" data-out="${outTc}"><td>${i + 1}</td><td><code>${inTc}</code></td><td><code>${outTc}</code></td><td>${description}</td>
      <td><a class="use-shot" href="?in=${encodeURIComponent(inTc)}&amp;out=${encodeURIComponent(outTc)}#clip-${video.id}" aria-label="${ctx.t('clips.shotlist.useLabel', { number: i + 1, description })}">${ctx.t('clips.shotlist.use')}</a></td></tr>`;
    })}</tbody>
  </table>
</section>`;
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
    data-progress-text="${ctx.t('clips.editor.progress', { percent: '{percent}' })}" data-ready-text="${ctx.t('clips.editor.ready')}"
    data-duration-text="${ctx.t('clips.editor.durationValue', { frames: '{frames}', timecode: '{timecode}' })}">
  ${ctx.csrf ? html`<input type="hidden" name="_csrf" value="${ctx.csrf}">` : ''}
  <p>${ctx.t('clips.editor.intro')}</p>
  <div class="clip-points">
    <div><label for="in-${video.id}">${ctx.t('clips.editor.in')}</label>
      <input id="in-${video.id}" name="in" value="${inTc}" required pattern="\\d{2}:\\d{2}:\\d{2}[:;.]\\d{2}" inputmode="numeric" autocomplete="off" aria-describedby="keys-clip-${video.id}">
      <button type="button" class="secondary" data-mark="in" hidden>${ctx.t('clips.editor.markIn')}</button></div>
    <div><label for="out-${video.id}">${ctx.t('clips.editor.out')}</label>
      <input id="out-${video.id}" name="out" value="${outTc}" required pattern="\\d{2}:\\d{2}:\\d{2}[:;.]\\d{2}" inputmode="numeric" autocomplete="off" aria-describedby="keys-clip-${video.id}">
      <button type="button" class="secondary" data-mark="out" hidden>${ctx.t('clips.editor.markOut')}</button></div>
  </div>
  <p><span class="label">${ctx.t('clips.editor.duration')}</span> <output data-duration>–</output></p>
  <fieldset><legend>${ctx.t('clips.editor.profile')}</legend>
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
  <button type="submit">${ctx.t('clips.editor.submit')}</button>
  <p class="clip-status" role="status" aria-live="polite" data-clip-status></p>
  <p><a data-share href="?in=${encodeURIComponent(inTc)}&amp;out=${encodeURIComponent(outTc)}#clip-${video.id}">${ctx.t('clips.editor.share')}</a></p>
</form>`
    : html`<p class="notice"><a href="${localPath(ctx.lang, '/sign-in')}?returnTo=${encodeURIComponent(videoPagePath(ctx.lang, video.id, options))}">${ctx.t('clips.editor.signIn')}</a></p>`;
  return html`<section class="clip-section" aria-labelledby="clip-title-${video.id}">
  <h2 id="clip-title-${video.id}">${ctx.t('clips.editor.title')}</h2>
  ${editor}
  ${shotlistView(ctx, video, options.shots, format)}
</section>`;
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
<p><a href="${localPath(ctx.lang, `/videos/${clip.video_id}`)}?in=${encodeURIComponent(clip.start_timecode)}">${videoTitle}</a></p>`;
}
