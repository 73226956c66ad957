/**
 * The tus upload metadata the back office accepts (pure): `filename`, `title`, `story`, `language`
 * (the language the title is written in: the upload page's) from the client, whitelisted and trimmed, plus `userId` (set by the server, never by the client) and
 * `videoId` (set once the finished upload has been handed to ingest).
 */
import { basename } from 'node:path';

export interface UploadMeta {
  filename: string;
  title: string;
  story: string;
  /** The title's language (fr|en); absent from older clients: the title then stands for both. */
  language?: 'fr' | 'en';
  userId: string;
  videoId?: string;
}

export type MetaError = 'filename_required';

const MAX_FILENAME = 255;
const MAX_TITLE = 300;
const MAX_STORY = 200;

/** Trims, strips control characters and any directory part, caps the length. */
function clean(value: string | null | undefined, max: number): string {
  const printable = [...(value ?? '')].filter((c) => {
    const code = c.charCodeAt(0);
    return code >= 0x20 && code !== 0x7f;
  });
  return printable.join('').trim().slice(0, max);
}

export function parseUploadMeta(
  given: Record<string, string | null> | undefined,
  userId: string,
): UploadMeta | MetaError {
  const filename = clean(basename((given?.filename ?? given?.name ?? '').replace(/\\/g, '/')), MAX_FILENAME);
  if (filename === '' || filename === '.' || filename === '..') return 'filename_required';
  return {
    filename,
    title: clean(given?.title, MAX_TITLE),
    story: clean(given?.story, MAX_STORY),
    ...(given?.language === 'fr' || given?.language === 'en' ? { language: given.language } : {}),
    userId,
  };
}

/** The stored metadata read back (tus keeps values as string | null). */
export function readUploadMeta(metadata: Record<string, string | null> | undefined): Partial<UploadMeta> {
  const out: Partial<UploadMeta> = {};
  for (const key of ['filename', 'title', 'story', 'userId', 'videoId'] as const) {
    const value = metadata?.[key];
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  const language = metadata?.language;
  if (language === 'fr' || language === 'en') out.language = language;
  return out;
}

/** The title a video gets: the one given, else the file name without its extension. */
export function videoTitle(meta: Partial<UploadMeta>): string | undefined {
  if (meta.title) return meta.title;
  if (!meta.filename) return undefined;
  return meta.filename.replace(/\.[^.]+$/, '') || meta.filename;
}
