/**
 * The rendition job: makes one derived rendition (web MP4 or audio WAV) of a video's master with
 * ffmpeg, into a temporary name beside its final place (the storage port's atomic write), hashes it,
 * renames it into place and marks the row ready. A killed job leaves only a temporary (removed by the next try), never a file
 * that can be served: only a `ready` row points at a file.
 */
import { stat } from 'node:fs/promises';
import { sha256File } from '../media/public.ts';
import { runFfmpeg } from '../platform/ffmpeg/run.ts';
import type { JobContext } from '../platform/jobs/queue.ts';
import { type MediaStorage, renditionDirKey } from '../platform/storage/index.ts';
import { audioArgs, webArgs } from './rendition-commands.ts';
import type { DownloadsRepository } from './repository.ts';
import type { DerivedRendition } from './tables.ts';

export interface RenditionJob {
  videoId: string;
  name: DerivedRendition;
}

export const RENDITION_FILES: Record<DerivedRendition, string> = { web: 'web.mp4', audio: 'audio.wav' };

/** Where a video's derived renditions live, relative to the media directory. */
export function renditionRelativePath(videoId: string, name: DerivedRendition): string {
  return `${renditionDirKey(videoId)}/${RENDITION_FILES[name]}`;
}

/** Removes what a killed job left of this rendition (`web.mp4.<random>.part.mp4`). */
async function removeTemporaries(storage: MediaStorage, dir: string, name: DerivedRendition): Promise<void> {
  const names = await storage.list(dir);
  await Promise.all(
    names
      .filter((n) => n.startsWith(`${name}.`) && n.includes('.part'))
      .map((n) => storage.remove(`${dir}/${n}`)),
  );
}

export function renditionHandler(deps: { repo: DownloadsRepository; storage: MediaStorage }) {
  return async (job: RenditionJob, context: JobContext): Promise<void> => {
    const { repo, storage } = deps;
    const video = await repo.video(job.videoId);
    if (!video?.masterPath || !video.info) return;
    const relative = renditionRelativePath(job.videoId, job.name);
    await removeTemporaries(storage, renditionDirKey(job.videoId), job.name);
    const input = storage.path(video.masterPath);
    const info = video.info;
    const args = (temporary: string) =>
      job.name === 'web' ? webArgs(input, temporary, info) : audioArgs(input, temporary, info);
    if (job.name === 'audio' && info.audio.length === 0) {
      await repo.updateRendition(job.videoId, job.name, { status: 'failed', error: 'no_audio' });
      return;
    }
    await repo.updateRendition(job.videoId, job.name, { status: 'running', progress: 0, error: null });
    const duration = video.info.durationSeconds || 1;
    let lastReport = 0;
    try {
      const made = await storage.writeAtomic(relative, async (temporary) => {
        await runFfmpeg(args(temporary) ?? [], {
          signal: context.signal,
          timeoutMs: Math.max(600_000, duration * 20_000),
          onProgress: (p) => {
            const now = Date.now();
            if (now - lastReport < 1000) return;
            lastReport = now;
            void repo
              .updateRendition(job.videoId, job.name, {
                progress: Math.min(0.99, p.outTimeSeconds / duration),
              })
              .catch(() => {});
          },
        });
        return { sha256: await sha256File(temporary, context.signal), size: (await stat(temporary)).size };
      });
      await repo.updateRendition(job.videoId, job.name, {
        status: 'ready',
        progress: 1,
        path: relative,
        size: made.size,
        sha256: made.sha256,
        error: null,
      });
    } catch (error) {
      await repo.updateRendition(job.videoId, job.name, {
        status: context.isLastAttempt ? 'failed' : 'queued',
        error: (error as Error).message.slice(0, 2000),
      });
      throw error;
    }
  };
}
