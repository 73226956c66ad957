/**
 * What to answer to a GET or HEAD of a file (pure): conditional requests (RFC 9110 §13: If-Match,
 * If-Unmodified-Since, If-None-Match, If-Modified-Since, in that order) and byte ranges (RFC 9110 §14:
 * one range; If-Range). Range syntax is parsed by `range-parser` (jshttp, what express and send use).
 * Several ranges are answered with the whole file, which the RFC allows.
 */
import parseRange from 'range-parser';

export interface FileValidators {
  size: number;
  /** Strong entity tag, quoted: `"…"`. */
  etag: string;
  lastModified: Date;
}

export interface RequestHeaders {
  range?: string;
  'if-range'?: string;
  'if-match'?: string;
  'if-none-match'?: string;
  'if-modified-since'?: string;
  'if-unmodified-since'?: string;
}

export type Delivery =
  | { kind: 'full'; start: 0; end: number; length: number }
  | { kind: 'partial'; start: number; end: number; length: number }
  | { kind: 'not-modified' }
  | { kind: 'precondition-failed' }
  | { kind: 'unsatisfiable' };

/** Entity tags in an If-Match / If-None-Match list ("*" stays "*"). */
export function parseEtagList(header: string): string[] {
  const tags: string[] = [];
  const pattern = /\s*(\*|(?:W\/)?"[^"]*")\s*(?:,|$)/gy;
  for (let match = pattern.exec(header); match; match = pattern.exec(header)) {
    tags.push(match[1]!);
    if (pattern.lastIndex >= header.length) break;
  }
  return tags;
}

const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);

function weakMatch(header: string, etag: string): boolean {
  return parseEtagList(header).some((tag) => tag === '*' || opaque(tag) === opaque(etag));
}

function strongMatch(header: string, etag: string): boolean {
  return parseEtagList(header).some((tag) => tag === '*' || (!tag.startsWith('W/') && tag === etag));
}

function parseDate(value: string | undefined): number | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

/** Seconds resolution, as HTTP dates have. */
function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000) * 1000;
}

/** If-Range: a strong ETag that matches, or the exact Last-Modified date. */
function ifRangeHolds(value: string, file: FileValidators): boolean {
  const trimmed = value.trim();
  if (trimmed.startsWith('"') || trimmed.startsWith('W/')) {
    return !trimmed.startsWith('W/') && trimmed === file.etag;
  }
  const date = parseDate(trimmed);
  return date !== null && date === seconds(file.lastModified);
}

export function decideDelivery(headers: RequestHeaders, file: FileValidators): Delivery {
  const ifMatch = headers['if-match'];
  if (ifMatch !== undefined) {
    if (!strongMatch(ifMatch, file.etag)) return { kind: 'precondition-failed' };
  } else {
    const unmodifiedSince = parseDate(headers['if-unmodified-since']);
    if (unmodifiedSince !== null && seconds(file.lastModified) > unmodifiedSince) {
      return { kind: 'precondition-failed' };
    }
  }
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (weakMatch(ifNoneMatch, file.etag)) return { kind: 'not-modified' };
  } else {
    const modifiedSince = parseDate(headers['if-modified-since']);
    if (modifiedSince !== null && seconds(file.lastModified) <= modifiedSince) {
      return { kind: 'not-modified' };
    }
  }
  const full = { kind: 'full', start: 0, end: file.size - 1, length: file.size } as const;
  const range = headers.range;
  if (range === undefined) return full;
  const ifRange = headers['if-range'];
  if (ifRange !== undefined && !ifRangeHolds(ifRange, file)) return full;
  const parsed = parseRange(file.size, range, { combine: true });
  // -2: malformed, ignored as the RFC says; another unit than bytes is ignored likewise.
  if (parsed === -2) return full;
  if (parsed === -1) return { kind: 'unsatisfiable' };
  if (parsed.type !== 'bytes' || parsed.length !== 1) return full;
  const { start, end } = parsed[0]!;
  return { kind: 'partial', start, end, length: end - start + 1 };
}

export function contentRange(delivery: Delivery, size: number): string | null {
  if (delivery.kind === 'partial') return `bytes ${delivery.start}-${delivery.end}/${size}`;
  if (delivery.kind === 'unsatisfiable') return `bytes */${size}`;
  return null;
}
