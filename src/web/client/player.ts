/**
 * The preview player (progressive enhancement of a server-rendered <div class="player">): hls.js
 * playback under our own control bar (catalog/player-view.ts): a scrubber with the thumbnails of the
 * preview's sprite sheets, the master's SMPTE timecode of the frame on screen, frame stepping, J/K/L
 * shuttle, space to play/pause, Home/End, Shift+arrows by the second, a help dialog on `?`. Preview
 * frame n is master frame n (the preview keeps the master's frame rate), so the timecode shown for a
 * frame equals the master's timecode of that frame. The keys work from anywhere on the page except
 * text fields (shared/keyboard.ts).
 */
import Hls from 'hls.js';
import { frameToTimecode, type TimecodeFormat } from '../../lib/timecode/timecode.ts';
import { keyBelongsToFocus } from './shared/keyboard.ts';
import type { PlayerHandle } from './shared/player-handle.ts';
import { enhanceScrubber } from './shared/scrubber.ts';

function parseRate(text: string): { num: number; den: number } {
  const [num = 25, den = 1] = text.split('/').map(Number);
  return { num, den };
}

const SHUTTLE_RATES = [1, 2, 4, 8];

function actionOf(event: KeyboardEvent): string | undefined {
  if (event.key === '?') return 'help';
  if (event.shiftKey && event.key === 'ArrowLeft') return 'second-back';
  if (event.shiftKey && event.key === 'ArrowRight') return 'second-forward';
  return BY_KEY[event.key];
}

const BY_KEY: Record<string, string> = {
  ArrowLeft: 'step-back',
  ArrowRight: 'step-forward',
  Home: 'first',
  End: 'last',
  ' ': 'play',
  j: 'shuttle-back',
  J: 'shuttle-back',
  k: 'stop',
  K: 'stop',
  l: 'shuttle-forward',
  L: 'shuttle-forward',
};
// Each enhanced player's actions, and the one the keys drive: the last one used, else the first.
const keyActions = new Map<HTMLElement, Record<string, () => void>>();
let activePlayer: HTMLElement | null = null;
function activate(root: HTMLElement): void {
  activePlayer = root;
}

/**
 * The keys work from anywhere on the page but text fields (and a control's own space and arrows).
 * Listening on the window in the capture phase, before the video sees the key, keeps → to one frame.
 * While a dialog is open (the help) the keys are the dialog's.
 */
function onKey(event: KeyboardEvent): void {
  const action = actionOf(event);
  if (!action || keyBelongsToFocus(event)) return;
  if (document.querySelector('dialog[open]')) return;
  let root = activePlayer?.isConnected ? activePlayer : null;
  root ??= [...keyActions.keys()].find((candidate) => candidate.isConnected) ?? null;
  if (!root) return;
  event.preventDefault();
  event.stopPropagation();
  keyActions.get(root)?.[action]?.();
}
window.addEventListener('keydown', onKey, { capture: true });

