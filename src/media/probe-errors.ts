/**
 * Typed refusals of a file at ingest. The web and CLI layers translate `code` into FR/EN messages;
 * `detail` is for logs and the back office, never shown raw to the public.
 */
export type MediaErrorCode =
  /** Not a media file at all (text, image, unknown data). */
  | 'not_media'
  /** A media file whose end is missing: its own index or header promises more than it holds. */
  | 'truncated'
  /** Media without a video stream (audio only, data only). */
  | 'no_video'
  /** The file cannot be read (missing, permissions). */
  | 'unreadable';

export class MediaError extends Error {
  constructor(
    readonly code: MediaErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'MediaError';
  }
}

export function isMediaError(error: unknown): error is MediaError {
  return error instanceof MediaError;
}

const ISO_BOX_TYPES = new Set(['ftyp', 'mdat', 'moov', 'free', 'wide', 'skip', 'pnot', 'uuid', 'styp']);

/** Whether the first bytes of a file are an ISO BMFF / QuickTime box header. Pure. */
export function looksLikeIsoBmff(head: Uint8Array): boolean {
  if (head.length < 8) return false;
  const type = String.fromCharCode(head[4]!, head[5]!, head[6]!, head[7]!);
  return ISO_BOX_TYPES.has(type);
}

/**
 * Classifies ffprobe's failure to open a file from its stderr and the file's first bytes. Pure.
 * An MP4/MOV that starts like one but whose moov box is missing was cut before its end.
 */
export function classifyProbeFailure(stderr: string, head: Uint8Array = new Uint8Array()): MediaErrorCode {
  const text = stderr.toLowerCase();
  if (text.includes('no such file') || text.includes('permission denied')) return 'unreadable';
  if (text.includes('moov atom not found') && looksLikeIsoBmff(head)) return 'truncated';
  return 'not_media';
}

/** Whether ffprobe's stderr while reading packets says the data stops before its index says. Pure. */
export function stderrSaysTruncated(stderr: string): boolean {
  const text = stderr.toLowerCase();
  return (
    text.includes('partial file') ||
    text.includes('unexpected end of file') ||
    text.includes('truncat') ||
    text.includes('end of file reached prematurely')
  );
}
