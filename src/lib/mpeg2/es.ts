/**
 * MPEG-2 elementary stream fix-up for a copy that starts on an open-GOP I-frame whose leading
 * B-frames were dropped (docs/smart-cut.md, trap 4): the GOP header is marked closed (broken_link
 * cleared) and the temporal_reference of every picture of that first GOP is lowered by the number
 * of dropped pictures, so the I-frame is 0 again. Bits are edited in place: sizes do not change.
 */
import { open } from 'node:fs/promises';

const GOP = 0xb8;
const PICTURE = 0x00;

export class Mpeg2FixupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Mpeg2FixupError';
  }
}

function nextStartCode(data: Buffer, from: number): number {
  for (let i = from; i + 3 < data.length; i++) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) return i;
  }
  return -1;
}

/**
 * The GOP header's time_code names the first displayed picture of the GOP: once the leading
 * pictures are gone, that is the I-frame, `frames` later. Non-drop-frame arithmetic (the
 * drop_frame_flag is kept as is; drop-frame GOP timecodes are left untouched).
 */
export function advanceGopTimecode(data: Buffer, at: number, frames: number, base: number): void {
  const bits = data.readUInt32BE(at);
  if (bits >>> 31) return;
  const hours = (bits >>> 26) & 0x1f;
  const minutes = (bits >>> 20) & 0x3f;
  const seconds = (bits >>> 13) & 0x3f;
  const pictures = (bits >>> 7) & 0x3f;
  let total = ((hours * 60 + minutes) * 60 + seconds) * base + pictures + frames;
  total %= 24 * 3600 * base;
  const p = total % base;
  const s = Math.floor(total / base) % 60;
  const m = Math.floor(total / base / 60) % 60;
  const h = Math.floor(total / base / 3600);
  const updated = ((h << 26) | (m << 20) | (1 << 19) | (s << 13) | (p << 7) | (bits & 0x7f)) >>> 0;
  data.writeUInt32BE(updated, at);
}

export interface FirstGopFix {
  /** Pictures renumbered. */
  pictures: number;
  /** temporal_reference values before, in stream order. */
  before: number[];
}

/**
 * Edits `data` (the start of an ES that begins with the first copied GOP) in place. Returns what it
 * changed; throws when the first GOP does not look like an I-frame with `dropped` leading pictures.
 * `data` must hold the whole first GOP (up to the next GOP header).
 */
export function closeFirstGop(
  data: Buffer,
  dropped: number,
  timecodeBase = 0,
  /** `data` is the whole stream: its end also ends the first GOP. */
  wholeStream = false,
): FirstGopFix {
  let position = nextStartCode(data, 0);
  let gopSeen = false;
  const before: number[] = [];
  while (position >= 0) {
    const code = data[position + 3];
    if (code === GOP) {
      if (gopSeen) return { pictures: before.length, before };
      gopSeen = true;
      // time_code (25 bits) closed_gop (1) broken_link (1): bits 25 and 26 of the header payload.
      const flags = position + 4 + 3;
      data[flags] = (data[flags]! | 0x40) & ~0x20;
      if (timecodeBase > 0) advanceGopTimecode(data, position + 4, dropped, timecodeBase);
    } else if (code === PICTURE && gopSeen) {
      const at = position + 4;
      const reference = (data[at]! << 2) | (data[at + 1]! >> 6);
      const type = (data[at + 1]! >> 3) & 0x7;
      if (before.length === 0 && (type !== 1 || reference !== dropped)) {
        throw new Mpeg2FixupError(
          `first copied picture is type ${type} with temporal_reference ${reference}, expected an I-frame at ${dropped}`,
        );
      }
      before.push(reference);
      const renumbered = reference - dropped;
      if (renumbered < 0) throw new Mpeg2FixupError(`picture ${reference} precedes the copied I-frame`);
      data[at] = renumbered >> 2;
      data[at + 1] = (data[at + 1]! & 0x3f) | ((renumbered & 0x3) << 6);
    }
    position = nextStartCode(data, position + 4);
  }
  if (!gopSeen) throw new Mpeg2FixupError('no GOP header at the start of the copied stream');
  if (wholeStream) return { pictures: before.length, before };
  throw new Mpeg2FixupError('the first copied GOP does not end within the data read');
}

/** Applies closeFirstGop to the start of a file, reading as much as the first GOP needs. */
export async function closeFirstGopInFile(
  path: string,
  dropped: number,
  timecodeBase = 0,
): Promise<FirstGopFix> {
  const handle = await open(path, 'r+');
  try {
    const { size } = await handle.stat();
    let length = Math.min(size, 8 << 20);
    for (;;) {
      const data = Buffer.alloc(length);
      await handle.read(data, 0, length, 0);
      try {
        const fix = closeFirstGop(data, dropped, timecodeBase, length >= size);
        await handle.write(data, 0, length, 0);
        return fix;
      } catch (error) {
        const incomplete = error instanceof Mpeg2FixupError && /does not end/.test(error.message);
        if (!incomplete || length >= size) throw error;
        length = Math.min(size, length * 4);
      }
    }
  } finally {
    await handle.close();
  }
}
