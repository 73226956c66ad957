import type { Kysely } from 'kysely';
import type { DeliverableFile, HistoryTarget } from '../downloads/public.ts';
import { extensionOf } from '../downloads/public.ts';
import { addFrames, type FrameRate } from '../lib/timecode/timecode.ts';
import { videoLabel } from '../media/public.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { AUDIO_TIMECODE } from './audio/plan.ts';
import type { Clip, ClipsTables } from './tables.ts';

/** A clip's half-open range in the master's timecode: `in` the first frame included, `out` the first not. */
export function clipTimecodes(
  clip: Pick<Clip, 'start_timecode' | 'in_frame' | 'out_frame'>,
  rate: FrameRate,
): { in: string; out: string } {
  const format = { rate, dropFrame: clip.start_timecode.includes(';') };
  const out = addFrames(clip.start_timecode, clip.out_frame - clip.in_frame, format);
  return { in: clip.start_timecode, out };
}

/** A ready clip's file as the delivery code sends it. */
function deliverable(
  clip: Clip,
  filePath: string,
  stats: { size: number; modified: Date },
  fileName: string,
): DeliverableFile {
  return {
    relative: filePath,
    size: stats.size,
    lastModified: stats.modified,
    // A clip made again (after eviction or failure) is a new file: its mtime changes the tag.
    etag: `"clip-${clip.id}-${stats.modified.getTime().toString(16)}-${stats.size.toString(16)}"`,
    fileName,
    extension: extensionOf(filePath),
  };
}

/**
 * A part of an audio item: named as a clip (`<title>_<in>_<frames>f_audio.<ext>`, frames of the audio
 * timecode, clips/audio/plan.ts), recorded in the history against the audio item.
 */
export async function resolveAudioClipFile(
  storage: MediaStorage,
  clip: Clip,
  filePath: string,
  titleEn: string,
): Promise<{ file: DeliverableFile; history: HistoryTarget } | null> {
  const stats = await storage.stat(filePath);
  if (!stats) return null;
  const fileName = clipFileName(titleEn || null, { ...clip, profile: 'audio' as Clip['profile'] }, filePath);
  return {
    file: deliverable(clip, filePath, stats, fileName),
    history: {
      videoId: null,
      audioId: clip.audio_id,
      rendition: 'clip-broadcast',
      clip: clipTimecodes(clip, AUDIO_TIMECODE.rate),
    },
  };
}

/** `<title>_<in timecode>_<frames>f_<profile>.<ext>`, e.g. `harbour_10-00-00-37_224f_broadcast.mp4`. */
export function clipFileName(title: string | null, clip: Clip, filePath: string): string {
  const stem = (title ?? 'clip')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  const frames = clip.out_frame - clip.in_frame;
  const extension = filePath.split('.').pop();
  return `${stem}_${clip.start_timecode.replace(/[:;]/g, '-')}_${frames}f_${clip.profile}.${extension}`;
}

/** The ready clip's file and history entry; null when the file has left the cache meanwhile. */
export async function resolveClipFile(
  db: Kysely<ClipsTables>,
  storage: MediaStorage,
  clip: Clip,
  filePath: string,
): Promise<{ file: DeliverableFile; history: HistoryTarget } | null> {
  const stats = await storage.stat(filePath);
  if (!stats) return null;
  const video = clip.video_id ? await videoLabel(db, clip.video_id) : null;
  const rate = { num: video?.fpsNum ?? 25, den: video?.fpsDen ?? 1 };
  return {
    file: deliverable(clip, filePath, stats, clipFileName(video?.titleEn ?? null, clip, filePath)),
    history: {
      videoId: clip.video_id,
      rendition: clip.profile === 'web' ? 'clip-web' : 'clip-broadcast',
      clip: clipTimecodes(clip, rate),
    },
  };
}
