/**
 * What an uploaded file is, from its first bytes (pure): the image formats the portal takes, and
 * HEIC/HEIF recognised so that it is refused by name. The file name's extension is never trusted.
 * JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A), TIFF (II*\0 / MM\0*), WebP (RIFF….WEBP), and ISO
 * BMFF `ftyp` brands: avif/avis → AVIF; heic/heix/hevc/heim/heis/hevm/hevs/mif1/msf1 → HEIC.
 */
export type ImageFormat = 'jpeg' | 'png' | 'tiff' | 'webp' | 'avif';

export type Sniffed = { kind: 'image'; format: ImageFormat } | { kind: 'heic' } | { kind: 'unknown' };

/** How many first bytes `sniffImage` needs. */
export const SNIFF_BYTES = 32;

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

export function sniffImage(head: Uint8Array): Sniffed {
  const b = head;
  const ascii = (start: number, end: number) => String.fromCharCode(...b.subarray(start, end));
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return image('jpeg');
  if (b.length >= 8 && ascii(0, 8) === '\x89PNG\r\n\x1a\n') return image('png');
  if (b.length >= 4 && (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*')) return image('tiff');
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return image('webp');
  if (b.length >= 12 && ascii(4, 8) === 'ftyp') {
    const major = ascii(8, 12);
    if (major === 'avif' || major === 'avis') return image('avif');
    if (HEIC_BRANDS.has(major)) return { kind: 'heic' };
  }
  return { kind: 'unknown' };
}

function image(format: ImageFormat): Sniffed {
  return { kind: 'image', format };
}

export const EXTENSIONS: Readonly<Record<ImageFormat, string>> = {
  jpeg: 'jpg',
  png: 'png',
  tiff: 'tif',
  webp: 'webp',
  avif: 'avif',
};
