/**
 * The top-level boxes that describe an MP4/MOV file, read without reading its media data: `ftyp`
 * and `moov` whole, `mdat` located. A few small reads, whatever the file size.
 */
import { open } from 'node:fs/promises';

export interface Mp4File {
  ftyp: Buffer | null;
  moov: Buffer | null;
  /** The first media data box: where its payload starts and how long it is. */
  mdat: { start: number; size: number } | null;
}

export async function readMp4File(path: string): Promise<Mp4File> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const file: Mp4File = { ftyp: null, moov: null, mdat: null };
    const header = Buffer.alloc(16);
    let position = 0;
    while (position + 8 <= size) {
      await handle.read(header, 0, 16, position);
      let boxSize = header.readUInt32BE(0);
      let headerSize = 8;
      if (boxSize === 1) {
        boxSize = Number(header.readBigUInt64BE(8));
        headerSize = 16;
      } else if (boxSize === 0) {
        boxSize = size - position;
      }
      if (boxSize < headerSize || position + boxSize > size) break;
      const type = header.toString('latin1', 4, 8);
      if ((type === 'moov' && !file.moov) || (type === 'ftyp' && !file.ftyp)) {
        const data = Buffer.alloc(boxSize);
        await handle.read(data, 0, boxSize, position);
        file[type] = data;
      } else if (type === 'mdat' && !file.mdat) {
        file.mdat = { start: position + headerSize, size: boxSize - headerSize };
      }
      position += boxSize;
    }
    return file;
  } finally {
    await handle.close();
  }
}
