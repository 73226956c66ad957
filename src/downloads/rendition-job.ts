/**
 * The rendition job: makes one derived rendition (web MP4 or audio WAV) of a video's master with
 * ffmpeg, into a temporary name beside its final place, hashes it, then renames it into place and
 * marks the row ready. A killed job leaves only a temporary (removed by the next try), never a file
 * that can be served: only a `ready` row points at a file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256File } from '../media/public.ts';
import { runFfmpeg } from '../platform/ffmpeg/run.ts';
import type { JobContext } from '../platform/jobs/queue.ts';
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
  return join('renditions', videoId, RENDITION_FILES[name]);
}

async function removeTemporaries(dir: string, name: DerivedRendition): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((n) => n.startsWith(`${name}.`) && n.includes('.part'))
      .map((n) => rm(join(dir, n), { force: true })),
  );
}

export function renditionHandler(deps: { repo: DownloadsRepository; mediaDir: string }) {
  return async (job: RenditionJob, context: JobContext): Promise<void> => {
    const { repo, mediaDir } = deps;
    const video = await repo.video(job.videoId);
    if (!video?.masterPath || !video.info) return;
    const relative = renditionRelativePath(job.videoId, job.name);
    const finalPath = join(mediaDir, relative);
    const dir = join(mediaDir, 'renditions', job.videoId);
    await mkdir(dir, { recursive: true });
    await removeTemporaries(dir, job.name);
    const extension = RENDITION_FILES[job.name].split('.').pop();
    const temporary = join(dir, `${job.name}.${randomBytes(6).toString('hex')}.part.${extension}`);
    const input = join(mediaDir, video.masterPath);
    const args =
      job.name === 'web' ? webArgs(input, temporary, video.info) : audioArgs(input, temporary, video.info);
    if (!args) {
      await repo.updateRendition(job.videoId, job.name, { status: 'failed', error: 'no_audio' });
      return;
    }
    await repo.updateRendition(job.videoId, job.name, { status: 'running', progress: 0, error: null });
    const duration = video.info.durationSeconds || 1;
    let lastReport = 0;
    try {
      await runFfmpeg(args, {
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
      const sha256 = await sha256File(temporary, context.signal);
      const { size } = await stat(temporary);
      await rename(temporary, finalPath);
      await repo.updateRendition(job.videoId, job.name, {
        status: 'ready',
        progress: 1,
        path: relative,
        size,
        sha256,
        error: null,
      });
    } catch (error) {
      await rm(temporary, { force: true });
      await repo.updateRendition(job.videoId, job.name, {
        status: context.isLastAttempt ? 'failed' : 'queued',
        error: (error as Error).message.slice(0, 2000),
      });
      throw error;
    }
  };
}
