/**
 * The copied middle of an MP4/MOV clip compared with an MP4/MOV master's samples byte for byte, from
 * both files' sample tables (I/O: the master's table, cached by the clip worker, the clip's moov, and
 * the samples' bytes in large reads; no process). It replaces two packet listings by ffmpeg (a
 * process each, ~0.3 CPU-s for a 60-s 1080p clip, and an Adler-32 of every packet) with reads of
 * bytes the page cache holds and a comparison of them.
 *
 * The master's samples are found from the middle's keyframe's byte position in the keyframe index
 * (what ffprobe reported at ingest, not what the executor chose to copy): the sync sample that starts
 * there, and the samples after it in decode order, as ffmpeg's stream copy from a seek to that
 * keyframe lists them. The clip's samples are its video track's, in decode order: the packet listing
 * ffmpeg makes of the clip (frame count, times, the tail window) must show the same sizes, or the
 * difference is reported.
 */
import { open } from 'node:fs/promises';
import { readMp4TrackSamples, type SampleTable } from '../../lib/isobmff/samples.ts';
import { cachedRead, type MasterCache } from '../execute/master-cache.ts';
import { type PacketFacts, withoutLeading } from './windows.ts';

/** A master sample as a packet (composition time for pts, sync for key) and where its bytes are. */
export interface SamplePacket extends Pick<PacketFacts, 'pts' | 'size' | 'key'> {
  offset: number;
}

/** The master's samples for the middle: the file and its samples from the middle's keyframe. */
export interface MasterMiddleSamples {
  path: string;
  packets: SamplePacket[];
}

/**
 * Up to `count` samples of the master's first video track from the sync sample at byte `pos`; null
 * when there is no table or no such sync sample (the caller lists the packets with ffmpeg).
 */
export async function masterMiddleSamples(
  masterPath: string,
  pos: number,
  count: number,
  cache?: MasterCache,
): Promise<MasterMiddleSamples | null> {
  const table = await cachedRead(cache, 'track-samples', masterPath, () =>
    readMp4TrackSamples(masterPath),
  ).catch(() => null);
  if (!table) return null;
  const first = table.offsets.indexOf(pos);
  if (first < 0 || !table.sync[first]) return null;
  return { path: masterPath, packets: packetsOf(table, first, Math.min(table.sizes.length, first + count)) };
}

function packetsOf(table: SampleTable, from: number, to: number): SamplePacket[] {
  const packets: SamplePacket[] = [];
  for (let i = from; i < to; i++) {
    packets.push({
      pts: table.cts[i]!,
      size: table.sizes[i]!,
      key: table.sync[i] === 1,
      offset: table.offsets[i]!,
    });
  }
  return packets;
}

/** Reads byte ranges of a file through a window of at least WINDOW bytes (samples come in order). */
const WINDOW = 8 << 20;

async function rangeReader(path: string) {
  const handle = await open(path, 'r');
  let buffer = Buffer.alloc(0);
  let start = 0;
  let end = 0;
  return {
    async read(offset: number, size: number): Promise<Buffer> {
      if (offset < start || offset + size > end) {
        if (buffer.length < Math.max(WINDOW, size)) buffer = Buffer.alloc(Math.max(WINDOW, size));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        start = offset;
        end = offset + bytesRead;
        if (offset + size > end) throw new Error(`the file ends before byte ${offset + size}`);
      }
      return buffer.subarray(offset - start, offset - start + size);
    },
    close: () => handle.close(),
  };
}

/**
 * The first difference between the clip's video samples [from, to) (decode order, the clip's
 * `listing` showing the same packets) and the master's samples, after the master's first
 * `dropLeading` leading pictures (re-encoded in the clip); null when they are the same bytes.
 */
export async function compareMiddleSamples(
  clipPath: string,
  listing: readonly PacketFacts[],
  from: number,
  to: number,
  master: MasterMiddleSamples,
  dropLeading: number,
): Promise<string | null> {
  const clip = await readMp4TrackSamples(clipPath).catch(() => null);
  if (!clip) return "the clip's sample table could not be read";
  if (clip.sizes.length !== listing.length) {
    return `the clip's sample table holds ${clip.sizes.length} video samples, ffmpeg lists ${listing.length}`;
  }
  const masterPackets = withoutLeading(master.packets, dropLeading);
  if (masterPackets.length < to - from) {
    return `${to - from} copied packets in the clip, ${masterPackets.length} read from the master`;
  }
  const [clipBytes, masterBytes] = await Promise.all([rangeReader(clipPath), rangeReader(master.path)]);
  try {
    for (let i = from; i < to; i++) {
      const theirs = masterPackets[i - from]!;
      const size = clip.sizes[i]!;
      if (size !== listing[i]!.size) {
        return `clip sample ${i} holds ${size} bytes in its sample table, ${listing[i]!.size} as ffmpeg reads it`;
      }
      const same =
        size === theirs.size &&
        (await clipBytes.read(clip.offsets[i]!, size)).equals(await masterBytes.read(theirs.offset, size));
      if (!same) {
        return `copied packet ${i - from} differs from the master's (${size} bytes, master ${theirs.size} bytes)`;
      }
    }
    return null;
  } finally {
    await Promise.all([clipBytes.close(), masterBytes.close()]);
  }
}
