/**
 * The photos' pure parts: the format from the first bytes (never the name), the EXIF date taken, the
 * IPTC caption and credit (as ExifTool wrote them), rendition sizes, the story form's media lines, who may fetch which file,
 * the FR/EN catalog having the same keys, and the upload receiver (@fastify/multipart) with its limits.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { mediaLines, parseMediaLines } from '../../src/newsroom/media-lines.ts';
import { exifDate, exifTakenAt } from '../../src/photos/exif-parse.ts';
import { sniffImage } from '../../src/photos/image-type.ts';
import { iptcDecode, iptcText } from '../../src/photos/iptc-read.ts';
import { photosMessages } from '../../src/photos/messages.ts';
import { cleanUpReceived, type MultipartLimits, receiveUpload } from '../../src/photos/multipart.ts';
import { fitWithin } from '../../src/photos/rendition-plan.ts';
import { fileRefusal } from '../../src/photos/service.ts';
import { createLocalStorage } from '../../src/platform/storage/local-disk.ts';
import { HttpError } from '../../src/web/errors.ts';
import {
  exiftoolJpegWithIptc,
  exiftoolTiffWithIptc,
  ffmpegJpeg,
  IPTC_CAPTION,
  IPTC_CAPTION_LATIN1,
  IPTC_CREDIT,
} from '../support/photos.ts';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffImage', () => {
  it('knows the accepted formats by their magic bytes', () => {
    expect(sniffImage(bytes([0xff, 0xd8, 0xff, 0xe0]))).toEqual({ kind: 'image', format: 'jpeg' });
    expect(sniffImage(bytes('\x89PNG\r\n\x1a\n'))).toEqual({ kind: 'image', format: 'png' });
    expect(sniffImage(bytes('II*\0'))).toEqual({ kind: 'image', format: 'tiff' });
    expect(sniffImage(bytes('MM\0*'))).toEqual({ kind: 'image', format: 'tiff' });
    expect(sniffImage(bytes('RIFF', [0, 0, 0, 0], 'WEBP'))).toEqual({ kind: 'image', format: 'webp' });
    expect(sniffImage(bytes([0, 0, 0, 28], 'ftypavif'))).toEqual({ kind: 'image', format: 'avif' });
  });
  it('recognises HEIC and refuses anything else, whatever its name', () => {
    expect(sniffImage(bytes([0, 0, 0, 24], 'ftypheic'))).toEqual({ kind: 'heic' });
    expect(sniffImage(bytes([0, 0, 0, 24], 'ftypmif1'))).toEqual({ kind: 'heic' });
    expect(sniffImage(bytes([0, 0, 0, 24], 'ftypisom'))).toEqual({ kind: 'unknown' });
    expect(sniffImage(bytes('GIF89a'))).toEqual({ kind: 'unknown' });
    expect(sniffImage(bytes('<svg'))).toEqual({ kind: 'unknown' });
    expect(sniffImage(bytes([0xff, 0xd8]))).toEqual({ kind: 'unknown' });
  });
});

/** A little-endian EXIF block: IFD0 with an Exif IFD pointer, the Exif IFD with 0x9003 and 0x9011. */
function exifBlock(date: string, offset: string): Buffer {
  const b = Buffer.alloc(200);
  b.write('Exif\0\0II', 0, 'latin1');
  b.writeUInt16LE(42, 8);
  b.writeUInt32LE(8, 10); // IFD0 at 8 (TIFF offsets count from byte 6)
  b.writeUInt16LE(1, 14);
  b.writeUInt16LE(0x8769, 16);
  b.writeUInt16LE(4, 18);
  b.writeUInt32LE(1, 20);
  b.writeUInt32LE(26, 24); // Exif IFD at 26
  b.writeUInt16LE(2, 32);
  const entry = (at: number, tag: number, count: number, value: number) => {
    b.writeUInt16LE(tag, 6 + at);
    b.writeUInt16LE(2, 6 + at + 2);
    b.writeUInt32LE(count, 6 + at + 4);
    b.writeUInt32LE(value, 6 + at + 8);
  };
  entry(28, 0x9003, 20, 80);
  entry(40, 0x9011, 7, 110);
  b.write(`${date}\0`, 6 + 80, 'latin1');
  b.write(`${offset}\0`, 6 + 110, 'latin1');
  return b;
}