export function enhancePlayer(root: HTMLElement): PlayerHandle | null {
  const video = root.querySelector<HTMLVideoElement>('video');
  const src = root.dataset.src;
  if (!video || !src) return null;
  const rate = parseRate(root.dataset.fps ?? '25/1');
  const fps = rate.num / rate.den;
  const startTimecode = root.dataset.startTimecode ?? '00:00:00:00';
  const dropFrame = startTimecode.includes(';');
  const format: TimecodeFormat = { rate, dropFrame };
  const durationFrames = Number(root.dataset.durationFrames ?? 0);
  const display = root.querySelector<HTMLElement>('[data-timecode]');
  const bar = root.querySelector<HTMLElement>('.player-bar');
  const scrubberElement = root.querySelector<HTMLElement>('.scrubber');
  const playButton = root.querySelector<HTMLButtonElement>('button[data-action="play"]');
  const help = root.querySelector<HTMLDialogElement>('dialog.player-help');

  if (video.canPlayType('application/vnd.apple.mpegurl')) video.src = src;
  else if (Hls.isSupported()) {
    // While encoding, the playlists have no ENDLIST and look live: start at the beginning anyway.
    const hls = new Hls({ enableWorker: true, lowLatencyMode: false, startPosition: 0 });
    hls.loadSource(src);
    hls.attachMedia(video);
  }
  // Our bar replaces the native controls (their seek on → came on top of ours).
  if (bar) {
    video.controls = false;
    bar.hidden = false;
    // A click on the picture focuses it (the keys then go to this player), as native controls did.
    video.tabIndex = -1;
  }

  const clampFrame = (frame: number) =>
    Math.max(0, Math.min(durationFrames > 0 ? durationFrames - 1 : frame, frame));
  // The frame on screen at time t is the last one whose timestamp is <= t.
  const frameAt = (time: number) => clampFrame(Math.floor(time * fps + 1e-3));
  const frame = () => frameAt(video.currentTime);
  const timecode = (n: number) => frameToTimecode(n, startTimecode, format);
  // The media time of the last frame the compositor presented (requestVideoFrameCallback), if known.
  let presentedTime: number | undefined;
  // Aim at the middle of the frame so rounding can never land on its neighbour.
  const showFrame = (target: number) => {
    video.currentTime = (clampFrame(target) + 0.5) / fps;
  };
  const scrubber = scrubberElement
    ? enhanceScrubber(scrubberElement, {
        durationFrames,
        fps,
        thumbnails: root.dataset.thumbnails,
        timecode,
        showFrame,
      })
    : null;
  const render = () => {
    const current = frame();
    if (display) display.textContent = timecode(current);
    root.dataset.frame = String(current);
    scrubber?.setFrame(current, video.paused);
  };
  const seekFrame = (target: number) =>
    new Promise<void>((resolve) => {
      video.addEventListener(
        'seeked',
        () => {
          render();
          resolve();
        },
        { once: true },
      );
      showFrame(target);
    });

  let reverseTimer: number | undefined;
  let shuttle = 0; // negative: reverse (J), positive: forward (L)
  const stopReverse = () => {
    if (reverseTimer !== undefined) window.clearInterval(reverseTimer);
    reverseTimer = undefined;
  };
  const setShuttle = (speed: number) => {
    shuttle = speed;
    stopReverse();
    if (speed > 0) {
      video.playbackRate = speed;
      void video.play();
    } else if (speed < 0) {
      video.pause();
      // Browsers do not play backwards: step back at the shuttle speed.
      const stepMs = 1000 / fps;
      reverseTimer = window.setInterval(() => {
        const next = frame() - Math.max(1, Math.round(-speed));
        if (next <= 0) setShuttle(0);
        void seekFrame(Math.max(0, next));
      }, stepMs);
    } else {
      const wasPlaying = !video.paused;
      video.pause();
      video.playbackRate = 1;
      // Paused mid-frame, the position can run ahead of the picture: settle on the frame on screen so
      // the picture, the timecode and the next step all agree.
      if (wasPlaying) void seekFrame(presentedTime === undefined ? frame() : frameAt(presentedTime));
    }
    root.dataset.state = speed === 0 ? 'paused' : 'playing';
  };
  const nextShuttle = (direction: 1 | -1) => {
    const index = Math.sign(shuttle) === direction ? SHUTTLE_RATES.indexOf(Math.abs(shuttle)) + 1 : 0;
    setShuttle(direction * (SHUTTLE_RATES[Math.min(index, SHUTTLE_RATES.length - 1)] ?? 1));
  };
  const goTo = (target: number) => {
    setShuttle(0);
    void seekFrame(target);
  };
  const togglePlay = () => {
    if (video.paused && shuttle <= 0) setShuttle(1);
    else setShuttle(0);
  };
  const second = Math.max(1, Math.round(fps));

  const actions: Record<string, () => void> = {
    'step-back': () => goTo(frame() - 1),
    'step-forward': () => goTo(frame() + 1),
    'second-back': () => goTo(frame() - second),
    'second-forward': () => goTo(frame() + second),
    first: () => goTo(0),
    last: () => goTo(durationFrames - 1),
    play: togglePlay,
    'shuttle-back': () => nextShuttle(-1),
    stop: () => setShuttle(0),
    'shuttle-forward': () => nextShuttle(1),
    mute: () => {
      video.muted = !video.muted;
    },
    fullscreen: () => {
      if (document.fullscreenElement) void document.exitFullscreen();
      else void root.requestFullscreen?.().catch(() => {});
    },
    help: () => {
      if (help && !help.open) help.showModal();
    },
  };
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-action]')) {
    button.hidden = false;
    button.addEventListener('click', () => actions[button.dataset.action ?? '']?.());
  }
  video.addEventListener('click', togglePlay);
  video.addEventListener('dblclick', () => actions.fullscreen?.());
  const showState = () => {
    const playing = !video.paused;
    for (const icon of root.querySelectorAll<HTMLElement>('[data-icon]'))
      icon.hidden = (icon.dataset.icon === 'pause') !== playing;
    playButton?.setAttribute(
      'aria-label',
      (playing ? root.dataset.pauseLabel : root.dataset.playLabel) ??
        playButton.getAttribute('aria-label') ??
        '',
    );
    root.querySelector('button[data-action="mute"]')?.setAttribute('aria-pressed', String(video.muted));
  };
  for (const event of ['play', 'pause', 'volumechange']) video.addEventListener(event, showState);
  for (const event of ['focusin', 'pointerdown']) root.addEventListener(event, () => activate(root));
  keyActions.set(root, actions);
  const onFrame = (_now: number, metadata: { mediaTime: number }) => {
    presentedTime = metadata.mediaTime;
    render();
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(onFrame);
  };
  if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(onFrame);
  for (const event of ['timeupdate', 'seeked', 'loadedmetadata', 'pause'])
    video.addEventListener(event, render);
  root.classList.add('player-enhanced');
  render();
  const handle: PlayerHandle = {
    frame,
    seekFrame,
    showFrame,
    frameAtX: (x) => scrubber?.frameAtX(x) ?? frame(),
    scrubber: scrubberElement,
    format,
    startTimecode,
    durationFrames,
  };
  root.player = handle;
  root.dispatchEvent(new CustomEvent('player-ready', { bubbles: true }));
  return handle;
}

