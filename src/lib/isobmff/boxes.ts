/**
 * ISO base media boxes in memory (pure): building new ones, finding boxes inside a parsed tree, and
 * patching fixed-size fields in place. Used to join MP4/MOV clips at the sample-table level.
 */

export interface BoxRef {
  type: string;
  /** Offset of the box header in the buffer. */
  start: number;
  headerSize: number;
  size: number;
}

export function payloadStart(ref: BoxRef): number {
  return ref.start + ref.headerSize;
}

/** The boxes directly inside [start, end) of `data`. */
export function childBoxes(data: Buffer, start = 0, end = data.length): BoxRef[] {
  const boxes: BoxRef[] = [];
  let position = start;
  while (position + 8 <= end) {
    let size = data.readUInt32BE(position);
    let headerSize = 8;
    if (size === 1) {
      size = Number(data.readBigUInt64BE(position + 8));
      headerSize = 16;
    } else if (size === 0) {
      size = end - position;
    }
    if (size < headerSize || position + size > end) break;
    boxes.push({
      type: data.toString('latin1', position + 4, position + 8),
      start: position,
      headerSize,
      size,
    });
    position += size;
  }
  return boxes;
}

/** The box at `path` (types, outermost first) inside `within` (or the buffer's top level). */
export function findBox(data: Buffer, path: readonly string[], within?: BoxRef): BoxRef | undefined {
  let current = within;
  for (const type of path) {
    const start = current ? payloadStart(current) : 0;
    const end = current ? current.start + current.size : data.length;
    current = childBoxes(data, start, end).find((b) => b.type === type);
    if (!current) return undefined;
  }
  return current;
}

/** The bytes of a box, header included. */
export function boxBytes(data: Buffer, ref: BoxRef): Buffer {
  return data.subarray(ref.start, ref.start + ref.size);
}

export function box(type: string, ...payload: Buffer[]): Buffer {
  const size = 8 + payload.reduce((n, b) => n + b.length, 0);
  if (size > 0xffffffff) throw new Error(`box ${type} too large`);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(size, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, ...payload]);
}

export function fullBox(type: string, version: number, flags: number, ...payload: Buffer[]): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(((version & 0xff) << 24) | (flags & 0xffffff), 0);
  return box(type, head, ...payload);
}

/** Big-endian unsigned 32-bit values. */
export function u32(...values: number[]): Buffer {
  const out = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => {
    out.writeUInt32BE(v >>> 0, 4 * i);
  });
  return out;
}

export function u64(...values: number[]): Buffer {
  return u64s(values);
}

/** Big-endian unsigned 32-bit values of a table (any length: no argument spreading). */
export function u32s(values: ArrayLike<number>): Buffer {
  const out = Buffer.alloc(4 * values.length);
  for (let i = 0; i < values.length; i++) out.writeUInt32BE(values[i]! >>> 0, 4 * i);
  return out;
}

export function u64s(values: ArrayLike<number>): Buffer {
  const out = Buffer.alloc(8 * values.length);
  for (let i = 0; i < values.length; i++) out.writeBigUInt64BE(BigInt(values[i]!), 8 * i);
  return out;
}

/** Writes an unsigned field of `bytes` (4 or 8) at `offset`. */
export function writeField(data: Buffer, offset: number, bytes: 4 | 8, value: number): void {
  if (bytes === 8) data.writeBigUInt64BE(BigInt(value), offset);
  else data.writeUInt32BE(value >>> 0, offset);
}

/** Patches the duration (and optionally the track ID) of a tkhd, mdhd or mvhd box in place. */
export function patchHeader(
  data: Buffer,
  ref: BoxRef,
  fields: { duration?: number; trackId?: number; nextTrackId?: number },
): void {
  const p = payloadStart(ref);
  const v1 = data[p] === 1;
  if (ref.type === 'tkhd') {
    if (fields.trackId !== undefined) writeField(data, p + (v1 ? 20 : 12), 4, fields.trackId);
    if (fields.duration !== undefined) writeField(data, p + (v1 ? 28 : 20), v1 ? 8 : 4, fields.duration);
  } else if (ref.type === 'mdhd' || ref.type === 'mvhd') {
    if (fields.duration !== undefined) writeField(data, p + (v1 ? 24 : 16), v1 ? 8 : 4, fields.duration);
    if (ref.type === 'mvhd' && fields.nextTrackId !== undefined) {
      writeField(data, ref.start + ref.size - 4, 4, fields.nextTrackId);
    }
  }
}

