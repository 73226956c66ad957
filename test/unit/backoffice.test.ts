/** Back office pure logic: who may use it, upload metadata, titles, sizes, refusals, UPLOAD_MAX_BYTES. */
import { describe, expect, it } from 'vitest';
import { backofficeAccess, mayUseUpload } from '../../src/backoffice/access.ts';
import { parseUploadMeta, readUploadMeta, videoTitle } from '../../src/backoffice/upload-meta.ts';
import { isRefused } from '../../src/backoffice/videos.ts';
import { loadConfig } from '../../src/config.ts';
import { formatBytes } from '../../src/web/format-bytes.ts';

const auth = (role: string, pending = false) => ({ pending, user: { id: 7, role } });

describe('backofficeAccess', () => {
  it('lets editors and admins in, asks others to sign in or refuses them', () => {
    expect(backofficeAccess(null)).toEqual({ kind: 'signed-out' });
    expect(backofficeAccess(auth('editor', true))).toEqual({ kind: 'signed-out' });
    expect(backofficeAccess(auth('journalist'))).toEqual({ kind: 'forbidden' });
    expect(backofficeAccess(auth('editor'))).toEqual({ kind: 'ok', userId: '7', admin: false });
    expect(backofficeAccess(auth('admin'))).toEqual({ kind: 'ok', userId: '7', admin: true });
  });
  it('lets the owner or an admin touch an upload', () => {
    expect(mayUseUpload({ kind: 'ok', userId: '7', admin: false }, '7')).toBe(true);
    expect(mayUseUpload({ kind: 'ok', userId: '7', admin: false }, '8')).toBe(false);
    expect(mayUseUpload({ kind: 'ok', userId: '7', admin: true }, '8')).toBe(true);
  });
});

describe('upload metadata', () => {
  it('keeps only known fields, strips paths and control characters, sets the user', () => {
    expect(
      parseUploadMeta(
        {
          filename: 'C:\\masters\\Fire\u0007 .mxf',
          title: '  Fire ',
          story: 'fire',
          videoId: 'forged',
          userId: 'x',
        },
        '7',
      ),
    ).toEqual({ filename: 'Fire .mxf', title: 'Fire', story: 'fire', userId: '7' });
    expect(parseUploadMeta({ name: '../../etc/passwd' }, '7')).toMatchObject({ filename: 'passwd' });
    expect(parseUploadMeta({ title: 'x' }, '7')).toBe('filename_required');
    expect(parseUploadMeta({ filename: '..' }, '7')).toBe('filename_required');
    expect(readUploadMeta({ filename: 'a.mxf', title: '', videoId: null })).toEqual({ filename: 'a.mxf' });
  });
  it('titles a video with the given title, else the file name without its extension', () => {
    expect(videoTitle({ title: 'Fire', filename: 'x.mxf' })).toBe('Fire');
    expect(videoTitle({ filename: 'Harbour fire.mxf' })).toBe('Harbour fire');
    expect(videoTitle({ filename: '.mxf' })).toBe('.mxf');
    expect(videoTitle({})).toBeUndefined();
  });
  it('formats sizes in each language', () => {
    expect(formatBytes(200e9, 'en')).toBe('200 GB');
    expect(formatBytes(200e9, 'fr')).toBe('200 Go');
    expect(formatBytes(1_500_000, 'fr')).toBe('1,5 Mo');
    expect(formatBytes(512, 'en')).toBe('512 B');
  });
});

describe('refusals and configuration', () => {
  it('treats the media refusal codes as final', () => {
    expect(isRefused('not_media')).toBe(true);
    expect(isRefused('truncated')).toBe(true);
    expect(isRefused(null)).toBe(false);
  });
  it('reads UPLOAD_MAX_BYTES as bytes or with a unit', () => {
    expect(loadConfig({}).uploadMaxBytes).toBe(200e9);
    expect(loadConfig({ UPLOAD_MAX_BYTES: '5000' }).uploadMaxBytes).toBe(5000);
    expect(loadConfig({ UPLOAD_MAX_BYTES: '1.5TB' }).uploadMaxBytes).toBe(1.5e12);
    expect(loadConfig({ UPLOAD_MAX_BYTES: '50 GB' }).uploadMaxBytes).toBe(50e9);
    expect(() => loadConfig({ UPLOAD_MAX_BYTES: 'lots' })).toThrow(/UPLOAD_MAX_BYTES/);
    expect(() => loadConfig({ UPLOAD_MAX_BYTES: '0' })).toThrow(/UPLOAD_MAX_BYTES/);
  });
});
