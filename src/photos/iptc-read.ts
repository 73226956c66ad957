/**
 * Caption and credit from an image's IPTC IIM datasets, record 2: Caption/Abstract (120), Credit
 * (110), By-line (80, the credit when no Credit is given). sharp hands over the IPTC block (JPEG,
 * TIFF); exifr (the EXIF reader the portal already uses) walks its datasets. exifr decodes every IIM text as Latin-1, whatever record 1:90 (coded character set) declares, and does
 * not hand record 1 over; it has no option for this. Latin-1 maps each byte to one code point, so
 * `iptcDecode` (pure) takes the exact bytes back and decodes them as UTF-8 when they are well-formed
 * UTF-8 (what 1:90 = ESC % G declares, and what current tools write), else as Latin-1 (older tools,
 * nothing declared). Latin-1 text that also happens to be well-formed UTF-8 needs a byte ≥ 0xC2
 * followed by one in 0x80–0xBF (e.g. "Ã©"): not found in real captions. Anything unreadable gives
 * empty strings, never throws.
 */
import exifr from 'exifr';

export interface IptcText {
  caption: string;
  credit: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** exifr's Latin-1 string back to its bytes, then UTF-8 if they are UTF-8, else Latin-1; trimmed. */
export function iptcDecode(latin1: unknown): string {
  const value = Array.isArray(latin1) ? latin1[0] : latin1;
  if (typeof value !== 'string') return '';
  const bytes = Buffer.from(value, 'latin1');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = value;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters.
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
}

const PHOTOSHOP = Buffer.from('Photoshop 3.0\0', 'latin1');

/**
 * The IPTC block sharp hands over (a JPEG's APP13 payload, its `8BIM` resources, or a TIFF's raw IIM
 * datasets) as the smallest JPEG exifr reads: SOI, one APP13 segment, EOI. exifr reads IPTC from
 * JPEG segments well, but fails on a TIFF's IPTC tag stored as LONGs (as ExifTool writes it).
 */
export function iptcAsJpeg(block: Uint8Array): Buffer | null {
  let data = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
  if (data.subarray(0, PHOTOSHOP.length).equals(PHOTOSHOP)) data = data.subarray(PHOTOSHOP.length);
  if (data.subarray(0, 4).toString('latin1') !== '8BIM') {
    // Raw IIM: one `8BIM` image resource 0x0404 with an empty name, its size, the data, padded to even.
    const size = Buffer.alloc(4);
    size.writeUInt32BE(data.length);
    data = Buffer.concat([
      Buffer.from('8BIM\x04\x04\0\0', 'latin1'),
      size,
      data,
      Buffer.alloc(data.length % 2),
    ]);
  }
  const length = PHOTOSHOP.length + data.length + 2;
  if (length > 0xffff) return null;
  const marker = Buffer.from([0xff, 0xd8, 0xff, 0xed, length >> 8, length & 0xff]);
  return Buffer.concat([marker, PHOTOSHOP, data, Buffer.from([0xff, 0xd9])]);
}

/** Caption and credit from sharp's `metadata().iptc` (JPEG, TIFF). */
export async function iptcText(block: Uint8Array | undefined): Promise<IptcText> {
  const empty = { caption: '', credit: '' };
  const jpeg = block && block.length >= 5 ? iptcAsJpeg(block) : null;
  if (!jpeg) return empty;
  try {
    const tags = (await exifr.parse(jpeg, {
      tiff: false,
      xmp: false,
      icc: false,
      jfif: false,
      ihdr: false,
      iptc: { pick: ['Caption', 'Credit', 'Byline'] },
    })) as Record<string, unknown> | undefined;
    if (!tags) return empty;
    return {
      caption: iptcDecode(tags.Caption),
      credit: iptcDecode(tags.Credit) || iptcDecode(tags.Byline),
    };
  } catch {
    return empty;
  }
}
