/**
 * Resolving a rendition to a file on disk: the master as stored, or a derived rendition once its job
 * has made it. A derived rendition not made yet is queued (durable job, once per video and name).
 */
import type { JobQueue } from '../platform/jobs/queue.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { downloadFileName, extensionOf } from './file-name.ts';
import { RENDITION_FILES } from './rendition-job.ts';
import type { DownloadableVideo, DownloadsRepository } from './repository.ts';
import type { DerivedRendition, HistoryRendition, RenditionName } from './tables.ts';

export const RENDITION_NAMES: readonly RenditionName[] = ['master', 'web', 'audio'];
/** What a history row may record: the renditions, and clip files by profile. */
export const HISTORY_RENDITIONS: readonly HistoryRendition[] = [
  ...RENDITION_NAMES,
  'clip-broadcast',
  'clip-web',
];

export function isRenditionName(value: string): value is RenditionName {
  return (RENDITION_NAMES as readonly string[]).includes(value);
}

/** A failed rendition is tried again on request once this long has passed. */
const RETRY_FAILED_AFTER_MS = 15 * 60_000;

export type ResolvedFile =
  | {
      kind: 'file';
      path: string;
      /** Relative to the media directory. */
      relative: string;
      size: number;
      sha256: string;
      lastModified: Date;
      fileName: string;
      extension: string;
    }
  | { kind: 'preparing'; progress: number }
  | { kind: 'failed' }
  | { kind: 'no-audio' }
  | { kind: 'not-ready' };

export function fileNameFor(video: DownloadableVideo, rendition: RenditionName, extension: string): string {
  return downloadFileName({
    storySlug: video.story?.slug ?? null,
    date: video.story?.publishedAt ?? null,
    title: video.titleEn || video.titleFr,
    videoId: video.id,
    startTimecode: video.startTimecode,
    rendition,
    extension,
  });
}

export async function resolveRendition(
  deps: { repo: DownloadsRepository; jobs: JobQueue | null; storage: MediaStorage },
  video: DownloadableVideo,
  rendition: RenditionName,
): Promise<ResolvedFile> {
  if (video.status !== 'ready' || !video.masterPath || !video.masterSha256 || !video.info) {
    return { kind: 'not-ready' };
  }
  if (rendition === 'master') {
    const path = deps.storage.path(video.masterPath);
    const file = await deps.storage.stat(video.masterPath);
    if (!file) return { kind: 'not-ready' };
    const extension = extensionOf(video.masterPath);
    return {
      kind: 'file',
      path,
      relative: video.masterPath,
      size: file.size,
      sha256: video.masterSha256,
      lastModified: file.modified,
      fileName: fileNameFor(video, rendition, extension),
      extension,
    };
  }
  if (rendition === 'audio' && video.info.audio.length === 0) return { kind: 'no-audio' };
  const name: DerivedRendition = rendition;
  const row = (await deps.repo.renditions([video.id])).get(video.id)?.find((r) => r.name === name);
  const current = row?.masterSha256 === video.masterSha256;
  if (row && current && row.status === 'ready' && row.path && row.sha256) {
    const path = deps.storage.path(row.path);
    const file = await deps.storage.stat(row.path);
    if (file) {
      const extension = RENDITION_FILES[name].split('.').pop() ?? 'bin';
      return {
        kind: 'file',
        path,
        relative: row.path,
        size: file.size,
        sha256: row.sha256,
        lastModified: file.modified,
        fileName: fileNameFor(video, rendition, extension),
        extension,
      };
    }
    // The file went away (disk cleanup): make it again.
    await deps.repo.updateRendition(video.id, name, { status: 'failed', error: 'file missing' });
  } else if (row && current && row.status === 'failed' && row.error !== 'file missing') {
    if (row.error === 'no_audio') return { kind: 'no-audio' };
    if (Date.now() - row.updatedAt.getTime() < RETRY_FAILED_AFTER_MS) return { kind: 'failed' };
  } else if (row && current && (row.status === 'queued' || row.status === 'running')) {
    return { kind: 'preparing', progress: row.progress };
  }
  if (!deps.jobs) return { kind: 'preparing', progress: 0 };
  if (await deps.repo.claimRendition(video.id, name, video.masterSha256)) {
    await deps.jobs.send(
      'downloads.rendition',
      { videoId: video.id, name },
      { singletonKey: `${video.id}:${name}` },
    );
  }
  return { kind: 'preparing', progress: 0 };
}
