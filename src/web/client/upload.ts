/**
 * The back office upload page (progressive enhancement of <form id="upload-form">): a resumable tus
 * upload of a master in 32 MiB chunks, with progress in a live region, pause/resume, automatic
 * retries when the connection drops, and resumption after a reload (tus-js-client keeps the upload
 * URL in localStorage under the file's fingerprint: name, type, size, date, endpoint).
 */
import { type DetailedError, defaultOptions, isSupported, Upload } from 'tus-js-client';
import { formatBytes } from '../format-bytes.ts';

/** One PATCH per 32 MiB: fits proxies' body limits and timeouts; a failed chunk resumes from the server's offset. */
const CHUNK_SIZE = 32 * 1024 * 1024;
/** Retries after a dropped connection: quickly at first, then every 30 s for about an hour. */
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10_000, 20_000, ...Array.from({ length: 120 }, () => 30_000)];

function format(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

function setup(form: HTMLFormElement): void {
  const d = form.dataset;
  const lang = d.lang ?? 'en';
  const msg = (name: string, params: Record<string, string | number> = {}) => format(d[name] ?? '', params);
  const endpoint = new URL(d.endpoint ?? '/api/v1/uploads', window.location.href).href;
  const fileInput = form.querySelector<HTMLInputElement>('#upload-file');
  const titleInput = form.querySelector<HTMLInputElement>('#upload-title');
  const storySelect = form.querySelector<HTMLSelectElement>('#upload-story');
  const startButton = form.querySelector<HTMLButtonElement>('#upload-start');
  const pauseButton = form.querySelector<HTMLButtonElement>('#upload-pause');
  const progress = form.querySelector<HTMLProgressElement>('#upload-progress');
  const status = form.querySelector<HTMLElement>('#upload-status');
  const errorBox = form.querySelector<HTMLElement>('#upload-error');
  if (
    !fileInput ||
    !titleInput ||
    !storySelect ||
    !startButton ||
    !pauseButton ||
    !progress ||
    !status ||
    !errorBox
  )
    return;

  let upload: Upload | null = null;
  /** The upload that stopped on an error (retries exhausted), restarted when the browser is back online. */
  let failed: Upload | null = null;
  let running = false;
  let finished = false;
  let lastPercent = -1;
  let lastAnnounced = 0;

  const setRunning = (value: boolean) => {
    running = value;
    pauseButton.hidden = upload === null || finished;
    pauseButton.textContent = msg(value ? 'msgPause' : 'msgResume');
    for (const field of [fileInput, titleInput, storySelect, startButton])
      field.disabled = upload !== null && !finished;
  };

  const showProgress = (sent: number, total: number, force = false) => {
    const percent = total > 0 ? Math.floor((sent / total) * 100) : 0;
    progress.value = percent;
    progress.setAttribute('aria-valuetext', `${percent}%`);
    // Announce every 5 % or 10 s at most: a live region updated on every chunk is noise.
    const now = Date.now();
    if (force || percent >= lastPercent + 5 || (percent !== lastPercent && now - lastAnnounced > 10_000)) {
      lastPercent = percent;
      lastAnnounced = now;
      status.textContent = msg('msgProgress', {
        percent,
        sent: formatBytes(sent, lang),
        total: formatBytes(total, lang),
      });
    }
  };

  const done = async (videoId: string | null) => {
    finished = true;
    setRunning(false);
    progress.value = 100;
    const link = document.createElement('a');
    link.href = `${d.videosUrl ?? '/en/admin/videos'}${videoId ? `#video-${videoId}` : ''}`;
    link.textContent = msg('msgViewVideos');
    status.textContent = `${msg('msgDone')} `;
    status.append(link);
    form.dataset.videoId = videoId ?? '';
    form.dataset.state = 'done';
  };

  const videoIdOf = async (url: string | null, header: string | undefined): Promise<string | null> => {
    if (header) return header;
    if (!url) return null;
    // The last byte was accepted earlier (e.g. before a reload): ask which video the upload became.
    const response = await fetch(`${url}/video`, { headers: { accept: 'application/json' } });
    if (!response.ok) return null;
    return ((await response.json()) as { videoId?: string }).videoId ?? null;
  };

  const start = async (file: File) => {
    errorBox.textContent = '';
    finished = false;
    lastPercent = -1;
    const maxBytes = Number(d.maxBytes ?? 0);
    const current: Upload = new Upload(file, {
      endpoint,
      chunkSize: CHUNK_SIZE,
      retryDelays: RETRY_DELAYS,
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      metadata: {
        filename: file.name,
        filetype: file.type,
        title: titleInput.value.trim(),
        story: storySelect.value,
        language: document.documentElement.lang === 'fr' ? 'fr' : 'en',
      },
      onProgress: (sent, total) => showProgress(sent, total),
      onShouldRetry: (error: DetailedError, attempt: number) => {
        const code = error.originalResponse?.getStatus() ?? 0;
        // 4xx other than conflicts and locks: retrying cannot help (signed out, refused, too big).
        if (code >= 400 && code < 500 && code !== 409 && code !== 423) return false;
        if (attempt === 0 || attempt % 5 === 0) status.textContent = msg('msgRetrying');
        return true;
      },
      onError: (error) => {
        // The form is usable again: "Upload" with the same file resumes from the server's offset.
        failed = current;
        upload = null;
        setRunning(false);
        const response = (error as DetailedError).originalResponse;
        let reason = error.message;
        const body = response?.getBody();
        if (body) {
          try {
            reason = (JSON.parse(body) as { error?: { message?: string } }).error?.message ?? body;
          } catch {
            reason = body;
          }
        }
        errorBox.textContent = msg('msgFailed', { reason });
      },
      onSuccess: ({ lastResponse }) => {
        void videoIdOf(current.url, lastResponse.getHeader('Upload-Video-Id')).then(done);
      },
    });
    if (maxBytes > 0 && file.size > maxBytes) {
      errorBox.textContent = msg('msgFailed', { reason: formatBytes(maxBytes, lang) });
      return;
    }
    upload = current;
    failed = null;
    const previous = await current.findPreviousUploads();
    const latest = previous.sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0];
    if (latest) {
      current.resumeFromPreviousUpload(latest);
      status.textContent = msg('msgResuming');
    }
    current.start();
    setRunning(true);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = fileInput.files?.[0];
    if (!file) {
      errorBox.textContent = msg('msgChooseFile');
      fileInput.focus();
      return;
    }
    void start(file);
  });

  pauseButton.addEventListener('click', () => {
    if (!upload || finished) return;
    if (running) {
      void upload.abort(false);
      setRunning(false);
      status.textContent = msg('msgPaused', { percent: Math.max(0, lastPercent) });
    } else {
      errorBox.textContent = '';
      upload.start();
      setRunning(true);
    }
  });

  // Back online after an outage longer than the retries: carry on where the server stopped.
  window.addEventListener('online', () => {
    if (failed && !upload && !finished) {
      upload = failed;
      failed = null;
      errorBox.textContent = '';
      upload.start();
      setRunning(true);
    }
  });

  void listUnfinished(form, lang);
  form.hidden = false;
}

/** Lists the uploads this browser can resume (choose the same file again). */
async function listUnfinished(form: HTMLFormElement, lang: string): Promise<void> {
  const box = form.querySelector<HTMLElement>('#upload-unfinished');
  const list = box?.querySelector('ul');
  if (!box || !list) return;
  const uploads = await defaultOptions.urlStorage.findAllUploads().catch(() => []);
  const mine = uploads.filter((u) => u.uploadUrl?.includes('/api/v1/uploads/'));
  for (const entry of mine) {
    const item = document.createElement('li');
    const name = entry.metadata.filename ?? '?';
    item.textContent = entry.size ? `${name} (${formatBytes(entry.size, lang)})` : name;
    list.append(item);
  }
  box.hidden = mine.length === 0;
}

const form = document.querySelector<HTMLFormElement>('#upload-form');
if (form && isSupported) setup(form);
