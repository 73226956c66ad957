/**
 * The few EXIF facts the portal keeps (pure), read from the EXIF block sharp hands over (`Exif\0\0`
 * then a TIFF structure, CIPA DC-008 / EXIF 2.32 §4.6): DateTimeOriginal (0x9003) with its
 * OffsetTimeOriginal (0x9011) from the Exif IFD (pointer 0x8769 in IFD0), falling back to IFD0's
 * DateTime (0x0132). Orientation comes from sharp itself. Anything malformed gives null, never throws.
 */

/** When the picture was taken, or null. Without an offset the time is read as UTC. */
export function exifTakenAt(exif: Uint8Array | undefined): Date | null {
  if (!exif || exif.length < 14) return null;
  try {
    return readTakenAt(Buffer.from(exif.buffer, exif.byteOffset, exif.byteLength));
  } catch {
    return null;
  }
}

function readTakenAt(buf: Buffer): Date | null {
  const base = buf.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? 6 : 0;
  const order = buf.subarray(base, base + 2).toString('latin1');
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  const u16 = (at: number) => (le ? buf.readUInt16LE(base + at) : buf.readUInt16BE(base + at));
  const u32 = (at: number) => (le ? buf.readUInt32LE(base + at) : buf.readUInt32BE(base + at));
  const entries = (ifd: number): Map<number, { type: number; count: number; at: number }> => {
    const tags = new Map<number, { type: number; count: number; at: number }>();
    const n = u16(ifd);
    for (let i = 0; i < n && i < 500; i++) {
      const at = ifd + 2 + i * 12;
      tags.set(u16(at), { type: u16(at + 2), count: u32(at + 4), at: at + 8 });
    }
    return tags;
  };
  const ascii = (tag: { type: number; count: number; at: number } | undefined): string | null => {
    if (!tag || tag.type !== 2 || tag.count > 64) return null;
    const start = tag.count <= 4 ? tag.at : u32(tag.at);
    return buf
      .subarray(base + start, base + start + tag.count)
      .toString('latin1')
      .replace(/\0.*$/s, '');
  };
  const ifd0 = entries(u32(4));
  const pointer = ifd0.get(0x8769);
  const exifIfd = pointer ? entries(u32(pointer.at)) : new Map();
  const when = ascii(exifIfd.get(0x9003)) ?? ascii(ifd0.get(0x0132));
  return when ? exifDate(when, ascii(exifIfd.get(0x9011))) : null;
}

/** `YYYY:MM:DD HH:MM:SS` (and `±HH:MM`) → instant; null when not a real date. */
export function exifDate(text: string, offset: string | null): Date | null {
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const zone = offset && /^[+-]\d{2}:\d{2}$/.test(offset.trim()) ? offset.trim() : 'Z';
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1826 ? null : date;
}
