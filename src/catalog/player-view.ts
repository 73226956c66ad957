/**
 * The player as the server renders it: the video (native controls until the client script takes
 * over), our control bar (scrubber with thumbnails, the selection and the shots drawn on it; frame
 * step, play, J/K/L, the master's timecode, sound, full screen) hidden until enhanced, and the help
 * dialog listing the keys (`?`). Icons are inline SVG (no inline styles: the CSP forbids them).
 */
import { html, raw, type SafeHtml } from '../web/html.ts';
import type { PageContext } from '../web/layout.ts';

const ICONS = {
  stepBack: 'M6 5h2v14H6zM20 5v14L9 12z',
  play: 'M7 4v16l13-8z',
  pause: 'M6 4h4v16H6zM14 4h4v16h-4z',
  stepForward: 'M16 5h2v14h-2zM4 5v14l11-7z',
  sound: 'M4 9v6h4l5 4V5L8 9zM16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12',
  fullscreen: 'M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5',
} as const;

function icon(name: keyof typeof ICONS): SafeHtml {
  const stroke = name === 'sound' || name === 'fullscreen';
  return html`<svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">${raw(
    `<path d="${ICONS[name]}"${stroke ? ' fill="none" stroke="currentColor" stroke-width="2"' : ' fill="currentColor"'}/>`,
  )}</svg>`;
}

export interface PlayerVideo {
  id: string;
  title: string;
  fps: string | null;
  startTimecode: string | null;
  durationFrames: number | null;
}

function helpDialog(ctx: PageContext, id: string): SafeHtml {
  const rows: [string, string][] = [
    ['← →', ctx.t('catalog.keys.step')],
    ['Shift + ← →', ctx.t('catalog.keys.second')],
    [ctx.t('catalog.keys.spaceKey'), ctx.t('catalog.keys.play')],
    ['J K L', ctx.t('catalog.keys.shuttle')],
    ['I', ctx.t('catalog.keys.markIn')],
    ['O', ctx.t('catalog.keys.markOut')],
    ['Shift + I', ctx.t('catalog.keys.goIn')],
    ['Shift + O', ctx.t('catalog.keys.goOut')],
    ['Home End', ctx.t('catalog.keys.ends')],
    ['?', ctx.t('catalog.keys.help')],
  ];
  return html`<dialog class="player-help" id="help-${id}" aria-labelledby="help-title-${id}">
  <h2 id="help-title-${id}">${ctx.t('catalog.keys.title')}</h2>
  <p class="meta">${ctx.t('catalog.keys.intro')}</p>
  <dl class="keys">${rows.map(([keys, what]) => html`<div><dt><kbd>${keys}</kbd></dt><dd>${what}</dd></div>`)}</dl>
  <form method="dialog"><button type="submit">${ctx.t('catalog.keys.close')}</button></form>
</dialog>`;
}

export function playerView(
  ctx: PageContext,
  video: PlayerVideo,
  files: { src: string; poster: string; thumbnails: string },
): SafeHtml {
  const keysId = `keys-${video.id}`;
  const start = video.startTimecode ?? '00:00:00:00';
  const last = Math.max(0, (video.durationFrames ?? 1) - 1);
  return html`<div class="player" tabindex="0" role="group" aria-label="${ctx.t('player.label', { title: video.title })}"
    aria-describedby="${keysId}" data-src="${files.src}" data-thumbnails="${files.thumbnails}" data-fps="${video.fps ?? '25/1'}"
    data-start-timecode="${start}" data-duration-frames="${video.durationFrames ?? 0}"
    data-play-label="${ctx.t('catalog.player.play')}" data-pause-label="${ctx.t('catalog.player.pause')}">
  <video controls preload="metadata" playsinline poster="${files.poster}"></video>
  <div class="player-bar" hidden>
    <div class="scrubber" tabindex="0" role="slider" aria-label="${ctx.t('catalog.player.position')}" aria-valuemin="0" aria-valuemax="${last}" aria-valuenow="0" aria-valuetext="${start}">
      <div class="scrubber-track">
        <div class="scrubber-shots" aria-hidden="true"></div>
        <div class="scrubber-range" hidden aria-hidden="true"><span class="scrubber-handle" data-handle="in" title="${ctx.t('catalog.player.dragIn')}"></span><span class="scrubber-handle" data-handle="out" title="${ctx.t('catalog.player.dragOut')}"></span></div>
        <div class="scrubber-head" aria-hidden="true"></div>
      </div>
      <div class="scrubber-preview" hidden aria-hidden="true"><div class="scrubber-thumb"></div><span class="scrubber-time"></span></div>
    </div>
    <div class="player-controls">
      <button type="button" class="icon-button" data-action="step-back" aria-label="${ctx.t('player.stepBack')}" title="${ctx.t('player.stepBack')} (←)">${icon('stepBack')}</button>
      <button type="button" class="icon-button" data-action="play" aria-label="${ctx.t('catalog.player.play')}" title="${ctx.t('player.play')} (${ctx.t('catalog.keys.spaceKey')})"><span data-icon="play">${icon('play')}</span><span data-icon="pause" hidden>${icon('pause')}</span></button>
      <button type="button" class="icon-button" data-action="step-forward" aria-label="${ctx.t('player.stepForward')}" title="${ctx.t('player.stepForward')} (→)">${icon('stepForward')}</button>
      <span class="shuttle">
        <button type="button" class="secondary key-button" data-action="shuttle-back" aria-label="${ctx.t('player.shuttleBack')}" title="${ctx.t('player.shuttleBack')}">J</button>
        <button type="button" class="secondary key-button" data-action="stop" aria-label="${ctx.t('player.stop')}" title="${ctx.t('player.stop')}">K</button>
        <button type="button" class="secondary key-button" data-action="shuttle-forward" aria-label="${ctx.t('player.shuttleForward')}" title="${ctx.t('player.shuttleForward')}">L</button>
      </span>
      <span class="timecode-box"><span class="timecode-label" id="timecode-label-${video.id}">${ctx.t('player.timecode')}</span>
      <output class="timecode" data-timecode aria-live="off" aria-labelledby="timecode-label-${video.id}">${start}</output></span>
      <span class="player-end">
        <button type="button" class="icon-button" data-action="mute" aria-label="${ctx.t('catalog.player.mute')}" aria-pressed="false" title="${ctx.t('catalog.player.mute')}">${icon('sound')}</button>
        <button type="button" class="icon-button" data-action="fullscreen" aria-label="${ctx.t('catalog.player.fullscreen')}" title="${ctx.t('catalog.player.fullscreen')}">${icon('fullscreen')}</button>
        <button type="button" class="icon-button" data-action="help" aria-haspopup="dialog" aria-controls="help-${video.id}" aria-label="${ctx.t('catalog.keys.title')}" title="${ctx.t('catalog.keys.title')} (?)">?</button>
      </span>
    </div>
  </div>
  <p class="meta player-keys" id="${keysId}">${ctx.t('catalog.player.keys')}</p>
  <noscript><p class="meta">${ctx.t('player.noScript')}</p></noscript>
  ${helpDialog(ctx, video.id)}
</div>`;
}
