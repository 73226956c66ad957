/**
 * The clip editor (progressive enhancement of the server-rendered form, clips/views.ts). The In and
 * Out fields hold the first and the last frame of the selection, both included, as an editor marks
 * them (Avid, Premiere); the page's address, the share link and the API keep the half-open range
 * [in, out). I and O mark from the frame on screen, Shift+I and Shift+O go to the marks, from anywhere
 * but a text field. The selection is drawn on the player's scrubber with handles to drag; the
 * shotlist's rows are drawn on it too, and a click on a row selects that shot. Submitting makes the
 * clip through the API: progress in place, one polite announcement per state, then the download.
 */
import { formatTimecode, frameToTimecode, type TimecodeFormat } from '../../lib/timecode/timecode.ts';
import { formatMessage } from '../i18n/plural.ts';
import { addToBasket, basketTexts, pageLang } from './shared/basket.ts';
import { startDownload, trackClip } from './shared/clip-progress.ts';
import { keyBelongsToFocus } from './shared/keyboard.ts';
import { framePercent } from './shared/player-handle.ts';
import { halfOpen, parseFrame, problemOf, type SelectionProblem } from './shared/selection.ts';

function enhanceEditor(form: HTMLFormElement): void {
  const [num = 25, den = 1] = (form.dataset.fps ?? '25/1').split('/').map(Number);
  const start = form.dataset.startTimecode ?? '00:00:00:00';
  const format: TimecodeFormat = { rate: { num, den }, dropFrame: start.includes(';') };
  const total = Number(form.dataset.durationFrames ?? 0);
  const inField = form.querySelector<HTMLInputElement>('input[name="in"]');
  const outField = form.querySelector<HTMLInputElement>('input[name="out"]');
  const errorBox = form.querySelector<HTMLElement>('[data-clip-error]');
  const summary = form.querySelector<HTMLElement>('[data-summary]');
  const share = form.querySelector<HTMLAnchorElement>('[data-share]');
  const playerRoot = document.querySelector<HTMLElement>('.player');
  const shots = [...document.querySelectorAll<HTMLElement>('.shotlist li.shot')];
  if (!inField || !outField) return;
  const tc = (frame: number) => frameToTimecode(frame, start, format);
  // Placeholders, and plural forms by the page language's rules (Intl.PluralRules, plural.ts).
  const text = (name: string, params: Record<string, string | number> = {}) =>
    formatMessage(pageLang(), form.dataset[name] ?? '', params);

  // From here the Out field is the last frame included (the server's form is half-open without us).
  form.noValidate = true;
  const outHalfOpen = parseFrame(outField.value, start, format);
  if (outHalfOpen !== null) outField.value = tc(Math.max(0, outHalfOpen - 1));
  const note = form.querySelector<HTMLElement>('[data-out-note]');
  if (note) note.textContent = form.dataset.outNote ?? note.textContent;
  if (summary) summary.hidden = false;
  if (errorBox) errorBox.id = `clip-error-${form.dataset.videoId}`;

  let first: number | null = null;
  let last: number | null = null;
  let problem: SelectionProblem = null;
  let addressTimer: number | undefined;

  const showProblem = (shown: SelectionProblem) => {
    const message =
      shown === 'timecode-in' || shown === 'timecode-out'
        ? text('errorTimecode')
        : shown === 'order'
          ? text('errorOrder')
          : shown === 'bounds'
            ? text('errorBounds', { last: tc(total - 1) })
            : '';
    if (errorBox) {
      errorBox.textContent = message;
      errorBox.hidden = message === '';
    }
    const badIn = shown === 'timecode-in' || (shown === 'bounds' && (first ?? 0) < 0);
    const badOut = shown !== null && !badIn;
    for (const [field, bad] of [
      [inField, badIn],
      [outField, badOut],
    ] as const) {
      if (bad) {
        field.setAttribute('aria-invalid', 'true');
        field.setAttribute('aria-errormessage', errorBox?.id ?? '');
      } else {
        field.removeAttribute('aria-invalid');
        field.removeAttribute('aria-errormessage');
      }
    }
  };

  const range = playerRoot?.querySelector<HTMLElement>('.scrubber-range');
  const draw = () => {
    if (!range) return;
    range.hidden = problem !== null || first === null || last === null;
    if (range.hidden || first === null || last === null) return;
    const left = framePercent(first, total);
    range.style.left = `${left}%`;
    range.style.width = `${framePercent(last + 1, total) - left}%`;
  };

  const update = () => {
    first = parseFrame(inField.value, start, format);
    last = parseFrame(outField.value, start, format);
    problem = problemOf(first, last, total);
    // Errors show once the selection is valid again or on submit; a fix clears them at once.
    if (problem === null || errorBox?.hidden === false) showProblem(problem);
    const set = (selector: string, value: string) => {
      const output = form.querySelector<HTMLElement>(selector);
      if (output) output.textContent = value;
    };
    if (problem === null && first !== null && last !== null) {
      const frames = last - first + 1;
      set('[data-first]', tc(first));
      set('[data-last]', tc(last));
      set(
        '[data-duration]',
        text('durationText', { frames, timecode: formatTimecode(frames, { ...format, dropFrame: false }) }),
      );
      // The address keeps the half-open selection (no fragment: the page opens at the top).
      const url = new URL(window.location.href);
      url.searchParams.set('in', tc(first));
      url.searchParams.set('out', tc(last + 1));
      url.hash = '';
      if (share) share.href = url.toString();
      // Once the marks settle: browsers refuse more than about a hundred address changes in 10 s.
      window.clearTimeout(addressTimer);
      addressTimer = window.setTimeout(() => window.history.replaceState(null, '', url), 150);
    } else {
      for (const selector of ['[data-first]', '[data-last]', '[data-duration]']) set(selector, '–');
    }
    for (const row of shots) {
      const selected =
        first === Number(row.dataset.inFrame) && last !== null && last + 1 === Number(row.dataset.outFrame);
      row.classList.toggle('selected', selected);
      row.querySelector('a.use-shot')?.setAttribute('aria-current', String(selected));
    }
    draw();
  };
  const setSelection = (from: number, to: number) => {
    inField.value = tc(from);
    outField.value = tc(to);
    update();
  };
  const player = () => playerRoot?.player;
  const mark = (which: 'in' | 'out') => {
    const handle = player();
    if (!handle) return;
    (which === 'in' ? inField : outField).value = tc(handle.frame());
    update();
  };
  const goToMark = (which: 'in' | 'out') => {
    const target = which === 'in' ? first : last;
    if (target !== null) void player()?.seekFrame(Math.max(0, Math.min(total - 1, target)));
  };

  for (const button of form.querySelectorAll<HTMLButtonElement>('button[data-mark]')) {
    button.hidden = false;
    button.addEventListener('click', () => mark(button.dataset.mark === 'out' ? 'out' : 'in'));
  }
  document.addEventListener('keydown', (event) => {
    // From anywhere but a text field (the format radio buttons included), not inside a dialog.
    if (keyBelongsToFocus(event) || document.querySelector('dialog[open]')) return;
    const key = event.key.toLowerCase();
    if (key !== 'i' && key !== 'o') return;
    event.preventDefault();
    if (event.shiftKey) goToMark(key === 'i' ? 'in' : 'out');
    else mark(key === 'i' ? 'in' : 'out');
  });
  for (const field of [inField, outField]) {
    field.addEventListener('input', update);
    field.addEventListener('change', () => {
      showProblem(problem);
      goToMark(field === inField ? 'in' : 'out');
    });
  }

  // The selection's handles on the scrubber: drag to move a mark; the picture follows the handle.
  for (const handle of range?.querySelectorAll<HTMLElement>('.scrubber-handle') ?? []) {
    const which = handle.dataset.handle === 'out' ? 'out' : 'in';
    handle.addEventListener('pointerdown', (event) => {
      event.preventDefault();
      event.stopPropagation();
      handle.setPointerCapture(event.pointerId);
    });
    handle.addEventListener('pointermove', (event) => {
      const p = player();
      if (!handle.hasPointerCapture(event.pointerId) || !p || first === null || last === null) return;
      const frame = p.frameAtX(event.clientX);
      if (which === 'in') setSelection(Math.min(frame, last), last);
      else setSelection(first, Math.max(frame, first));
      p.showFrame(which === 'in' ? (first ?? 0) : (last ?? 0));
    });
    handle.addEventListener('pointerup', (event) => {
      if (handle.hasPointerCapture(event.pointerId)) handle.releasePointerCapture(event.pointerId);
      goToMark(which);
    });
  }

  // The shots: drawn on the scrubber, a click on a row selects it, "download this shot" makes it.
  const marks = playerRoot?.querySelector<HTMLElement>('.scrubber-shots');
  const selectShot = (row: HTMLElement) => {
    const from = Number(row.dataset.inFrame);
    const to = Number(row.dataset.outFrame) - 1;
    if (!Number.isInteger(from) || !Number.isInteger(to) || to < from) return false;
    setSelection(from, to);
    showProblem(problem);
    goToMark('in');
    return true;
  };
  for (const row of shots) {
    const from = Number(row.dataset.inFrame);
    const to = Number(row.dataset.outFrame);
    if (marks && Number.isInteger(from) && Number.isInteger(to)) {
      const segment = document.createElement('span');
      segment.className = 'scrubber-shot';
      segment.style.left = `${framePercent(from, total)}%`;
      segment.style.width = `${framePercent(to, total) - framePercent(from, total)}%`;
      segment.title = row.querySelector('.shot-description')?.textContent ?? '';
      marks.append(segment);
    }
    row.querySelector('a.use-shot')?.addEventListener('click', (event) => {
      if (selectShot(row)) event.preventDefault();
    });
    const download = row.querySelector<HTMLButtonElement>('button.shot-download');
    if (download) {
      download.hidden = false;
      download.addEventListener('click', () => {
        if (selectShot(row)) form.requestSubmit();
      });
    }
  }

  /** The audio streams left ticked, when the form offers a choice (every stream otherwise). */
  const audioChoice = (): { audio?: number[] } => {
    if (!form.querySelector('input[name="audioChoice"]')) return {};
    const ticked = form.querySelectorAll<HTMLInputElement>('input[name="audio"]:checked');
    return { audio: [...ticked].map((box) => Number(box.value)) };
  };
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    update();
    if (problem !== null || first === null || last === null) {
      showProblem(problem);
      (problem === 'timecode-in' ? inField : outField).focus();
      return;
    }
    const submitter = (event as SubmitEvent).submitter;
    if (submitter?.hasAttribute('data-basket-add')) {
      // Into the basket: the same selection, made when the basket is downloaded (or now, if it can be).
      const status = form.querySelector<HTMLElement>('[data-clip-status]');
      const profile =
        form.querySelector<HTMLInputElement>('input[name="profile"]:checked')?.value ?? 'broadcast';
      if (status) {
        const body = {
          videoId: form.dataset.videoId ?? '',
          kind: 'clip' as const,
          ...halfOpen({ first, last }),
          profile,
        };
        await addToBasket(body, status, basketTexts(form));
      }
      return;
    }
    if (busy) return;
    busy = true;
    // aria-disabled, not disabled: a disabled button loses the focus (to the body).
    submit?.setAttribute('aria-disabled', 'true');
    const profile =
      form.querySelector<HTMLInputElement>('input[name="profile"]:checked')?.value ?? 'broadcast';
    try {
      const outcome = await trackClip(form, {
        videoId: form.dataset.videoId ?? '',
        ...halfOpen({ first, last }),
        profile,
        ...audioChoice(),
      });
      if (outcome.kind === 'ready') startDownload(outcome.fileUrl);
      if (outcome.kind === 'refused' && outcome.code === 'unsupported_codec') {
        // The master's codec has no matched encoder: the message offers the web profile; select it.
        const web = form.querySelector<HTMLInputElement>('input[name="profile"][value="web"]');
        if (web) web.checked = true;
      }
    } finally {
      busy = false;
      submit?.removeAttribute('aria-disabled');
    }
  });
  update();
  // A player that arrives later (a processing video swapped in) gets the selection drawn.
  document.addEventListener('player-ready', () => draw());
}

for (const form of document.querySelectorAll<HTMLFormElement>('form.clip-editor')) enhanceEditor(form);
