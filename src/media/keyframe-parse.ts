/**
 * Pure construction of a KeyframeIndex from ffprobe's packet list of one video stream, fed line by
 * line (`-show_entries packet=pts,dts,pos,flags -of csv=p=0`: "pts,dts,pos,flags", decode order).
 * Memory is a few typed arrays (24 bytes a packet), never the text: a two-hour 50p master is
 * 360,000 packets, under 10 MB.
 */
import { normaliseStreamTimes, type StreamTimeOptions } from './keyframe-time.ts';
import type { Keyframe, KeyframeIndex, Rational } from './types.ts';

class GrowableFloat64 {
  data = new Float64Array(4096);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

function field(text: string | undefined): number {
  if (text === undefined || text === '' || text === 'N/A') return Number.NaN;
  return Number(text);
}

export class KeyframeIndexBuilder {
  private readonly pts = new GrowableFloat64();
  private readonly dts = new GrowableFloat64();
  private readonly pos = new GrowableFloat64();
  private readonly keyDecodeIndexes: number[] = [];
  /** Largest byte position seen, for progress. */
  lastPos = 0;

  /** Adds one csv line "pts,dts,pos,flags". Malformed lines are ignored. */
  pushLine(line: string): void {
    const parts = line.split(',');
    if (parts.length < 4) return;
    const flags = parts[3] ?? '';
    // Packets the demuxer marks as discarded (MP4 edit lists) are never displayed.
    if (flags.includes('D')) return;
    this.pushPacket(field(parts[0]), field(parts[1]), field(parts[2]), flags.includes('K'));
  }

  /** Adds one packet in decode order (NaN for an unknown value). */
  pushPacket(pts: number, dts: number, pos: number, key: boolean): void {
    if (key) this.keyDecodeIndexes.push(this.pts.length);
    this.pts.push(pts);
    this.dts.push(dts);
    this.pos.push(pos);
    if (pos > this.lastPos) this.lastPos = pos;
  }

  get packetCount(): number {
    return this.pts.length;
  }

  /** The index; times normalised by keyframe-time.ts (`time`: the container's wrap, if any). */
  finish(timeBase: Rational, frameRate: Rational, time: StreamTimeOptions = {}): KeyframeIndex {
    const count = this.pts.length;
    const pos = this.pos.view();
    const { pts, dts } = normaliseStreamTimes(this.pts.view(), this.dts.view(), time);
    const sorted = Float64Array.from(pts).sort();
    const keys = this.keyDecodeIndexes;
    const unit = (timeBase.den * frameRate.den) / (timeBase.num * frameRate.num);
    const keyframes: Keyframe[] = keys.map((i, k) => {
      const keyPts = pts[i]!;
      const next = keys[k + 1] ?? count;
      const keyframe: Keyframe = {
        frame: lowerBound(sorted, keyPts),
        pts: keyPts,
        dts: Number.isNaN(dts[i]!) ? null : dts[i]!,
        pos: Number.isNaN(pos[i]!) ? null : pos[i]!,
        openGop: hasLeadingPictures(pts, i, next),
      };
      const ends = keyframe.openGop ? null : prefixEnds(pts, dts, sorted, i, next, unit);
      if (ends && ends.length > 0) keyframe.prefixEnds = ends;
      return keyframe;
    });
    keyframes.sort((a, b) => a.frame - b.frame);
    return {
      timeBase,
      frameRate,
      totalFrames: count,
      firstPts: count > 0 ? sorted[0]! : 0,
      keyframes,
    };
  }
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Open GOP: some packet after the keyframe in decode order, before the next keyframe, displays
 * before it (leading B-frames that reference the previous GOP).
 */
function hasLeadingPictures(pts: Float64Array, keyIndex: number, next: number): boolean {
  const keyPts = pts[keyIndex]!;
  for (let j = keyIndex + 1; j < next; j++) {
    if (pts[j]! < keyPts) return true;
  }
  return false;
}

/**
 * The lengths n at which the GOP's first n packets (decode order) display exactly its first n
 * frames; null when decode times are missing or not one frame apart (the copy's end is then placed
 * by decode time, which needs them).
 */
function prefixEnds(
  pts: Float64Array,
  dts: Float64Array,
  sorted: Float64Array,
  keyIndex: number,
  next: number,
  unit: number,
): number[] | null {
  const first = lowerBound(sorted, pts[keyIndex]!);
  const ends: number[] = [];
  let last = first;
  for (let j = keyIndex; j < next; j++) {
    if (!(Math.abs(dts[j]! - dts[keyIndex]! - (j - keyIndex) * unit) < 1)) return null;
    last = Math.max(last, lowerBound(sorted, pts[j]!));
    const n = j - keyIndex + 1;
    if (last === first + n - 1 && n < next - keyIndex) ends.push(n);
  }
  return ends;
}

/** Longest distance in frames between consecutive keyframes (the last one runs to the end). */
export function maxGopLength(index: KeyframeIndex): number | null {
  const frames = index.keyframes.map((k) => k.frame);
  if (frames.length === 0) return null;
  let longest = 0;
  for (let i = 0; i < frames.length; i++) {
    const end = frames[i + 1] ?? index.totalFrames;
    longest = Math.max(longest, end - frames[i]!);
  }
  return longest;
}

/** Builds an index from whole csv text (tests and small files). */
export function parseKeyframeCsv(
  text: string,
  timeBase: Rational,
  frameRate: Rational,
  time: StreamTimeOptions = {},
): KeyframeIndex {
  const builder = new KeyframeIndexBuilder();
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed) builder.pushLine(trimmed);
  }
  return builder.finish(timeBase, frameRate, time);
}
