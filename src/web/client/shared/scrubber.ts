/**
 * The scrubber of our control bar: the play head, a press-and-drag to scrub, and on hover (or while
 * dragging) the thumbnail of that moment from the preview's sprite sheets with its timecode. The
 * selection and the shots are drawn on it by the clip editor (clip-editor.ts); their handles take
 * their own pointer events.
 */
import { cueAt, parseThumbnails, type ThumbnailCue } from './thumbnails.ts';

export interface ScrubberOptions {
  durationFrames: number;
  fps: number;
  thumbnails: string | undefined;
  timecode(frame: number): string;
  showFrame(frame: number): void;
}

export interface Scrubber {
  frameAtX(clientX: number): number;
  /** Moves the play head; `announce` also updates the slider's value (paused, not every frame). */
  setFrame(frame: number, announce: boolean): void;
}

export function enhanceScrubber(element: HTMLElement, options: ScrubberOptions): Scrubber {
  const track = element.querySelector<HTMLElement>('.scrubber-track') ?? element;
  const head = element.querySelector<HTMLElement>('.scrubber-head');
  const preview = element.querySelector<HTMLElement>('.scrubber-preview');
  const thumb = element.querySelector<HTMLElement>('.scrubber-thumb');
  const time = element.querySelector<HTMLElement>('.scrubber-time');
  const total = Math.max(1, options.durationFrames);
  let cues: ThumbnailCue[] = [];
  if (options.thumbnails) {
    const url = new URL(options.thumbnails, window.location.href).toString();
    void fetch(url)
      .then((response) => (response.ok ? response.text() : ''))
      .then((text) => {
        cues = parseThumbnails(text, url);
      })
      .catch(() => {});
  }

  const frameAtX = (clientX: number) => {
    const box = track.getBoundingClientRect();
    const ratio = box.width > 0 ? (clientX - box.left) / box.width : 0;
    return Math.max(0, Math.min(total - 1, Math.floor(ratio * total)));
  };
  const showPreview = (clientX: number) => {
    if (!preview) return;
    const frame = frameAtX(clientX);
    const box = track.getBoundingClientRect();
    preview.hidden = false;
    const half = preview.offsetWidth / 2;
    const x = Math.max(half, Math.min(box.width - half, clientX - box.left));
    preview.style.left = `${x}px`;
    if (time) time.textContent = options.timecode(frame);
    const cue = cueAt(cues, (frame + 0.5) / options.fps);
    if (thumb) {
      thumb.hidden = cue === null;
      if (cue) {
        thumb.style.backgroundImage = `url("${cue.url}")`;
        thumb.style.backgroundPosition = `-${cue.x}px -${cue.y}px`;
        thumb.style.width = `${cue.width}px`;
        thumb.style.height = `${cue.height}px`;
      }
    }
  };
  const hidePreview = () => {
    if (preview) preview.hidden = true;
  };

  let dragging = false;
  element.addEventListener('pointerdown', (event) => {
    if ((event.target as HTMLElement).closest('.scrubber-handle') || event.button !== 0) return;
    dragging = true;
    element.setPointerCapture(event.pointerId);
    options.showFrame(frameAtX(event.clientX));
    showPreview(event.clientX);
  });
  element.addEventListener('pointermove', (event) => {
    if (dragging) options.showFrame(frameAtX(event.clientX));
    if (event.pointerType === 'mouse' || dragging) showPreview(event.clientX);
  });
  const stop = (event: PointerEvent) => {
    if (dragging && element.hasPointerCapture(event.pointerId))
      element.releasePointerCapture(event.pointerId);
    dragging = false;
    hidePreview();
  };
  element.addEventListener('pointerup', stop);
  element.addEventListener('pointercancel', stop);
  element.addEventListener('pointerleave', () => {
    if (!dragging) hidePreview();
  });

  return {
    frameAtX,
    setFrame(frame, announce) {
      if (head) head.style.left = `${((frame + 0.5) / total) * 100}%`;
      if (announce) {
        element.setAttribute('aria-valuenow', String(frame));
        element.setAttribute('aria-valuetext', options.timecode(frame));
      }
    },
  };
}
