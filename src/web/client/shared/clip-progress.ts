/**
 * Making a clip through the API from the editor form: the request, then its progress in place (a
 * <progress> bar and its percentage, not a live region) and one polite announcement per state
 * (waiting, being prepared, ready, failed) in the form's status region; the messages come in the
 * page's language (the form's data attributes, the API's `?lang=`).
 */

interface ClipAnswer {
  id: string;
  status: 'queued' | 'running' | 'ready' | 'failed';
  progress: number;
  fileUrl: string | null;
  error: string | null;
}

export type ClipOutcome =
  | { kind: 'ready'; fileUrl: string }
  | { kind: 'refused'; code: string }
  | { kind: 'failed' };

/** A half-open range in frames (the editor) or in the master's timecodes (the history). */
export type ClipBody = {
  videoId: string;
  profile: string;
  audio?: number[];
} & ({ inFrame: number; outFrame: number } | { in: string; out: string });

const POLL_MS = 500;

/** Starts a file's download without leaving the page. */
export function startDownload(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}

export async function trackClip(form: HTMLFormElement, body: ClipBody): Promise<ClipOutcome> {
  const status = form.querySelector<HTMLElement>('[data-clip-status]');
  const box = form.querySelector<HTMLElement>('[data-clip-progress]');
  const bar = box?.querySelector('progress');
  const percentText = box?.querySelector<HTMLElement>('[data-clip-percent]');
  let said = '';
  /** The status region changes only when the state does: one announcement each. */
  const say = (text: string) => {
    if (text === said || !status) return;
    said = text;
    status.textContent = text;
  };
  const show = (percent: number | null) => {
    if (!box) return;
    box.hidden = percent === null;
    if (percent === null) return;
    if (bar) bar.value = percent;
    if (percentText) percentText.textContent = `${percent} %`;
  };
  const lang = encodeURIComponent(document.documentElement.lang || 'en');
  const { videoId, ...fields } = body;
  let clip: ClipAnswer;
  try {
    show(0);
    const response = await fetch(`/api/v1/videos/${encodeURIComponent(videoId)}/clips?lang=${lang}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(fields),
    });
    const answer = (await response.json()) as { error?: { code?: string; message?: string } };
    if (!response.ok) {
      show(null);
      say(answer.error?.message ?? form.dataset.failedText ?? '');
      return { kind: 'refused', code: answer.error?.code ?? String(response.status) };
    }
    clip = answer as unknown as ClipAnswer;
    while (clip.status === 'queued' || clip.status === 'running') {
      const percent = Math.round(clip.progress * 100);
      show(percent);
      say((clip.status === 'queued' ? form.dataset.queuedText : form.dataset.runningText) ?? '');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const next = await fetch(`/api/v1/clips/${encodeURIComponent(clip.id)}?lang=${lang}`);
      if (next.ok) clip = (await next.json()) as ClipAnswer;
    }
  } catch {
    show(null);
    say(form.dataset.errorNetwork ?? '');
    return { kind: 'failed' };
  }
  show(null);
  if (clip.status === 'ready' && clip.fileUrl) {
    say(form.dataset.readyText ?? '');
    form.dataset.clipId = clip.id;
    return { kind: 'ready', fileUrl: clip.fileUrl };
  }
  say(typeof clip.error === 'string' && clip.error ? clip.error : (form.dataset.failedText ?? ''));
  return { kind: 'failed' };
}