/** The same figure as the server renders it now (fetched, not navigated to). */
async function freshFigure(id: string): Promise<HTMLElement | null> {
  const response = await fetch(window.location.href, { headers: { accept: 'text/html' } }).catch(() => null);
  if (!response?.ok) return null;
  const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
  return doc.getElementById(`video-${id}`);
}

/**
 * Follows a processing video without reloading the page: progress updates in place; once the first
 * segments play (or processing failed) the figure is swapped for the server's new one; once the
 * preview is complete the "still preparing" notice goes away while the player keeps playing.
 */
function watchProcessing(figure: HTMLElement): void {
  const id = figure.dataset.videoId;
  if (!id) return;
  let current = figure;
  const timer = window.setInterval(async () => {
    const response = await fetch(`/api/v1/videos/${encodeURIComponent(id)}`).catch(() => null);
    if (!response?.ok) return;
    const video = (await response.json()) as { status: string; progress: number; previewUrl: string | null };
    const percent = Math.round(video.progress * 100);
    const progress = current.querySelector('progress');
    if (progress) progress.value = percent;
    const label = current.querySelector<HTMLElement>('[data-progress-label]');
    if (label) label.textContent = label.textContent?.replace(/\d+(?=\s?%)/, String(percent)) ?? '';
    const hasPlayer = current.querySelector('.player') !== null;
    if ((video.previewUrl && !hasPlayer) || video.status === 'failed') {
      const replacement = await freshFigure(id);
      if (!replacement) return;
      current.replaceWith(replacement);
      current = replacement;
      const root = current.querySelector<HTMLElement>('.player[data-src]');
      if (root) enhancePlayer(root);
    }
    if (video.status !== 'processing') {
      window.clearInterval(timer);
      current.querySelector('.status[role="status"]')?.remove();
      current.removeAttribute('data-processing');
    }
  }, 2000);
}

for (const root of document.querySelectorAll<HTMLElement>('.player[data-src]')) enhancePlayer(root);
for (const figure of document.querySelectorAll<HTMLElement>('[data-processing]')) watchProcessing(figure);
