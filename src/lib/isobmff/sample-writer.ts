/**
 * Writes a media file's data sequentially: whole buffers, and samples gathered from other files
 * (interleaved there with other tracks' data) through two small buffers, so a copied stretch of
 * thousands of samples costs a few hundred system calls.
 */
import { type FileHandle, open } from 'node:fs/promises';

/** Read and write buffer size: large enough for few system calls, small enough to stay in cache. */
const WINDOW = 1 << 20;

export class SampleWriter {
  position = 0;
  private readonly window = Buffer.allocUnsafe(WINDOW);
  private readonly pending = Buffer.allocUnsafe(WINDOW);
  private pendingLength = 0;
  constructor(readonly handle: FileHandle) {}

  async write(data: Buffer): Promise<number> {
    await this.flush();
    const at = this.position;
    await this.handle.write(data, 0, data.length, at);
    this.position += data.length;
    return at;
  }

  async flush(): Promise<void> {
    if (this.pendingLength === 0) return;
    await this.handle.write(this.pending, 0, this.pendingLength, this.position);
    this.position += this.pendingLength;
    this.pendingLength = 0;
  }

  /** Appends bytes through the pending buffer; returns where they land. */
  private async append(data: Buffer): Promise<number> {
    if (data.length > WINDOW) return this.write(data);
    if (this.pendingLength + data.length > WINDOW) await this.flush();
    data.copy(this.pending, this.pendingLength);
    this.pendingLength += data.length;
    return this.position + this.pendingLength - data.length;
  }

  /** Copies `length` bytes of `source` from `start`, read and written in large pieces; returns where they land. */
  async copyRange(source: string, start: number, length: number): Promise<number> {
    await this.flush();
    const at = this.position;
    const handle = await open(source, 'r');
    try {
      for (let done = 0; done < length; ) {
        const { bytesRead } = await handle.read(
          this.window,
          0,
          Math.min(WINDOW, length - done),
          start + done,
        );
        if (bytesRead === 0) throw new Error(`short read from ${source}`);
        await this.handle.write(this.window, 0, bytesRead, this.position);
        this.position += bytesRead;
        done += bytesRead;
      }
    } finally {
      await handle.close();
    }
    return at;
  }

  /**
   * Copies samples of `source` (interleaved with other tracks' data there) one after the other,
   * reading the source in large windows; returns each sample's new offset.
   */
  async copySamples(source: string, offsets: ArrayLike<number>, sizes: ArrayLike<number>): Promise<number[]> {
    const placed: number[] = [];
    const handle = await open(source, 'r');
    let windowStart = 0;
    let windowLength = 0;
    try {
      for (let i = 0; i < offsets.length; i++) {
        const offset = offsets[i]!;
        const size = sizes[i]!;
        if (size > WINDOW) {
          // A large sample (or a whole side file's data): straight through the window, in pieces.
          await this.flush();
          placed.push(this.position);
          for (let done = 0; done < size; ) {
            const length = Math.min(size - done, WINDOW);
            const { bytesRead } = await handle.read(this.window, 0, length, offset + done);
            if (bytesRead !== length) throw new Error(`short read from ${source}`);
            await this.handle.write(this.window, 0, length, this.position);
            this.position += length;
            done += length;
          }
          windowLength = 0;
          continue;
        }
        if (offset < windowStart || offset + size > windowStart + windowLength) {
          const { bytesRead } = await handle.read(this.window, 0, WINDOW, offset);
          if (bytesRead < size) throw new Error(`short read from ${source}`);
          windowStart = offset;
          windowLength = bytesRead;
        }
        const from = offset - windowStart;
        placed.push(await this.append(this.window.subarray(from, from + size)));
      }
    } finally {
      await handle.close();
    }
    return placed;
  }
}
