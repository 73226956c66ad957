/**
 * The few EXIF facts the portal keeps, read by exifr (a maintained EXIF reader) from the EXIF block
 * sharp hands over (`Exif\0\0` then a TIFF structure): DateTimeOriginal with its OffsetTimeOriginal,
 * falling back to IFD0's DateTime; `exifDate` (pure) turns that text into an instant. Orientation
 * comes from sharp itself. Anything malformed gives null, never throws.
 */
import exifr from 'exifr';

/** When the picture was taken, or null. Without an offset the time is read as UTC. */
export async function exifTakenAt(exif: Uint8Array | undefined): Promise<Date | null> {
  if (!exif || exif.length < 14) return null;
  const block = Buffer.from(exif.buffer, exif.byteOffset, exif.byteLength);
  // exifr reads the TIFF structure that follows sharp's `Exif\0\0` prefix as a TIFF file.
  const tiff = block.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? block.subarray(6) : block;
  try {
    const tags = (await exifr.parse(tiff, {
      ifd0: { pick: ['DateTime'] },
      exif: { pick: ['DateTimeOriginal', 'OffsetTimeOriginal'] },
      gps: false,
      interop: false,
      ifd1: false,
      reviveValues: false,
    })) as Record<string, unknown> | undefined;
    const text = (key: string) => (typeof tags?.[key] === 'string' ? (tags[key] as string) : null);
    const when = text('DateTimeOriginal') ?? text('DateTime');
    return when ? exifDate(when, text('OffsetTimeOriginal')) : null;
  } catch {
    return null;
  }
}

/** `YYYY:MM:DD HH:MM:SS` (and `±HH:MM`) → instant; null when not a real date. */
export function exifDate(text: string, offset: string | null): Date | null {
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const zone = offset && /^[+-]\d{2}:\d{2}$/.test(offset.trim()) ? offset.trim() : 'Z';
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1826 ? null : date;
}
