/**
 * The storage keys of media files, relative to the storage's root (pure). One place names the
 * layout: masters by content hash, previews and renditions by video, clips by cache key.
 */
const SHA256 = /^[0-9a-f]{64}$/;
const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function safe(part: string, what: string): string {
  if (!SAFE.test(part) || part.includes('..')) throw new Error(`not a safe ${what}: ${part}`);
  return part;
}

/** The content directory of a master (its keyframe index sits beside it). */
export function contentDirKey(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return `masters/${sha256.slice(0, 2)}/${sha256}`;
}

/** A stored master by content hash and extension. */
export function masterKey(sha256: string, ext: string): string {
  return `${contentDirKey(sha256)}/master.${safe(ext, 'extension')}`;
}

/** A video's preview folder (HLS playlist, segments, poster). */
export function previewDirKey(videoId: string): string {
  return `previews/${safe(videoId, 'video id')}`;
}

/** A video's derived renditions folder. */
export function renditionDirKey(videoId: string): string {
  return `renditions/${safe(videoId, 'video id')}`;
}

/** A clip file of the cache. */
export function clipKey(cacheKey: string, ext: string): string {
  return `clips/${safe(cacheKey, 'cache key')}.${safe(ext, 'extension')}`;
}
