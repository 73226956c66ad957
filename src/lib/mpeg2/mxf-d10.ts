/**
 * Whether an MXF file is a D-10 (IMX) file: SMPTE 386M maps MPEG-2 4:2:2P@ML intra frames and AES3
 * audio into one content package per frame, declared by the D-10 essence container label
 * (SMPTE 377M partition pack, RP 224: 06.0E.2B.34.04.01.01.0v.0D.01.03.01.02.01.mm.nn, mm 01–06 for
 * 50/40/30 Mb/s at 625/50 and 525/60). A clip from such a master must be written by ffmpeg's
 * `mxf_d10` muxer to carry the same label; the generic `mxf` muxer labels the same essence as
 * MPEG-2 long GOP and the audio as AES3/BWF.
 */
import { open } from 'node:fs/promises';

/** Bytes of the header partition read: the partition pack and its essence container batch. */
const HEAD = 64 * 1024;

/** Whether `head` (the file's first bytes) declares the D-10 essence container. Pure. */
export function declaresD10(head: Buffer): boolean {
  const prefix = Buffer.from([0x06, 0x0e, 0x2b, 0x34, 0x04, 0x01, 0x01]);
  const mapping = Buffer.from([0x0d, 0x01, 0x03, 0x01, 0x02, 0x01]);
  for (let at = head.indexOf(prefix); at >= 0 && at + 16 <= head.length; at = head.indexOf(prefix, at + 1)) {
    const variant = head[at + 14]!;
    if (head.subarray(at + 8, at + 14).equals(mapping) && variant >= 1 && variant <= 6) return true;
  }
  return false;
}

export async function isD10Mxf(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(HEAD);
    const { bytesRead } = await handle.read(head, 0, HEAD, 0);
    return declaresD10(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}