describe('exif', () => {
  it('reads DateTimeOriginal with its offset', async () => {
    expect((await exifTakenAt(exifBlock('2024:07:01 18:30:00', '+02:00')))?.toISOString()).toBe(
      '2024-07-01T16:30:00.000Z',
    );
  });
  it('gives null for junk, never throws', async () => {
    expect(await exifTakenAt(Buffer.from('Exif\0\0MM\0*\xff\xff\xff\xff', 'latin1'))).toBeNull();
    expect(await exifTakenAt(undefined)).toBeNull();
    expect(exifDate('0000:00:00 00:00:00', null)).toBeNull();
    expect(exifDate('2024:13:01 10:00:00', null)).toBeNull();
    expect(exifDate('2024:01:01 10:00:00', null)?.toISOString()).toBe('2024-01-01T10:00:00.000Z');
  });
});

describe('iptc', () => {
  const iptcOf = async (path: string) => iptcText((await sharp(path).metadata()).iptc);
  it('keeps the caption and credit ExifTool wrote, UTF-8 declared or Latin-1 undeclared, JPEG and TIFF', async () => {
    expect(await iptcOf(await exiftoolJpegWithIptc('utf8'))).toEqual({
      caption: IPTC_CAPTION,
      credit: IPTC_CREDIT,
    });
    expect(await iptcOf(await exiftoolJpegWithIptc('latin1'))).toEqual({
      caption: IPTC_CAPTION_LATIN1,
      credit: IPTC_CREDIT,
    });
    expect(await iptcOf(await exiftoolTiffWithIptc())).toEqual({
      caption: IPTC_CAPTION,
      credit: IPTC_CREDIT,
    });
    // Without IPTC: empty, no error; a malformed block too.
    expect(await iptcOf(await ffmpegJpeg())).toEqual({ caption: '', credit: '' });
    expect(await iptcText(Buffer.from('8BIM\x04\x04garbage', 'latin1'))).toEqual({ caption: '', credit: '' });
  });
  it('takes exifr’s Latin-1 text back to its bytes: UTF-8 when well-formed, else Latin-1', () => {
    const asExifrReads = (bytes: Buffer) => bytes.toString('latin1');
    expect(iptcDecode(asExifrReads(Buffer.from('Quai à l’aube', 'utf8')))).toBe('Quai à l’aube');
    expect(iptcDecode(asExifrReads(Buffer.from('Quai à l’aube'.replace('’', "'"), 'latin1')))).toBe(
      "Quai à l'aube",
    );
    expect(iptcDecode([asExifrReads(Buffer.from('Première', 'utf8')), 'x'])).toBe('Première');
    expect(iptcDecode(undefined)).toBe('');
    expect(iptcDecode(' a\u0000b ')).toBe('a b');
  });
});

describe('renditions and access', () => {
  it('fits within the longest side without enlarging', () => {
    expect(fitWithin(6000, 4000, 2048)).toEqual({ width: 2048, height: 1365 });
    expect(fitWithin(320, 240, 1024)).toEqual({ width: 320, height: 240 });
  });
  it('gives web sizes of shown photos to anyone, the original to verified journalists', () => {
    const anon = { kind: 'anonymous' } as const;
    const jo = { kind: 'journalist', id: '1', verified: true } as const;
    const unverified = { kind: 'journalist', id: '2', verified: false } as const;
    expect(fileRefusal(anon, false, 'medium')?.status).toBe(404);
    expect(fileRefusal(anon, true, 'medium')).toBeNull();
    expect(fileRefusal(anon, true, 'original')?.status).toBe(401);
    expect(fileRefusal(unverified, true, 'original')?.status).toBe(403);
    expect(fileRefusal(jo, true, 'original')).toBeNull();
    expect(fileRefusal({ kind: 'staff', id: '3' }, false, 'original')).toBeNull();
  });
});

describe('story form media lines', () => {
  it('reads kinds, bare video ids and a starred lead, and writes them back', () => {
    const parsed = parseMediaLines('photo:p1\n*audio:a1  v1\n');
    expect(parsed.media).toEqual([
      { kind: 'photo', id: 'p1' },
      { kind: 'audio', id: 'a1' },
      { kind: 'video', id: 'v1' },
    ]);
    expect(parsed.leadMedia).toEqual({ kind: 'audio', id: 'a1' });
    expect(mediaLines(parsed.media, parsed.leadMedia)).toBe('photo:p1\n*audio:a1\nvideo:v1');
    expect(parseMediaLines('v1 v2').leadMedia).toEqual({ kind: 'video', id: 'v1' });
  });
});

