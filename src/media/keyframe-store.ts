/**
 * Compact, versioned serialisation of a KeyframeIndex (columns of numbers, not an array of objects),
 * so an intra-only two-hour master (one keyframe per frame) stays a few MB, and atomic file I/O for
 * it. The clip planner reads it back without touching the master.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { maxGopLength } from './keyframe-parse.ts';
import type { Keyframe, KeyframeIndex, MediaInfo } from './types.ts';

interface EncodedIndexV1 {
  v: 1;
  timeBase: [number, number];
  frameRate: [number, number];
  totalFrames: number;
  firstPts: number;
  /** Display frame numbers, delta-encoded (first value absolute). */
  frame: number[];
  /** pts, delta-encoded. */
  pts: number[];
  /** dts and byte positions, absolute (null when unknown). */
  dts: (number | null)[];
  pos: (number | null)[];
  /** Indexes of the keyframes whose GOP is open. */
  open: number[];
  /**
   * Each keyframe's prefixEnds as an index into `patterns` (-1: none); GOPs of one master share a
   * handful of structures. Absent in indexes written before it existed.
   */
  prefix?: number[];
  patterns?: number[][];
  /** Indexes of the H.264 keyframes that are not IDR pictures (absent: none known). */
  nonIdr?: number[];
}

function deltas(values: number[]): number[] {
  return values.map((v, i) => (i === 0 ? v : v - values[i - 1]!));
}

function undelta(values: number[]): number[] {
  const out: number[] = [];
  for (const [i, v] of values.entries()) out.push(i === 0 ? v : out[i - 1]! + v);
  return out;
}

/** JSON text of the index. Pure. */
export function encodeKeyframeIndex(index: KeyframeIndex): string {
  const k = index.keyframes;
  const encoded: EncodedIndexV1 = {
    v: 1,
    timeBase: [index.timeBase.num, index.timeBase.den],
    frameRate: [index.frameRate.num, index.frameRate.den],
    totalFrames: index.totalFrames,
    firstPts: index.firstPts,
    frame: deltas(k.map((x) => x.frame)),
    pts: deltas(k.map((x) => x.pts)),
    dts: k.map((x) => x.dts),
    pos: k.map((x) => x.pos),
    open: k.flatMap((x, i) => (x.openGop ? [i] : [])),
  };
  const nonIdr = k.flatMap((x, i) => (x.nonIdr ? [i] : []));
  if (nonIdr.length > 0) encoded.nonIdr = nonIdr;
  const patterns = new Map<string, number>();
  const prefix = k.map((x) => {
    if (!x.prefixEnds) return -1;
    const key = x.prefixEnds.join(',');
    if (!patterns.has(key)) patterns.set(key, patterns.size);
    return patterns.get(key)!;
  });
  if (patterns.size > 0) {
    encoded.prefix = prefix;
    encoded.patterns = [...patterns.keys()].map((key) => (key ? key.split(',').map(Number) : []));
  }
  return JSON.stringify(encoded);
}

/** Parses what encodeKeyframeIndex wrote. Pure. */
export function decodeKeyframeIndex(text: string): KeyframeIndex {
  const e = JSON.parse(text) as EncodedIndexV1;
  if (e.v !== 1) throw new Error(`unknown keyframe index version ${String(e.v)}`);
  const frames = undelta(e.frame);
  const pts = undelta(e.pts);
  const open = new Set(e.open);
  const nonIdr = new Set(e.nonIdr ?? []);
  return {
    timeBase: { num: e.timeBase[0], den: e.timeBase[1] },
    frameRate: { num: e.frameRate[0], den: e.frameRate[1] },
    totalFrames: e.totalFrames,
    firstPts: e.firstPts,
    keyframes: frames.map((frame, i) => {
      const keyframe: Keyframe = {
        frame,
        pts: pts[i]!,
        dts: e.dts[i] ?? null,
        pos: e.pos[i] ?? null,
        openGop: open.has(i),
      };
      const pattern = e.patterns?.[e.prefix?.[i] ?? -1];
      if (pattern) keyframe.prefixEnds = [...pattern];
      if (nonIdr.has(i)) keyframe.nonIdr = true;
      return keyframe;
    }),
  };
}

export async function writeKeyframeIndex(path: string, index: KeyframeIndex): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, encodeKeyframeIndex(index), { flush: true });
  await rename(tmp, path);
}

export async function readKeyframeIndex(path: string): Promise<KeyframeIndex> {
  return decodeKeyframeIndex(await readFile(path, 'utf8'));
}

/** MediaInfo completed with what only the index knows: the longest GOP in frames. Pure. */
export function withGopSize(info: MediaInfo, index: KeyframeIndex): MediaInfo {
  return { ...info, video: { ...info.video, gopSize: maxGopLength(index) } };
}
