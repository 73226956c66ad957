/**
 * What of an ingest failure's technical detail may be shown in the back office (pure): ffmpeg's and
 * ffprobe's messages name absolute server paths and upload ids (another editor's upload, the data
 * directory's layout). Paths become `[file]`, long hexadecimal ids and UUIDs `[id]`; the whole
 * detail goes to the server log only.
 */
const MAX = 500;

/** An absolute path or file: URL, up to a space, quote, comma or the `:` ffmpeg puts after names. */
const PATH = /(^|[\s'"(=[,])(?:file:)?\/[^\s'",:)\]]*/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const HEX_ID = /\b[0-9a-f]{16,}\b/gi;

export function redactDetail(detail: string | null | undefined): string | null {
  if (!detail) return null;
  const safe = detail
    .replace(PATH, (_match, before: string) => `${before}[file]`)
    .replace(UUID, '[id]')
    .replace(HEX_ID, '[id]')
    .trim();
  return safe.length > MAX ? `${safe.slice(0, MAX)}…` : safe;
}
