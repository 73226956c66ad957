/**
 * The clip editor (progressive enhancement of the server-rendered form): I/O keys and buttons mark the
 * in and out points from the player's frame, typed timecodes move the player, shotlist rows set both,
 * the duration shows live, the page URL keeps in/out for sharing, and submitting makes the clip
 * through the API with progress, then starts the download by itself.
 */
import {
  formatTimecode,
  frameToTimecode,
  type TimecodeFormat,
  timecodeToFrame,
} from '../../lib/timecode/timecode.ts';
import { keyBelongsToFocus } from './shared/keyboard.ts';

interface ClipAnswer {
  id: string;
  status: 'queued' | 'running' | 'ready' | 'failed';
  progress: number;
  fileUrl: string | null;
  error: string | null;
}

function enhanceEditor(form: HTMLFormElement): void {
  const [num = 25, den = 1] = (form.dataset.fps ?? '25/1').split('/').map(Number);
  const start = form.dataset.startTimecode ?? '00:00:00:00';
  const format: TimecodeFormat = { rate: { num, den }, dropFrame: start.includes(';') };
  const total = Number(form.dataset.durationFrames ?? 0);
  const inField = form.querySelector<HTMLInputElement>('input[name="in"]');
  const outField = form.querySelector<HTMLInputElement>('input[name="out"]');
  const duration = form.querySelector<HTMLOutputElement>('[data-duration]');
  const status = form.querySelector<HTMLElement>('[data-clip-status]');
  const share = form.querySelector<HTMLAnchorElement>('[data-share]');
  const player = document.querySelector<HTMLElement>('.player');
  if (!inField || !outField) return;

  const frameOf = (text: string): number | null => {
    try {
      return timecodeToFrame(text.trim(), start, format);
    } catch {
      return null;
    }
  };
  const update = () => {
    const a = frameOf(inField.value);
    const b = frameOf(outField.value);
    const valid = a !== null && b !== null && b > a && a >= 0 && b <= total;
    inField.setCustomValidity(a === null ? 'timecode' : '');
    outField.setCustomValidity(b === null || (a !== null && b <= a) ? 'timecode' : '');
    if (duration) {
      duration.textContent = valid
        ? (form.dataset.durationText ?? '{frames}')
            .replace('{frames}', String(b - a))
            .replace('{timecode}', formatTimecode(b - a, { ...format, dropFrame: false }))
        : '–';
    }
    const url = new URL(window.location.href);
    url.searchParams.set('in', inField.value.trim());
    url.searchParams.set('out', outField.value.trim());
    // The address bar keeps the selection but not a fragment of ours: written on load, `#clip-…` made
    // the browser scroll past the title and the player to this form.
    window.history.replaceState(null, '', url);
    if (share) {
      url.hash = form.id;
      share.href = url.toString();
    }
  };
  const seek = (field: HTMLInputElement) => {
    const frame = frameOf(field.value);
    if (frame !== null) void player?.player?.seekFrame(Math.min(frame, total - 1));
  };
  const mark = (which: 'in' | 'out') => {
    const handle = player?.player;
    if (!handle) return;
    const field = which === 'in' ? inField : outField;
    field.value = frameToTimecode(handle.frame(), start, format);
    update();
  };

  for (const button of form.querySelectorAll<HTMLButtonElement>('button[data-mark]')) {
    button.hidden = false;
    button.addEventListener('click', () => mark(button.dataset.mark === 'out' ? 'out' : 'in'));
  }
  document.addEventListener('keydown', (event) => {
    // From anywhere but a text field, the format radio buttons included.
    if (keyBelongsToFocus(event)) return;
    if (event.key === 'i' || event.key === 'I') mark('in');
    else if (event.key === 'o' || event.key === 'O') mark('out');
    else return;
    event.preventDefault();
  });
  for (const field of [inField, outField]) {
    field.addEventListener('input', update);
    field.addEventListener('change', () => seek(field));
  }
  for (const link of document.querySelectorAll<HTMLAnchorElement>('.shotlist a.use-shot')) {
    link.addEventListener('click', (event) => {
      const row = link.closest<HTMLElement>('tr');
      if (!row?.dataset.in || !row.dataset.out) return;
      event.preventDefault();
      inField.value = row.dataset.in;
      outField.value = row.dataset.out;
      update();
      seek(inField);
      inField.focus();
    });
  }

  /** The audio streams left ticked, when the form offers a choice (every stream otherwise). */
  const audioChoice = (): { audio?: number[] } => {
    if (!form.querySelector('input[name="audioChoice"]')) return {};
    const ticked = form.querySelectorAll<HTMLInputElement>('input[name="audio"]:checked');
    return { audio: [...ticked].map((box) => Number(box.value)) };
  };
  const say = (text: string) => {
    if (status) status.textContent = text;
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    update();
    if (!form.reportValidity()) return;
    const profile = (form.querySelector<HTMLInputElement>('input[name="profile"]:checked')?.value ??
      'broadcast') as string;
    const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (submit) submit.disabled = true;
    const progressText = (percent: number) =>
      (form.dataset.progressText ?? '{percent}').replace('{percent}', String(percent));
    try {
      say(progressText(0));
      // Refusals (too many clips, too many requests) come back in the page's language.
      const lang = encodeURIComponent(document.documentElement.lang || 'en');
      const videoId = encodeURIComponent(form.dataset.videoId ?? '');
      const response = await fetch(`/api/v1/videos/${videoId}/clips?lang=${lang}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          in: inField.value.trim(),
          out: outField.value.trim(),
          profile,
          ...audioChoice(),
        }),
      });
      const answer = (await response.json()) as { error?: { code?: string; message?: string } };
      if (!response.ok) {
        say(answer.error?.message ?? String(response.status));
        // The master's codec has no matched encoder: the message offers the web profile; select it.
        if (answer.error?.code === 'unsupported_codec') {
          const web = form.querySelector<HTMLInputElement>('input[name="profile"][value="web"]');
          if (web) web.checked = true;
        }
        return;
      }
      let clip = answer as unknown as ClipAnswer;
      while (clip.status === 'queued' || clip.status === 'running') {
        say(progressText(Math.round(clip.progress * 100)));
        await new Promise((resolve) => setTimeout(resolve, 500));
        clip = (await (await fetch(`/api/v1/clips/${clip.id}`)).json()) as ClipAnswer;
      }
      if (clip.status === 'ready' && clip.fileUrl) {
        say(form.dataset.readyText ?? '');
        form.dataset.clipId = clip.id;
        const link = document.createElement('a');
        link.href = clip.fileUrl;
        link.download = '';
        document.body.append(link);
        link.click();
        link.remove();
      } else {
        say(typeof clip.error === 'string' ? clip.error : '');
      }
    } finally {
      if (submit) submit.disabled = false;
    }
  });
  update();
}

for (const form of document.querySelectorAll<HTMLFormElement>('form.clip-editor')) enhanceEditor(form);
