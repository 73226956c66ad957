/**
 * The download panel's buttons (downloads/views.ts). A file that is ready downloads as a plain link.
 * A web or audio version made on first request is asked for once (HEAD: the server queues its job),
 * then its progress shows in place of its description and, once it is ready, its download starts by
 * itself, without a reload. One polite announcement per state change, in the page's language; the
 * focus stays on the button. Signed out, the buttons are links to sign in (no script needed).
 */

import { addToBasket, basketTexts } from './shared/basket.ts';

interface VideoAnswer {
  renditions?: { name: string; status: string; progress: number }[];
}

const POLL_MS = 1500;

function fill(template: string | undefined, params: Record<string, string | number>): string {
  return Object.entries(params).reduce(
    (text, [key, value]) => text.replace(`{${key}}`, String(value)),
    template ?? '',
  );
}

function startDownload(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}

function enhancePanel(list: HTMLElement): void {
  const status = list.parentElement?.querySelector<HTMLElement>('[data-download-status]');
  const videoId = list.dataset.videoId ?? '';
  const lang = encodeURIComponent(list.dataset.lang ?? document.documentElement.lang ?? 'en');
  const say = (text: string) => {
    if (status && status.textContent !== text) status.textContent = text;
  };
  const basket = list.parentElement?.querySelector<HTMLElement>('[data-basket-panel]');
  if (basket && status) {
    basket.hidden = false;
    basket.querySelector('[data-basket-add]')?.addEventListener('click', () => {
      void addToBasket({ videoId, kind: 'video', rendition: 'master' }, status, basketTexts(basket));
    });
  }

  async function prepare(item: HTMLElement, link: HTMLAnchorElement): Promise<void> {
    const name = link.textContent?.trim() ?? '';
    const detail = item.querySelector<HTMLElement>('[data-detail]');
    const bar = item.querySelector('progress');
    const fileUrl = `${item.dataset.fileUrl}?lang=${lang}`;
    item.dataset.status = 'preparing';
    const show = (percent: number) => {
      if (bar) {
        bar.hidden = false;
        bar.value = percent;
      }
      if (detail) detail.textContent = fill(list.dataset.preparingText, { percent });
    };
    try {
      const head = await fetch(fileUrl, { method: 'HEAD' });
      if (head.status === 401 || head.status === 403 || head.status === 404) {
        // Signed out meanwhile, unverified, embargoed: the page route says why, in full.
        window.location.assign(link.href);
        return;
      }
      if (head.ok) {
        item.dataset.status = 'ready';
        say(fill(list.dataset.readyText, { name }));
        startDownload(link.href);
        return;
      }
      if (head.status !== 503) throw new Error(String(head.status));
      show(0);
      say(fill(list.dataset.startedText, { name }));
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const answer = await fetch(`/api/v1/videos/${encodeURIComponent(videoId)}?lang=${lang}`);
        if (!answer.ok) continue;
        const video = (await answer.json()) as VideoAnswer;
        const rendition = video.renditions?.find((r) => r.name === item.dataset.name);
        if (rendition?.status === 'ready') break;
        if (rendition?.status === 'on-request') {
          // Failed (or evicted): the file route answers why, in the page's language.
          const refusal = await fetch(fileUrl);
          const body = (await refusal.json().catch(() => ({}))) as { error?: { message?: string } };
          if (refusal.ok) break;
          say(body.error?.message ?? '');
          if (bar) bar.hidden = true;
          item.dataset.status = 'on-request';
          return;
        }
        show(Math.round((rendition?.progress ?? 0) * 100));
      }
      if (bar) bar.hidden = true;
      item.dataset.status = 'ready';
      if (detail) detail.textContent = '';
      say(fill(list.dataset.readyText, { name }));
      startDownload(link.href);
    } catch {
      say(list.dataset.networkText ?? '');
      item.dataset.status = 'on-request';
      if (bar) bar.hidden = true;
    }
  }

  for (const item of list.querySelectorAll<HTMLElement>('li[data-status]')) {
    const link = item.querySelector<HTMLAnchorElement>('a[download]');
    if (!link) continue;
    link.addEventListener('click', (event) => {
      if (item.dataset.status === 'ready') return;
      event.preventDefault();
      if (item.dataset.status === 'preparing' && item.dataset.watching === '1') return;
      item.dataset.watching = '1';
      void prepare(item, link).finally(() => {
        item.dataset.watching = '';
      });
    });
    // A version already being prepared when the page loaded: follow it, download when asked.
  }
}

for (const list of document.querySelectorAll<HTMLElement>('.downloads .download-list')) enhancePanel(list);
