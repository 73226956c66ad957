/**
 * Caption and credit from an image's IPTC block (pure), as sharp hands it over: a Photoshop image
 * resource block (`8BIM`, resource 0x0404) holding IPTC IIM datasets (IPTC IIM 4.2 §1.5: tag 0x1C,
 * record, dataset, 16-bit length, data). Record 2: Caption/Abstract (120), Credit (110), By-line (80,
 * the credit when no Credit is given). Text is read as UTF-8. Anything malformed gives empty strings.
 */
export interface IptcText {
  caption: string;
  credit: string;
}

export function iptcText(block: Uint8Array | undefined): IptcText {
  const empty = { caption: '', credit: '' };
  if (!block || block.length < 5) return empty;
  const buf = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
  const found = new Map<number, string>();
  try {
    for (let at = 0; at + 5 <= buf.length; ) {
      if (buf[at] !== 0x1c) {
        at++;
        continue;
      }
      const record = buf[at + 1];
      const dataset = buf[at + 2] as number;
      const length = buf.readUInt16BE(at + 3);
      if (length & 0x8000) break; // extended length: not used for text
      const data = buf.subarray(at + 5, at + 5 + length);
      if (record === 2 && !found.has(dataset)) found.set(dataset, data.toString('utf8').trim());
      at += 5 + length;
    }
  } catch {
    return empty;
  }
  return { caption: found.get(120) ?? '', credit: found.get(110) || found.get(80) || '' };
}
