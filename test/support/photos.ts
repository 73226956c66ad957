/**
 * Test photos, cached under .cache/test-media: images made by ffmpeg (JPEG, PNG, TIFF: another
 * encoder than the portal's own) and by sharp (a JPEG with EXIF date, orientation 6 and GPS, which
 * the renditions must drop), JPEGs with an IPTC caption and credit written by ExifTool, plus files
 * that are not what their name says.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { ensureMaster, TEST_MEDIA_DIR } from './masters.ts';

const run = promisify(execFile);

const PATTERN = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=1', '-frames:v', '1'];

export function ffmpegJpeg(): Promise<string> {
  return ensureMaster('photo-ffmpeg', 'jpg', [...PATTERN, '-c:v', 'mjpeg', '-q:v', '3', '-f', 'image2']);
}

export function ffmpegPng(): Promise<string> {
  return ensureMaster('photo-ffmpeg', 'png', [...PATTERN, '-c:v', 'png', '-f', 'image2']);
}

export function ffmpegTiff(): Promise<string> {
  return ensureMaster('photo-ffmpeg', 'tif', [
    ...PATTERN,
    '-c:v',
    'tiff',
    '-pix_fmt',
    'rgb24',
    '-f',
    'image2',
  ]);
}

async function cached(name: string, make: () => Promise<Buffer>): Promise<string> {
  const path = join(TEST_MEDIA_DIR, name);
  if (!existsSync(path)) {
    await mkdir(TEST_MEDIA_DIR, { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    await writeFile(tmp, await make());
    await rename(tmp, path);
  }
  return path;
}

/** 640×480 as stored, orientation 6 (shown 480×640), taken 2026-03-14 09:26:53 +01:00, with GPS. */
export const SHARP_TAKEN_AT = '2026-03-14T08:26:53.000Z';

export function sharpJpegWithExif(): Promise<string> {
  return cached('photo-sharp-exif-v2.jpg', () =>
    sharp({ create: { width: 640, height: 480, channels: 3, background: '#3366aa' } })
      .composite([
        {
          input: { create: { width: 320, height: 120, channels: 3, background: '#ffcc00' } },
          left: 0,
          top: 0,
        },
      ])
      .jpeg({ quality: 85 })
      .withExif({
        IFD0: { Make: 'TestCam', Artist: 'Test Photographer' },
        IFD2: { DateTimeOriginal: '2026:03:14 09:26:53', OffsetTimeOriginal: '+01:00' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '50/1 50/1 0/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '4/1 21/1 0/1',
        },
      })
      .withMetadata({ orientation: 6 })
      .toBuffer(),
  );
}

/** A text file named like a JPEG. */
export function textNamedJpeg(): Promise<string> {
  return cached('photo-not-an-image.jpg', async () =>
    Buffer.from('Not a photo, only a note about one.\n'.repeat(50)),
  );
}

/** The first bytes of a HEIC file (ISO BMFF `ftyp` with the `heic` brand), as an iPhone writes it. */
export function heicHeader(): Promise<string> {
  return cached('photo-heic-header.heic', async () => {
    const ftyp = Buffer.alloc(24);
    ftyp.writeUInt32BE(24, 0);
    ftyp.write('ftypheic', 4, 'latin1');
    ftyp.writeUInt32BE(0, 12);
    ftyp.write('mif1heic', 16, 'latin1');
    return Buffer.concat([ftyp, Buffer.alloc(1000)]);
  });
}

/** The IPTC caption and credit ExifTool writes into `exiftoolJpegWithIptc`'s images. */
export const IPTC_CAPTION = 'Le phare à l’aube, été 2026';
export const IPTC_CAPTION_LATIN1 = "Le phare à l'aube, été 2026";
export const IPTC_CREDIT = 'Agence Étoile / Hervé Le Gall';

/**
 * ffmpeg's JPEG with an IPTC caption (2:120) and credit (2:110) written by ExifTool (Debian's
 * libimage-exiftool-perl: a writer we did not make, the reference one): `utf8` declares UTF-8 in
 * record 1:90 as current tools do; `latin1` writes Latin-1 bytes and declares nothing, as older ones did.
 */
export async function exiftoolJpegWithIptc(charset: 'utf8' | 'latin1'): Promise<string> {
  return withIptc(await ffmpegJpeg(), `photo-exiftool-iptc-${charset}.jpg`, charset);
}

/** ffmpeg's TIFF with the same UTF-8 IPTC caption and credit, written by ExifTool (IFD0 tag 33723). */
export async function exiftoolTiffWithIptc(): Promise<string> {
  return withIptc(await ffmpegTiff(), 'photo-exiftool-iptc-utf8.tif', 'utf8');
}

async function withIptc(source: string, name: string, charset: 'utf8' | 'latin1'): Promise<string> {
  const path = join(TEST_MEDIA_DIR, name);
  if (existsSync(path)) return path;
  const tmp = `${path}.tmp-${process.pid}${extname(name)}`;
  const caption = charset === 'utf8' ? IPTC_CAPTION : IPTC_CAPTION_LATIN1;
  await run('exiftool', [
    '-q',
    '-charset',
    `iptc=${charset === 'utf8' ? 'UTF8' : 'Latin'}`,
    ...(charset === 'utf8' ? ['-IPTC:CodedCharacterSet=UTF8'] : []),
    `-IPTC:Caption-Abstract=${caption}`,
    `-IPTC:Credit=${IPTC_CREDIT}`,
    '-o',
    tmp,
    source,
  ]);
  await rename(tmp, path);
  return path;
}
