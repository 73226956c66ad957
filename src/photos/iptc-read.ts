/**
 * Caption and credit from an image's IPTC IIM datasets, record 2: Caption/Abstract (120), Credit
 * (110), By-line (80, the credit when no Credit is given). exifr (the EXIF reader the portal already
 * uses) finds and walks the IIM block in the file (JPEG APP13 / Photoshop `8BIM` 0x0404, TIFF). It
 * decodes every IIM text as Latin-1, whatever record 1:90 (coded character set) declares, and does
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

export async function iptcText(path: string): Promise<IptcText> {
  const empty = { caption: '', credit: '' };
  try {
    const tags = (await exifr.parse(path, {
      tiff: false,
      exif: false,
      gps: false,
      interop: false,
      ifd1: false,
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