describe('messages', () => {
  it('has the same keys in French and English, none empty', () => {
    expect(Object.keys(photosMessages.en).sort()).toEqual(Object.keys(photosMessages.fr).sort());
    for (const lang of ['fr', 'en'] as const)
      for (const value of Object.values(photosMessages[lang])) expect(value.trim()).not.toBe('');
  });
});

describe('receiveUpload: photo uploads through @fastify/multipart', () => {
  const made: string[] = [];
  afterAll(async () => {
    await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  /** A Fastify app with the photos' receiver on `POST /up` and its storage's incoming folder. */
  async function receiver(limits: MultipartLimits) {
    const root = await mkdtemp(join(tmpdir(), 'photos-multipart-'));
    made.push(root);
    const storage = createLocalStorage(root);
    const app = Fastify();
    await app.register(multipart);
    cleanUpReceived(app);
    app.post('/up', async (request, reply) => {
      try {
        const { files, fields } = await receiveUpload(request, storage, limits);
        return { fields, files: files.map(({ name, size, sha256 }) => ({ name, size, sha256 })) };
      } catch (error) {
        if (error instanceof HttpError) return reply.code(error.statusCode).send({ code: error.code });
        throw error;
      }
    });
    const incoming = async () => readdir(join(root, 'photos', '.incoming')).catch(() => []);
    return { app, incoming };
  }

  async function body(files: Buffer[], fields: Record<string, string> = {}) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    files.forEach((file, i) => {
      form.append('files', new Blob([file]), `dir/photo-${i}.jpg`);
    });
    const response = new Response(form);
    return {
      payload: Buffer.from(await response.arrayBuffer()),
      contentType: response.headers.get('content-type') ?? '',
    };
  }

  const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  it('streams each file to disk with its hash and keeps the text fields; the files go once answered', async () => {
    const { app, incoming } = await receiver({ maxBytes: 10_000, maxFiles: 3 });
    const a = Buffer.alloc(700, 1);
    const b = Buffer.alloc(300, 2);
    const { payload, contentType } = await body([a, b], { _csrf: 'token' });
    const response = await app.inject({
      method: 'POST',
      url: '/up',
      payload,
      headers: { 'content-type': contentType },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      fields: { _csrf: 'token' },
      files: [
        { name: 'photo-0.jpg', size: 700, sha256: sha256(a) },
        { name: 'photo-1.jpg', size: 300, sha256: sha256(b) },
      ],
    });
    // Removed by the onResponse hook, which runs once the answer is out.
    await expect.poll(incoming).toEqual([]);
  });

  it('refuses, keeping nothing: a declared length over the limit, files together over it, too many files', async () => {
    const { app, incoming } = await receiver({ maxBytes: 1000, maxFiles: 2 });
    // Each file under the limit, both together over it; sent chunked (no declared length).
    const over = await body([Buffer.alloc(600, 1), Buffer.alloc(600, 2)]);
    const chunked = await app.inject({
      method: 'POST',
      url: '/up',
      payload: Readable.from([over.payload.subarray(0, 700), over.payload.subarray(700)]),
      headers: { 'content-type': over.contentType },
    });
    expect(chunked.statusCode).toBe(413);
    expect(chunked.json()).toEqual({ code: 'too_large' });
    const declared = await app.inject({
      method: 'POST',
      url: '/up',
      payload: over.payload,
      headers: { 'content-type': over.contentType },
    });
    expect(declared.statusCode).toBe(413);
    const many = await body([Buffer.alloc(10), Buffer.alloc(10), Buffer.alloc(10)]);
    const tooMany = await app.inject({
      method: 'POST',
      url: '/up',
      payload: many.payload,
      headers: { 'content-type': many.contentType },
    });
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json()).toEqual({ code: 'too_many_files' });
    const notMultipart = await app.inject({ method: 'POST', url: '/up', payload: { a: 1 } });
    expect(notMultipart.statusCode).toBe(415);
    // Removed by the onResponse hook, which runs once the answer is out.
    await expect.poll(incoming).toEqual([]);
  });
});