/** The timescale of an mdhd or mvhd box. */
export function headerTimescale(data: Buffer, ref: BoxRef): number {
  const p = payloadStart(ref);
  return data.readUInt32BE(p + (data[p] === 1 ? 20 : 12));
}

/** The track ID of a tkhd box. */
export function trackIdOf(data: Buffer, tkhd: BoxRef): number {
  const p = payloadStart(tkhd);
  return data.readUInt32BE(p + (data[p] === 1 ? 20 : 12));
}

/** The handler type of a trak ('vide', 'soun', 'tmcd', …). */
export function handlerType(data: Buffer, trak: BoxRef): string | undefined {
  const hdlr = findBox(data, ['mdia', 'hdlr'], trak);
  return hdlr ? data.toString('latin1', payloadStart(hdlr) + 8, payloadStart(hdlr) + 12) : undefined;
}

/** Adds `delta` to every chunk offset (stco or co64) of a trak, in place. */
export function relocateChunks(data: Buffer, trak: BoxRef, delta: number): void {
  const stbl = findBox(data, ['mdia', 'minf', 'stbl'], trak);
  if (!stbl) return;
  for (const table of childBoxes(data, payloadStart(stbl), stbl.start + stbl.size)) {
    if (table.type !== 'stco' && table.type !== 'co64') continue;
    const wide = table.type === 'co64';
    const p = payloadStart(table);
    const count = data.readUInt32BE(p + 4);
    for (let i = 0; i < count; i++) {
      const at = p + 8 + i * (wide ? 8 : 4);
      const value = (wide ? Number(data.readBigUInt64BE(at)) : data.readUInt32BE(at)) + delta;
      if (!wide && value > 0xffffffff) throw new Error('chunk offset beyond 4 GB in a 32-bit table');
      writeField(data, at, wide ? 8 : 4, value);
    }
  }
}

/** The tracks of a `moov` box (the buffer holds the moov, header included). */
export function traks(moov: Buffer): BoxRef[] {
  return childBoxes(moov, 8, moov.length).filter((b) => b.type === 'trak');
}

/** The first sample entry of a trak's sample description (avc1, mp4a, tmcd, …). */
export function sampleEntry(data: Buffer, trak: BoxRef): BoxRef | undefined {
  const stsd = findBox(data, ['mdia', 'minf', 'stbl', 'stsd'], trak);
  // stsd: version/flags (4) and entry count (4), then the entries.
  return stsd ? childBoxes(data, payloadStart(stsd) + 8, stsd.start + stsd.size)[0] : undefined;
}

/** The first H.264 video track (avc1 or avc3 sample entry) of a moov. */
export function h264Trak(moov: Buffer): BoxRef | undefined {
  return traks(moov).find((t) => ['avc1', 'avc3'].includes(sampleEntry(moov, t)?.type ?? ''));
}

/** The first video track (handler `vide`) of a moov, whatever its codec. */
export function videoTrak(moov: Buffer): BoxRef | undefined {
  return traks(moov).find((t) => handlerType(moov, t) === 'vide');
}

/** The avcC payload of an H.264 track (after the VisualSampleEntry's 78 fixed bytes). */
export function avcConfigPayload(moov: Buffer, trak: BoxRef): Buffer | undefined {
  const entry = sampleEntry(moov, trak);
  if (!entry) return undefined;
  const config = childBoxes(moov, payloadStart(entry) + 78, entry.start + entry.size).find(
    (b) => b.type === 'avcC',
  );
  return config ? moov.subarray(payloadStart(config), config.start + config.size) : undefined;
}

/**
 * A copy of an `stsd` box (header included) whose first sample entry's `avcC` payload is replaced;
 * the entry's other boxes (`pasp`, `colr`, `fiel`, `btrt`…) and fixed fields are kept.
 */
export function stsdWithAvcC(stsd: Buffer, avcC: Buffer): Buffer {
  const ref: BoxRef = { type: 'stsd', start: 0, headerSize: 8, size: stsd.length };
  const entries = childBoxes(stsd, payloadStart(ref) + 8, stsd.length);
  const entry = entries[0];
  if (!entry) throw new Error('stsd without a sample entry');
  const children = childBoxes(stsd, payloadStart(entry) + 78, entry.start + entry.size).map((child) =>
    child.type === 'avcC' ? box('avcC', avcC) : boxBytes(stsd, child),
  );
  const newEntry = box(entry.type, stsd.subarray(payloadStart(entry), payloadStart(entry) + 78), ...children);
  return box(
    'stsd',
    stsd.subarray(8, 16),
    newEntry,
    ...entries.slice(1).map((other) => boxBytes(stsd, other)),
  );
}
