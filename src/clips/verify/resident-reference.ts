/**
 * The master's reference frames decoded by the clip worker's resident encoder (I/O: one job of
 * native/resident-encoder, its raw output read back) instead of an ffmpeg process: the same FFmpeg
 * libraries, decoder and seek rule as the `ffmpeg` command it replaces (`-seek_timestamp 1 -ss T
 * -i MASTER -vf trim=…`, or a fed H.264 stream with `-f h264 -framerate R`), without starting a
 * process and loading 215 libraries for three frames, or zeroing fresh memory for the decoder.
 *
 * The job writes the frames as raw pictures in the decoder's own pixel format (the `rawvideo`
 * encoder, as ffmpeg's framemd5 hashes them), so each frame's MD5 is framemd5's (computed when read:
 * only a copied edge's frame is compared by it). The 8-bit luma
 * the PSNR needs is what ffmpeg's `format=gray` gives for 8-bit YUV: swscale's limited-to-full range
 * expansion of the Y plane (`grayFromLimitedLuma`, checked against ffmpeg by
 * test/integration/clips-resident-encoder.test.ts). Other pixel formats (10-bit, full range, RGB)
 * are left to ffmpeg: `residentPictures` is null for them, and when the job fails.
 */
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResidentEncoder, ResidentJob } from '../../platform/ffmpeg/resident-encoder.ts';
import { YIELDING } from '../execute/types.ts';
import type { ClipPlan } from '../plan/plan.ts';
import type { Picture } from './rules.ts';

/**
 * 8-bit planar YUV with limited-range luma (the Y plane first, one byte a sample), by the size of a
 * raw picture against its luma plane.
 */
const EIGHT_BIT_YUV = new Map([
  ['yuv420p', 1.5],
  ['yuv422p', 2],
  ['yuv444p', 3],
]);

/**
 * ffmpeg's `format=gray` of a limited-range 8-bit luma sample (libswscale: the sample as 15 bits,
 * `lumRangeToJpeg`, then rounded back to 8 bits). Pure.
 */
export function grayFromLimitedLuma(y: number): number {
  const expanded = (Math.min(y << 7, 30189) * 19077 - 39057361) >> 14;
  return Math.max(0, Math.min(255, (expanded + 64) >> 7));
}

const GRAY = Uint8Array.from({ length: 256 }, (_, y) => grayFromLimitedLuma(y));
/** GRAY of two samples at once, as a 16-bit word holds them (either byte order: each byte its own). */
const GRAY_PAIRS = Uint16Array.from({ length: 65536 }, (_, v) => GRAY[v & 255]! | (GRAY[v >> 8]! << 8));

/** ffmpeg's `format=gray` of a limited-range luma plane, two samples a step where aligned. Pure. */
function grayPlane(frame: Uint8Array, lumaBytes: number): Uint8Array {
  const luma = new Uint8Array(lumaBytes);
  let p = 0;
  if (frame.byteOffset % 2 === 0) {
    const pairs = lumaBytes >> 1;
    const from = new Uint16Array(frame.buffer, frame.byteOffset, pairs);
    const to = new Uint16Array(luma.buffer, 0, pairs);
    for (let k = 0; k < pairs; k++) to[k] = GRAY_PAIRS[from[k]!]!;
    p = pairs * 2;
  }
  for (; p < lumaBytes; p++) luma[p] = GRAY[frame[p]!]!;
  return luma;
}

/** Whether frames of this pixel format can be taken from the resident encoder's raw output. */
export function residentReferenceFormat(pixFmt: string | null | undefined): boolean {
  return pixFmt !== null && pixFmt !== undefined && EIGHT_BIT_YUV.has(pixFmt);
}

/**
 * A raw 8-bit YUV picture (its Y plane `lumaBytes` long, first) as the verification compares it:
 * framemd5's MD5 of its bytes (hashed when asked for: only a copied edge's frame is compared by
 * it), and ffmpeg's `format=gray` of its luma. Pure.
 */
export function rawPicture(frame: Uint8Array, lumaBytes: number): Picture {
  const luma = grayPlane(frame, lumaBytes);
  let md5: string | undefined;
  return {
    get md5() {
      md5 ??= createHash('md5').update(frame).digest('hex');
      return md5;
    },
    luma,
  };
}

/** Bytes of a raw picture of `pixFmt` (8-bit YUV) and `size`; null for any other format. */
export function rawPictureBytes(pixFmt: string | null | undefined, size: { width: number; height: number }) {
  const factor = pixFmt ? EIGHT_BIT_YUV.get(pixFmt) : undefined;
  return factor === undefined ? null : size.width * size.height * factor;
}

/**
 * `count` raw pictures of `pixFmt` (8-bit YUV) and `size`, one after another in `data`, as the
 * master's frames from `from` on; null when `data` does not hold exactly that (another size, a
 * short file: the caller decodes them itself). Pure.
 */
export function rawPictures(
  data: Uint8Array,
  from: number,
  count: number,
  pixFmt: string | null,
  size: { width: number; height: number },
): Map<number, Picture> | null {
  const frameBytes = rawPictureBytes(pixFmt, size);
  if (frameBytes === null || count <= 0 || data.length !== frameBytes * count) return null;
  const lumaBytes = size.width * size.height;
  const pictures = new Map<number, Picture>();
  for (let i = 0; i < count; i++) {
    const frame = new Uint8Array(data.buffer, data.byteOffset + i * frameBytes, frameBytes);
    pictures.set(from + i, rawPicture(frame, lumaBytes));
  }
  return pictures;
}

/** Where the resident encoder decodes the frames from: the master seeked, or a feed. */
export type ReferenceSource =
  | { masterPath: string; seek: string | undefined; stream: number }
  | { feed: Buffer[] };

/**
 * The master's display frames [from, from + count) decoded by `resident` from `source`, after
 * `leading` decoded frames; null when its output is not usable here (see the file's header) or the
 * job failed (the caller runs ffmpeg). Rejects only when `signal` aborted.
 */
export async function residentPictures(
  resident: ResidentEncoder,
  options: {
    plan: ClipPlan;
    pixFmt: string | null;
    size: { width: number; height: number };
    workDir: string;
  },
  source: ReferenceSource,
  leading: number,
  from: number,
  count: number,
  name: string,
  signal?: AbortSignal,
): Promise<Map<number, Picture> | null> {
  const { plan, size, workDir } = options;
  if (!residentReferenceFormat(options.pixFmt) || count <= 0) return null;
  const output = join(workDir, `${name}.raw`);
  const job: ResidentJob = {
    input: '',
    output,
    format: 'rawvideo',
    leading,
    count,
    frameRate: plan.frameRate,
    encoder: { codec: 'rawvideo', pixFmt: null, options: [] },
    decoderThreads: 1,
    // The cut runs beside it and is what the job waits for.
    niceness: YIELDING,
    signal,
  };
  if ('feed' in source) {
    job.input = join(workDir, `${name}.h264`);
    job.inputFormat = 'h264';
    await writeFile(job.input, source.feed);
  } else {
    job.input = source.masterPath;
    job.seek = source.seek;
    job.stream = source.stream;
  }
  try {
    const encoded = await resident.run(job);
    if (encoded !== count) return null;
    return rawPictures(await readFile(output), from, count, options.pixFmt, size);
  } catch (error) {
    if (signal?.aborted) throw error;
    return null;
  } finally {
    await rm(output, { force: true });
    if ('feed' in source) await rm(job.input, { force: true });
  }
}
