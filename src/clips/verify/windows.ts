/**
 * Where a clip must be decoded to be verified, and what its copied middle must be (pure: no I/O).
 *
 * A smart-cut clip is re-encoded pictures at its ends and the master's own packets between them.
 * Decoding is needed only where something new meets something copied: from the clip's first frame
 * through the keyframe after the first copied GOP (the head's seam, and for MPEG-2 the fixed GOP's
 * seam with the master's next GOP, whose leading pictures reference it), and from the keyframe
 * before the last copied GOP to the clip's end (the tail's seam; one GOP earlier, so that an open
 * GOP's leading pictures decode from their real references). Between the two windows the clip's
 * packets are compared with the master's, packet by packet (size and checksum), from the copy's
 * second keyframe up to the tail: they are the master's bytes, so they decode as the master does.
 * Clips with no copied middle, or too short for the windows to leave anything out, are decoded whole;
 * so are MPEG-TS clips: seeking in a TS is not exact to the keyframe, and a remuxed TS's packets may
 * differ from the master's by a start code's leading zero byte (ffmpeg's parser splits the PES).
 */
import type { KeyframeIndex } from '../../media/public.ts';
import type { ClipPlan, CopyPart } from '../plan/plan.ts';

/** The decode windows of a clip, in clip frames (0 = its first frame); null: decode it whole. */
export interface DecodeWindows {
  /** Frames [0, headEnd) are decoded from the start of the clip. */
  headEnd: number;
  /** Frames [tailStart, frameCount) are decoded from the keyframe at tailStart. */
  tailStart: number;
  /** Clip frame of the copied keyframe from which the packets must be the master's. */
  middleFrom: number;
  /** That keyframe's pts in the master (the master's packets are read from it). */
  middleMasterPts: number;
  /** Re-encoded frames after the copied stretch (their packets end the clip). */
  tailFrames: number;
  /**
   * When the middle starts at the copy's first keyframe (a long first GOP, see HEAD_AFTER_COPY):
   * the master's packets that follow that keyframe but are not in the clip (its open-GOP leading
   * pictures, displayed before it and re-encoded in the head). Absent otherwise.
   */
  middleDropLeading?: number;
}

/** More leading pictures than any GOP structure holds (MPEG-2 M ≤ 3, H.264 pyramids ≤ 16). */
export const MAX_LEADING = 32;

/**
 * Frames of the first copied GOP the head window decodes, its keyframe included, when that GOP is
 * longer: the keyframe, where the decoder goes from the re-encoded pictures to the master's (frame
 * numbers, order counts, memory management), and more frames than any B-pyramid holds back, so that
 * every picture of its first mini-GOPs is decoded. The rest of that GOP is the master's bytes and is
 * compared as packets with the copied middle. H.264 only: an MPEG-2 clip's first copied GOP is
 * rewritten (closed, renumbered) and not the master's bytes, so it is decoded whole, with the next
 * GOP's leading pictures that reference it. Fewer when the clip's own pictures prove it: after an
 * IDR whose SPSs bound reordering, R + 1 (seam-pictures.ts, `narrowWindows`).
 */
export const HEAD_AFTER_COPY = 1 + MAX_LEADING;

/**
 * The windows narrowed where the clip's own pictures prove a seam needs less (seam-pictures.ts):
 * the head through `headAfterCopy` frames of the first copied GOP when its keyframe is an IDR and
 * the middle is compared from that keyframe (a long first GOP, none of its pictures re-encoded);
 * the tail from the re-encoded tail's first frame when that is an IDR. Pure.
 */
export function narrowWindows(
  windows: DecodeWindows,
  frameCount: number,
  seams: { headAfterCopy: number | null; tailIdr: boolean },
): DecodeWindows {
  const fromFirstCopied = windows.middleDropLeading === 0;
  const headEnd =
    fromFirstCopied && seams.headAfterCopy !== null
      ? Math.min(windows.headEnd, windows.middleFrom + seams.headAfterCopy)
      : windows.headEnd;
  const tailStart =
    seams.tailIdr && windows.tailFrames > 0 ? frameCount - windows.tailFrames : windows.tailStart;
  return { ...windows, headEnd, tailStart };
}

/** Head windows from this many frames get frame threads when they decode alone. */
const THREADED_HEAD = 16;

/**
 * Decoder threads of an MP4/MOV clip's head window: two frame threads when it is the one long
 * decode of the verification (its tail window a picture or two: none, or narrowed to a re-encoded
 * IDR), so that it does not hold the job on one core while the other waits; one otherwise (the
 * windows then decode beside each other, and frame threads cost CPU that a short window does not
 * repay). Pure.
 */
export function headWindowThreads(windows: DecodeWindows, frameCount: number): 1 | 2 {
  const tail = windows.tailFrames > 0 ? frameCount - windows.tailStart : 0;
  return windows.headEnd >= THREADED_HEAD && tail <= 2 ? 2 : 1;
}

/** The copy part of a smart-cut plan, or null. */
function copyPartOf(plan: ClipPlan): CopyPart | null {
  const copies = plan.parts.filter((part): part is CopyPart => part.kind === 'copy');
  return copies.length === 1 ? copies[0]! : null;
}

/**
 * The windows of a clip of a master of `masterFamily` (its container family), or null when the clip
 * is decoded whole. Always for an MPEG-TS master: seeking in a TS is not exact to the keyframe, and
 * its packets (Annex B) are framed otherwise than an MP4 clip's samples (a web clip of it), so its
 * copied middle cannot be compared byte for byte.
 */
