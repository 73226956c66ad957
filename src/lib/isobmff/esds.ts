/**
 * The channel count an MPEG-4 audio track decodes to, from its `esds` box (pure): ISO/IEC 14496-1
 * descriptors (ES → DecoderConfig → DecoderSpecificInfo) holding the AudioSpecificConfig of
 * ISO/IEC 14496-3 (1.6.2.1). An `mp4a` sample entry's own channel count is a template field in
 * ISO files (ffmpeg's MP4 muxer writes 2 for mono AAC): the configuration is what decoders read.
 */

/** Channels of each channelConfiguration (14496-3 table 1.19; 0: defined by a PCE, not read here). */
const CHANNELS: Record<number, number> = {
  1: 1,
  2: 2,
  3: 3,
  4: 4,
  5: 5,
  6: 6,
  7: 8,
  11: 7,
  12: 8,
  13: 24,
  14: 8,
};

/** Audio object type of parametric stereo (HE-AAC v2): one coded channel decoded to two. */
const PS = 29;

/** A descriptor's tag, payload start and end, at `at` (sizes in 1-4 bytes of 7 bits); null if cut. */
function descriptor(
  data: Buffer,
  at: number,
  end: number,
): { tag: number; start: number; end: number } | null {
  if (at >= end) return null;
  const tag = data[at]!;
  let size = 0;
  let p = at + 1;
  for (let n = 0; n < 4; n++) {
    if (p >= end) return null;
    const byte = data[p++]!;
    size = (size << 7) | (byte & 0x7f);
    if ((byte & 0x80) === 0) break;
  }
  return p + size <= end ? { tag, start: p, end: p + size } : null;
}

/** The AudioSpecificConfig inside an `esds` payload (version and flags first), or null. */
export function audioSpecificConfig(esds: Buffer): Buffer | null {
  const es = descriptor(esds, 4, esds.length);
  if (es?.tag !== 0x03) return null;
  const flags = esds[es.start + 2];
  if (flags === undefined) return null;
  let p = es.start + 3;
  if (flags & 0x80) p += 2; // dependsOn_ES_ID
  if (flags & 0x40) p += 1 + (esds[p] ?? 0); // URL
  if (flags & 0x20) p += 2; // OCR_ES_Id
  const config = descriptor(esds, p, es.end);
  if (config?.tag !== 0x04) return null;
  const specific = descriptor(esds, config.start + 13, config.end);
  if (specific?.tag !== 0x05) return null;
  return esds.subarray(specific.start, specific.end);
}

/** Channels an AudioSpecificConfig decodes to, or null when it does not say (a PCE, or cut short). */
export function configChannels(asc: Buffer): number | null {
  let bit = 0;
  const read = (count: number): number | null => {
    let value = 0;
    for (let n = 0; n < count; n++, bit++) {
      const byte = asc[bit >> 3];
      if (byte === undefined) return null;
      value = value * 2 + ((byte >> (7 - (bit & 7))) & 1);
    }
    return value;
  };
  let type = read(5);
  if (type === 31) type = 32 + (read(6) ?? 0);
  const frequencyIndex = read(4);
  if (type === null || frequencyIndex === null) return null;
  if (frequencyIndex === 15 && read(24) === null) return null;
  const configuration = read(4);
  const channels = configuration === null ? undefined : CHANNELS[configuration];
  if (channels === undefined) return null;
  return type === PS && channels === 1 ? 2 : channels;
}
