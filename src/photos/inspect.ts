/**
 * What an uploaded file is, before anything is kept: its first bytes (never its name) say which
 * image format it claims, sharp then reads its header and decodes it whole (a truncated or damaged
 * file is refused here, not later in the renditions job), its EXIF gives the date it was taken and its
 * IPTC the first caption and credit.
 * HEIC/HEIF is refused by name: sharp's prebuilt libvips has libheif with the AV1 decoder only (AVIF
 * reads), no HEVC decoder (`sharp.format.heif.input.fileSuffix` is `['.avif']`).
 */
import { open } from 'node:fs/promises';
import sharp from 'sharp';
import { exifTakenAt } from './exif-parse.ts';
import { type ImageFormat, SNIFF_BYTES, sniffImage } from './image-type.ts';
import { iptcText } from './iptc-read.ts';

export const MAX_PIXELS = 200_000_000;

export interface InspectedImage {
  format: ImageFormat;
  /** As displayed: EXIF orientation applied. */
  width: number;
  height: number;
  orientation: number;
  takenAt: Date | null;
  caption: string;
  credit: string;
}

export type Inspection =
  | { ok: true; image: InspectedImage }
  | { ok: false; code: 'not_image' | 'heic' | 'unreadable' | 'too_many_pixels'; megapixels?: number };

const SHARP_FORMATS: Record<ImageFormat, string[]> = {
  jpeg: ['jpeg'],
  png: ['png'],
  tiff: ['tiff'],
  webp: ['webp'],
  avif: ['heif', 'avif'],
};

async function head(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function inspectImage(path: string): Promise<Inspection> {
  const sniffed = sniffImage(await head(path));
  if (sniffed.kind === 'heic') return { ok: false, code: 'heic' };
  if (sniffed.kind === 'unknown') return { ok: false, code: 'not_image' };
  let meta: sharp.Metadata;
  try {
    meta = await sharp(path, { limitInputPixels: false }).metadata();
  } catch {
    return { ok: false, code: 'unreadable' };
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (!SHARP_FORMATS[sniffed.format].includes(String(meta.format)) || width < 1 || height < 1)
    return { ok: false, code: 'unreadable' };
  if (width * height > MAX_PIXELS)
    return { ok: false, code: 'too_many_pixels', megapixels: Math.round((width * height) / 1e6) };
  try {
    // Decoded whole (JPEG shrinks on load, so this stays cheap); truncation is an error here.
    await sharp(path, { failOn: 'truncated', limitInputPixels: MAX_PIXELS })
      .resize(32, 32, { fit: 'inside' })
      .raw()
      .toBuffer();
  } catch {
    return { ok: false, code: 'unreadable' };
  }
  const orientation = meta.orientation ?? 1;
  const swapped = orientation >= 5 && orientation <= 8;
  const iptc = await iptcText(meta.iptc);
  return {
    ok: true,
    image: {
      format: sniffed.format,
      width: swapped ? height : width,
      height: swapped ? width : height,
      orientation,
      takenAt: await exifTakenAt(meta.exif),
      caption: iptc.caption,
      credit: iptc.credit,
    },
  };
}
