/**
 * The download history's "Download again" on a clip row, enhanced: instead of posting the form and
 * landing on the clip's page, ask the clip API for the same range and profile (remade if it left the
 * cache), show its progress in the row and start the download when it is ready, without leaving the
 * page. The focus stays on the button. Without this script the form still works (the clip page).
 */
import { startDownload, trackClip } from './shared/clip-progress.ts';

for (const form of document.querySelectorAll<HTMLFormElement>('form.history-again')) {
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    // aria-disabled, not disabled: a disabled button loses the focus.
    button?.setAttribute('aria-disabled', 'true');
    const field = (name: string) =>
      form.querySelector<HTMLInputElement>(`input[name="${name}"]`)?.value ?? '';
    try {
      const outcome = await trackClip(form, {
        videoId: form.dataset.videoId ?? '',
        in: field('in'),
        out: field('out'),
        profile: field('profile') || 'broadcast',
      });
      if (outcome.kind === 'ready') startDownload(outcome.fileUrl);
    } finally {
      busy = false;
      button?.removeAttribute('aria-disabled');
    }
  });
}
