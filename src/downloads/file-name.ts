/**
 * Download file names (pure): readable, portable names built from the story slug, the story's date,
 * the master's start timecode and the rendition, and the RFC 6266 Content-Disposition header that
 * carries them (an ASCII `filename` for old clients, `filename*` in UTF-8 per RFC 8187/5987).
 */
import type { RenditionName } from './tables.ts';

export interface FileNameParts {
  /** The story the video belongs to; without one the title (or the id) names the file. */
  storySlug: string | null;
  /** The story's publication date. */
  date: Date | null;
  title: string;
  videoId: string;
  /** SMPTE start timecode, "HH:MM:SS:FF" (or ";" before the frames for drop-frame). */
  startTimecode: string | null;
  rendition: RenditionName;
  /** Extension without the dot, e.g. "mxf", "mp4", "wav". */
  extension: string;
}

const MAX_STEM = 120;

/** Lowercase ASCII words joined by dashes: accents dropped, everything else a separator. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function downloadFileName(parts: FileNameParts): string {
  const subject = slugify(parts.storySlug ?? '') || slugify(parts.title) || slugify(parts.videoId) || 'video';
  const pieces = [subject.slice(0, MAX_STEM).replace(/-+$/, '')];
  if (parts.date && !Number.isNaN(parts.date.getTime())) pieces.push(isoDate(parts.date));
  if (parts.startTimecode && /^\d{2}:\d{2}:\d{2}[:;.]\d{2,3}$/.test(parts.startTimecode)) {
    pieces.push(parts.startTimecode.replace(/[:;.]/g, '-'));
  }
  pieces.push(parts.rendition);
  const extension = slugify(parts.extension) || 'bin';
  return `${pieces.join('_')}.${extension}`;
}

/** RFC 8187 ext-value: UTF-8, percent-encoded outside attr-char. */
function extValue(text: string): string {
  return `UTF-8''${encodeURIComponent(text).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )}`;
}

/** An ASCII fallback for `filename=`: non-ASCII becomes "_", quotes and backslashes too. */
function asciiFallback(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
}

export function contentDisposition(name: string, type: 'attachment' | 'inline' = 'attachment'): string {
  return `${type}; filename="${asciiFallback(name)}"; filename*=${extValue(name)}`;
}

/** Extension of a stored path ("ab/cd/ef.mxf" → "mxf"); "bin" when it has none. */
export function extensionOf(path: string): string {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(path);
  return match ? match[1]!.toLowerCase() : 'bin';
}

const TYPES: Record<string, string> = {
  mxf: 'application/mxf',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  ts: 'video/mp2t',
  mts: 'video/mp2t',
  m2ts: 'video/mp2t',
  wav: 'audio/wav',
  mkv: 'video/x-matroska',
};

export function contentTypeFor(extension: string): string {
  return TYPES[extension.toLowerCase()] ?? 'application/octet-stream';
}

/**
 * A file downloaded ahead of its embargo says so in its name, in the reader's language:
 * `…_not-before-2026-03-01T0800Z.mxf` / `…_ne-pas-publier-avant-2026-03-01T0800Z.mxf` (UTC).
 */
export function embargoedFileName(name: string, until: Date, lang: 'fr' | 'en'): string {
  const stamp = `${until.toISOString().slice(0, 16).replace(':', '')}Z`;
  const words = lang === 'fr' ? 'ne-pas-publier-avant' : 'not-before';
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}_${words}-${stamp}${name.slice(dot)}` : `${name}_${words}-${stamp}`;
}