export function decodeWindows(
  plan: ClipPlan,
  index: KeyframeIndex,
  masterFamily: string,
): DecodeWindows | null {
  const copy = copyPartOf(plan);
  if (masterFamily === 'mpegts' || !copy || !copy.nextKeyframe) return null;
  const inFrame = plan.inFrame;
  const keyframes = index.keyframes;
  // Through the copy's second keyframe (and its leading pictures, displayed before it), or, for a
  // long first H.264 GOP, through that GOP's first HEAD_AFTER_COPY frames.
  const throughSecond = copy.nextKeyframe.frame - inFrame + 1;
  const firstCopied = copy.startFrame - inFrame;
  const short = plan.outputCodec === 'h264' && firstCopied + HEAD_AFTER_COPY < throughSecond;
  const headEnd = short ? firstCopied + HEAD_AFTER_COPY : throughSecond;
  // The last copied GOP starts at the last keyframe inside the copy; decode from the one before it
  // when its GOP is open (its leading pictures reference the GOP before).
  const inside = keyframes.filter((k) => k.frame >= copy.startFrame && k.frame < copy.endFrame);
  const lastGop = inside.at(-1);
  if (!lastGop) return null;
  const at = keyframes.indexOf(lastGop);
  const from = lastGop.openGop && at > 0 ? keyframes[at - 1]! : lastGop;
  const tailStart = from.frame - inFrame;
  const lastPart = plan.parts[plan.parts.length - 1]!;
  const tailFrames = lastPart.kind === 'encode' ? lastPart.endFrame - lastPart.startFrame : 0;
  // Windows that meet or overlap leave nothing out: one decode of the whole clip.
  if (tailStart <= headEnd) return null;
  if (short) {
    return {
      headEnd,
      tailStart,
      middleFrom: firstCopied,
      middleMasterPts: copy.fromKeyframe.pts,
      tailFrames,
      middleDropLeading: copy.dropLeading,
    };
  }
  return {
    headEnd,
    tailStart,
    middleFrom: copy.nextKeyframe.frame - inFrame,
    middleMasterPts: copy.nextKeyframe.pts,
    tailFrames,
  };
}

/** One packet as ffmpeg's framecrc lists it (stream copy: the container's bytes). */
export interface PacketFacts {
  pts: number;
  size: number;
  crc: string;
  key: boolean;
}

/** Packets of output stream `stream` in a framecrc listing, in decode order. */
export function parsePackets(text: string, stream = 0): PacketFacts[] {
  const packets: PacketFacts[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(',').map((field) => field.trim());
    if (Number(fields[0]) !== stream) continue;
    packets.push({
      pts: Number(fields[2]),
      size: Number(fields[4]),
      crc: fields[5] ?? '',
      // framecrc prints the flags (F=0x…) only when they are not exactly "keyframe".
      key: !fields.slice(6).some((field) => field.startsWith('F=')),
    });
  }
  return packets;
}

/**
 * Where the clip's copied middle starts in its packet list (decode order): the packet of the
 * `frame`-th frame in display order, or -1 when there is no such frame.
 */
export function packetOfFrame(packets: readonly PacketFacts[], frame: number): number {
  const displayed = packets.map((p) => p.pts).sort((a, b) => a - b);
  const pts = displayed[frame];
  return pts === undefined ? -1 : packets.findIndex((p) => p.pts === pts);
}

/** Whether presentation times are all different (display order is well defined). */
export function distinctPts(packets: readonly PacketFacts[]): boolean {
  return new Set(packets.map((p) => p.pts)).size === packets.length;
}

/**
 * The master's packets read from a copied keyframe, less the first `count` leading pictures that
 * follow it before the next keyframe and are displayed before it (the clip re-encoded them).
 */
export function withoutLeading<P extends Pick<PacketFacts, 'pts' | 'key'>>(
  master: readonly P[],
  count: number,
): P[] {
  const first = master[0];
  if (!first || count <= 0) return [...master];
  const kept: P[] = [first];
  let left = count;
  let sameGop = true;
  for (const packet of master.slice(1)) {
    sameGop &&= !packet.key;
    if (sameGop && left > 0 && packet.pts < first.pts) left--;
    else kept.push(packet);
  }
  return kept;
}

/**
 * The first master packet after a copied run of `copied` packets (decode order, from the run's
 * first) that is shown before the run's last shown frame: the run is then not a closed prefix and
 * leaves a frame out of the clip's display order. Null when it leaves none out. Pure.
 */
export function leftOutOfRun<P extends Pick<PacketFacts, 'pts'>>(
  master: readonly P[],
  copied: number,
): P | null {
  let last = Number.NEGATIVE_INFINITY;
  for (const packet of master.slice(0, copied)) last = Math.max(last, packet.pts);
  return master.slice(copied).find((packet) => packet.pts < last) ?? null;
}

/** The first difference between the clip's middle packets and the master's, or null. */
export function compareMiddle(clip: readonly PacketFacts[], master: readonly PacketFacts[]): string | null {
  if (master.length < clip.length) {
    return `${clip.length} copied packets in the clip, ${master.length} read from the master`;
  }
  for (let i = 0; i < clip.length; i++) {
    const a = clip[i]!;
    const b = master[i]!;
    if (a.size !== b.size || a.crc !== b.crc) {
      return `copied packet ${i} differs from the master's (${a.size} bytes ${a.crc}, master ${b.size} bytes ${b.crc})`;
    }
  }
  return null;
}
