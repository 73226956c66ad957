/**
 * `portal ingest FILE [--story SLUG] [--title TEXT] [--wait] [--json]`: through the running portal's
 * operator channel, or, when none runs, in this process (which then does the work itself and waits).
 * A progress bar is drawn on a terminal; `--json` prints `{"id": …, "status": …}`.
 */
import type { Config } from '../config.ts';
import { videoProgress } from '../media/public.ts';
import { callOperator, PortalNotRunningError } from '../platform/operator-channel.ts';
import { loadStartPortal } from './load-portal.ts';

interface VideoState {
  status: string;
  progress: number;
  error?: string | null;
}

type Options = { story?: string; title?: string; wait: boolean; json: boolean };

function drawProgress(state: VideoState): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const done = Math.round(state.progress * width);
  process.stderr.write(
    `\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${Math.round(state.progress * 100)}% ${state.status}   `,
  );
}

function report(options: Options, id: string, state: VideoState, error?: string | null): number {
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (options.json)
    process.stdout.write(`${JSON.stringify({ id, status: state.status, ...(error ? { error } : {}) })}\n`);
  else process.stdout.write(`video ${id}: ${state.status}${error ? ` (${error})` : ''}\n`);
  return state.status === 'failed' ? 1 : 0;
}

async function waitUntilDone(read: () => Promise<VideoState>): Promise<VideoState> {
  for (;;) {
    const state = await read();
    drawProgress(state);
    if (state.status !== 'processing') return state;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function runIngest(
  config: Config,
  file: string | undefined,
  options: Options,
  fail: (m: string) => number,
) {
  if (!file) return fail('usage: portal ingest FILE [--story SLUG] [--title TEXT] [--wait] [--json]');
  const input = { path: file, title: options.title, story: options.story };
  let queued: { id: string; status: string } | null = null;
  try {
    queued = await callOperator<{ id: string; status: string }>(config.dataDir, 'ingest', input);
  } catch (error) {
    if (!(error instanceof PortalNotRunningError)) return fail((error as Error).message);
  }
  if (queued) {
    const id = queued.id;
    if (!options.wait) return report(options, id, { status: queued.status, progress: 0 });
    try {
      const state = await waitUntilDone(() =>
        callOperator<VideoState>(config.dataDir, 'videos/status', { id }),
      );
      return report(options, id, state, state.error);
    } catch (error) {
      // The video is queued: never ingest it a second time here, even if the portal went away.
      return fail(`video ${id} is queued, but following it failed: ${(error as Error).message}`);
    }
  }
  // No portal runs: this process opens the database and does the work before returning.
  const startPortal = await loadStartPortal();
  const portal = await startPortal({ config: { ...config, demo: false }, web: false, worker: true });
  try {
    let local: { id: string; status: string };
    try {
      local = await portal.ingest(input);
    } catch (error) {
      return fail((error as Error).message);
    }
    const state = await waitUntilDone(() => videoProgress(portal.database.db, local.id));
    return report(options, local.id, state, state.error);
  } finally {
    await portal.stop();
  }
}
