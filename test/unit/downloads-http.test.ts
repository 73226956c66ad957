import { describe, expect, it } from 'vitest';
import { contentRange, decideDelivery, parseEtagList } from '../../src/downloads/http-decision.ts';

const file = { size: 1000, etag: '"abc"', lastModified: new Date('2026-11-19T10:00:00.500Z') };
const lastModified = 'Thu, 19 Nov 2026 10:00:00 GMT';

describe('decideDelivery', () => {
  it('sends the whole file without Range', () => {
    expect(decideDelivery({}, file)).toEqual({ kind: 'full', start: 0, end: 999, length: 1000 });
  });

  it('sends one range: closed, open-ended, suffix, clamped to the end', () => {
    expect(decideDelivery({ range: 'bytes=0-99' }, file)).toEqual({
      kind: 'partial',
      start: 0,
      end: 99,
      length: 100,
    });
    expect(decideDelivery({ range: 'bytes=900-' }, file)).toMatchObject({
      start: 900,
      end: 999,
      length: 100,
    });
    expect(decideDelivery({ range: 'bytes=-10' }, file)).toMatchObject({ start: 990, end: 999 });
    expect(decideDelivery({ range: 'bytes=990-5000' }, file)).toMatchObject({ start: 990, end: 999 });
  });

  it('answers 416 for a range past the end, and ignores malformed or other-unit ranges', () => {
    expect(decideDelivery({ range: 'bytes=1000-' }, file)).toEqual({ kind: 'unsatisfiable' });
    expect(decideDelivery({ range: 'bytes=abc' }, file).kind).toBe('full');
    expect(decideDelivery({ range: 'items=0-5' }, file).kind).toBe('full');
  });

  it('merges overlapping ranges and sends the whole file for several distinct ones', () => {
    expect(decideDelivery({ range: 'bytes=0-10,5-20' }, file)).toMatchObject({
      kind: 'partial',
      start: 0,
      end: 20,
    });
    expect(decideDelivery({ range: 'bytes=0-10,50-60' }, file).kind).toBe('full');
  });

  it('answers 304 to If-None-Match with the ETag (weak comparison, lists, *)', () => {
    expect(decideDelivery({ 'if-none-match': '"abc"' }, file).kind).toBe('not-modified');
    expect(decideDelivery({ 'if-none-match': 'W/"abc"' }, file).kind).toBe('not-modified');
    expect(decideDelivery({ 'if-none-match': '"x", "abc"' }, file).kind).toBe('not-modified');
    expect(decideDelivery({ 'if-none-match': '*' }, file).kind).toBe('not-modified');
    expect(decideDelivery({ 'if-none-match': '"x"' }, file).kind).toBe('full');
  });

  it('uses If-Modified-Since only without If-None-Match', () => {
    expect(decideDelivery({ 'if-modified-since': lastModified }, file).kind).toBe('not-modified');
    expect(decideDelivery({ 'if-modified-since': 'Thu, 19 Nov 2026 09:59:59 GMT' }, file).kind).toBe('full');
    expect(decideDelivery({ 'if-none-match': '"x"', 'if-modified-since': lastModified }, file).kind).toBe(
      'full',
    );
  });

  it('honours If-Range: strong ETag or exact date, else the whole file', () => {
    expect(decideDelivery({ range: 'bytes=0-9', 'if-range': '"abc"' }, file).kind).toBe('partial');
    expect(decideDelivery({ range: 'bytes=0-9', 'if-range': 'W/"abc"' }, file).kind).toBe('full');
    expect(decideDelivery({ range: 'bytes=0-9', 'if-range': '"old"' }, file).kind).toBe('full');
    expect(decideDelivery({ range: 'bytes=0-9', 'if-range': lastModified }, file).kind).toBe('partial');
    expect(
      decideDelivery({ range: 'bytes=0-9', 'if-range': 'Thu, 19 Nov 2026 09:00:00 GMT' }, file).kind,
    ).toBe('full');
    // A stale If-Range with an unsatisfiable range still gets the whole (changed) file.
    expect(decideDelivery({ range: 'bytes=5000-', 'if-range': '"old"' }, file).kind).toBe('full');
  });

  it('answers 412 to a failed If-Match or If-Unmodified-Since', () => {
    expect(decideDelivery({ 'if-match': '"x"' }, file).kind).toBe('precondition-failed');
    expect(decideDelivery({ 'if-match': 'W/"abc"' }, file).kind).toBe('precondition-failed');
    expect(decideDelivery({ 'if-match': '"abc"', range: 'bytes=0-0' }, file).kind).toBe('partial');
    expect(decideDelivery({ 'if-unmodified-since': 'Thu, 19 Nov 2026 09:00:00 GMT' }, file).kind).toBe(
      'precondition-failed',
    );
    expect(decideDelivery({ 'if-unmodified-since': lastModified }, file).kind).toBe('full');
  });

  it('writes Content-Range for 206 and 416', () => {
    expect(contentRange({ kind: 'partial', start: 0, end: 99, length: 100 }, 1000)).toBe('bytes 0-99/1000');
    expect(contentRange({ kind: 'unsatisfiable' }, 1000)).toBe('bytes */1000');
    expect(contentRange({ kind: 'full', start: 0, end: 999, length: 1000 }, 1000)).toBeNull();
  });

  it('parses entity-tag lists', () => {
    expect(parseEtagList('"a", W/"b" ,"c,d"')).toEqual(['"a"', 'W/"b"', '"c,d"']);
    expect(parseEtagList('*')).toEqual(['*']);
  });
});
